package dev.bosun.actions;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Credentials written into URLs ({@code https://user:password@host/}): whatever input they arrive
 * in, they are masked before anything is printed, as a runner user expects of a password wherever
 * it appears.
 */
public final class UserInfo {

  private static final Pattern USERINFO =
      Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://([^/?#@\\s]+)@");

  private UserInfo() {}

  /**
   * The user-info parts of every URL in {@code text}: the whole {@code user:password} and the
   * password alone.
   */
  public static List<String> secrets(String text) {
    List<String> found = new ArrayList<>();
    if (text == null || !text.contains("@")) {
      return found;
    }
    Matcher m = USERINFO.matcher(text);
    while (m.find()) {
      String info = m.group(1);
      found.add(info);
      int colon = info.indexOf(':');
      if (colon >= 0 && colon + 1 < info.length()) {
        found.add(info.substring(colon + 1));
      }
    }
    return found;
  }
}
