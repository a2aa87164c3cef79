package dev.bosun.notify;

import dev.bosun.support.BadInputException;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Parses URL inputs that end up inside Slack links, where a space, {@code |} or {@code >} would
 * break the markup.
 */
final class SafeUrl {

  private SafeUrl() {}

  /**
   * Returns the URL if it is an absolute http(s) URL with nothing Slack's link syntax reserves.
   * {@code secret} keeps the value out of the message.
   */
  static URI parse(String input, String text, boolean secret) {
    String shown = secret ? "" : " '" + text + "'";
    String problem = null;
    URI uri = null;
    if (text.chars().anyMatch(c -> c <= ' ' || c == '|' || c == '<' || c == '>')) {
      problem = "contains a space, '|', '<' or '>'";
    } else {
      try {
        uri = new URI(text);
        if (uri.getScheme() == null
            || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))
            || uri.getHost() == null) {
          problem = "is not an absolute http(s) URL";
        } else if (uri.getPort() == 0 || uri.getPort() > 65535) {
          problem = "has port " + uri.getPort() + ", and a port is a number from 1 to 65535";
        }
      } catch (URISyntaxException e) {
        problem =
            "is not a URL ("
                + (secret ? "bad character at index " + e.getIndex() : e.getMessage())
                + ")";
      }
    }
    if (problem != null) {
      throw new BadInputException(
          input,
          "Input '"
              + input
              + "'"
              + shown
              + " "
              + problem
              + "; expected a URL such as https://example.com/path.");
    }
    return uri;
  }
}
