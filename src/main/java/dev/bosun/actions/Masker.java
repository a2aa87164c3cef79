package dev.bosun.actions;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Knows every secret value of this run and replaces it with {@code ***} in anything bosun writes,
 * so a secret stays hidden even on a laptop, where no runner masks it.
 */
public final class Masker {

  public static final String MASK = "***";
  private final List<String> secrets = new CopyOnWriteArrayList<>();

  /**
   * Registers a secret; returns true when it was new. Values shorter than 3 characters are ignored,
   * as masking them would garble the log.
   */
  public boolean add(String secret) {
    if (secret == null || secret.length() < 3 || secrets.contains(secret)) {
      return false;
    }
    secrets.add(secret);
    secrets.sort(Comparator.comparingInt(String::length).reversed());
    return true;
  }

  public String redact(String text) {
    if (text == null || secrets.isEmpty()) {
      return text;
    }
    String out = text;
    for (String s : secrets) {
      out = out.replace(s, MASK);
    }
    return out;
  }

  public List<String> secrets() {
    return List.copyOf(secrets);
  }
}
