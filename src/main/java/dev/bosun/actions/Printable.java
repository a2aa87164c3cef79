package dev.bosun.actions;

/**
 * Renders text for the job log so that only bosun decides where a line starts and which line is a
 * workflow command.
 *
 * <p>The runner splits its input on {@code \r} and {@code \n}, runs any line that starts with
 * {@code ::} once leading white space is dropped, and any line that holds {@code ##[} (the old
 * command syntax). A value shown in a log line therefore has its control characters escaped ({@link
 * #value}), and every line bosun prints that is not a command it built is neutralised on its way
 * out ({@link #line}), whatever a caller concatenated into it.
 */
public final class Printable {

  private Printable() {}

  /**
   * A value inside a log line: line breaks, other C0/C1 controls and bidi overrides become visible
   * escapes.
   */
  public static String value(Object value) {
    String s = String.valueOf(value);
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String escape = escape(c, false);
      if (escape != null && sb == null) {
        sb = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      if (sb != null) {
        sb.append(escape == null ? String.valueOf(c) : escape);
      }
    }
    return sb == null ? s : sb.toString();
  }

  /** A value in single quotes, escaped as {@link #value} does. */
  public static String quoted(Object value) {
    return "'" + value(value) + "'";
  }

  /**
   * One line as it leaves bosun (no {@code \n} in it): controls escaped (tabs kept), a leading
   * {@code ::} made inert by a backslash, and {@code ##[} broken up, so the runner never takes it
   * for a command.
   */
  public static String line(String line) {
    if (plain(line)) {
      return line; // the usual case, and every row of a long table: no copy
    }
    StringBuilder sb = new StringBuilder(line.length() + 4);
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      String escape = escape(c, true);
      if (escape == null) {
        sb.append(c);
      } else {
        sb.append(escape);
      }
    }
    int start = leadingSpace(sb);
    if (sb.length() - start >= 2 && sb.charAt(start) == ':' && sb.charAt(start + 1) == ':') {
      sb.insert(start, '\\');
    }
    for (int at = sb.indexOf("##["); at >= 0; at = sb.indexOf("##[", at)) {
      sb.insert(at + 1, '\\');
    }
    return sb.toString();
  }

  /**
   * Printable ASCII and tabs only, not starting with {@code ::} and without {@code ##[}: {@link
   * #line} leaves it as is.
   */
  private static boolean plain(String line) {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if ((c < 0x20 && c != '\t') || c >= 0x7f) {
        return false;
      }
    }
    return !isCommand(line);
  }

  /** True when the runner would read {@code line} as a workflow command (new or old syntax). */
  public static boolean isCommand(String line) {
    int start = leadingSpace(line);
    return line.startsWith("::", start) || line.contains("##[");
  }

  /**
   * How many leading characters the runner's {@code TrimStart} drops: .NET counts NBSP, NEL and
   * U+2028 as space.
   */
  static int leadingSpace(CharSequence s) {
    int i = 0;
    while (i < s.length()
        && (Character.isWhitespace(s.charAt(i))
            || Character.isSpaceChar(s.charAt(i))
            || s.charAt(i) == '\u0085'
            || s.charAt(i) == '\u200B'
            || s.charAt(i) == '\uFEFF')) {
      i++;
    }
    return i;
  }

  private static String escape(char c, boolean keepTab) {
    return switch (c) {
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      case '\t' -> keepTab ? null : "\\t";
      default ->
          c < 0x20
                  || (c >= 0x7f && c <= 0x9f)
                  || c == '\u2028'
                  || c == '\u2029'
                  || (c >= '\u202A' && c <= '\u202E')
                  || (c >= '\u2066' && c <= '\u2069')
              ? String.format("\\u%04x", (int) c)
              : null;
    };
  }
}
