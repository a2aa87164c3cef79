package dev.bosun.notify;

/**
 * Slack mrkdwn escaping. Slack only gives meaning to {@code &}, {@code <} and {@code >}: escaping
 * them is enough to stop user text (commit messages, names) from mentioning {@code <!channel>} or
 * forging {@code <url|links>}.
 */
public final class Mrkdwn {

  private Mrkdwn() {}

  public static String escape(String text) {
    if (text == null) {
      return "";
    }
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /**
   * A link whose label is escaped; {@code url} must come from {@link SafeUrl} or from bosun itself.
   */
  public static String link(String url, String label) {
    return "<" + url + "|" + escape(label) + ">";
  }

  /**
   * Cuts {@code text} to {@code max} characters with an ellipsis, never splitting a surrogate pair.
   */
  static String truncate(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = max - 1;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + "…";
  }
}
