package dev.bosun.migrate;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A migration version compared numerically part by part, so {@code 2 < 10} and {@code 015 == 15},
 * as Flyway orders them.
 */
public record Version(String text, List<BigInteger> parts) implements Comparable<Version> {

  private static final Pattern FORM = Pattern.compile("\\d+([._]\\d+)*");

  public Version {
    parts = List.copyOf(parts);
  }

  /**
   * Parses {@code 015}, {@code 1.2.3}, {@code 1_2} or a timestamp such as {@code 20240101120000};
   * null when it is not one.
   */
  public static Version parseOrNull(String text) {
    if (text == null || !FORM.matcher(text).matches()) {
      return null;
    }
    String canonical = text.replace('_', '.');
    List<BigInteger> parts = new ArrayList<>();
    for (String p : canonical.split("\\.")) {
      parts.add(new BigInteger(p));
    }
    // trailing zero parts do not make a different version: 1.0 == 1
    while (parts.size() > 1 && parts.get(parts.size() - 1).signum() == 0) {
      parts.remove(parts.size() - 1);
    }
    return new Version(canonical, parts);
  }

  public static Version parse(String input, String text) {
    Version v = parseOrNull(text);
    if (v == null) {
      throw new dev.bosun.support.BadInputException(
          input,
          "Input '"
              + input
              + "' is not a migration version: '"
              + text
              + "'. Use digits, optionally dotted: 15, 015, 1.2.3 or a timestamp such as 20240101120000.");
    }
    return v;
  }

  @Override
  public int compareTo(Version o) {
    if (parts.size() == 1 && o.parts.size() == 1) {
      return parts.get(0).compareTo(o.parts.get(0)); // the common case: NNN_ and timestamps
    }
    int n = Math.max(parts.size(), o.parts.size());
    for (int i = 0; i < n; i++) {
      BigInteger a = i < parts.size() ? parts.get(i) : BigInteger.ZERO;
      BigInteger b = i < o.parts.size() ? o.parts.get(i) : BigInteger.ZERO;
      int c = a.compareTo(b);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Version v && compareTo(v) == 0;
  }

  @Override
  public int hashCode() {
    return parts.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
