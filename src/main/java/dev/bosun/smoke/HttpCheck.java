package dev.bosun.smoke;

import dev.bosun.support.BadInputException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An HTTP request and what its answer must look like.
 *
 * @param headers request headers, in order; values may be secret and are never printed by bosun
 * @param body request body for methods that send one, if any
 */
public record HttpCheck(
    String name,
    URI url,
    String method,
    Map<String, String> headers,
    Optional<String> body,
    Expectations expect)
    implements Check {

  /** Headers the JDK client sets itself and refuses to take from a caller. */
  static final Set<String> RESTRICTED =
      Set.of("connection", "content-length", "expect", "host", "upgrade");

  static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  public HttpCheck {
    headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  @Override
  public String target() {
    return url.toString();
  }

  /**
   * Every failure but a 4xx answer that waiting will not change (see {@link Expectations#retries}).
   */
  @Override
  public boolean retries(Outcome failed) {
    return failed.status() == null || expect.retries(failed.status());
  }

  /** Parses an absolute http(s) URL; the error names {@code input}. */
  public static URI parseUrl(String input, String text) {
    try {
      URI uri = new URI(text.trim());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
          throw new BadInputException(
              input,
              "Input '"
                  + input
                  + "': '"
                  + text
                  + "' has port "
                  + uri.getPort()
                  + "; a port is a number from 1 to 65535.");
        }
        return uri;
      }
    } catch (java.net.URISyntaxException ignored) {
      // reported below with the accepted form
    }
    throw new BadInputException(
        input,
        "Input '"
            + input
            + "': '"
            + text
            + "' is not an absolute http(s) URL. Write it as https://host[:port]/path.");
  }

  /** Checks an HTTP method name; the error names {@code input}. */
  public static String parseMethod(String input, String text) {
    String m = text.trim().toUpperCase(Locale.ROOT);
    if (!METHODS.contains(m)) {
      throw new BadInputException(
          input,
          "Input '"
              + input
              + "': method '"
              + text
              + "' is not one of "
              + String.join(", ", METHODS.stream().sorted().toList())
              + ".");
    }
    return m;
  }

  /** Refuses header names the HTTP client would reject, before any request is made. */
  public static void checkHeaderName(String input, String name) {
    if (!name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
      throw new BadInputException(
          input, "Input '" + input + "': '" + name + "' is not a valid header name.");
    }
    if (RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
      throw new BadInputException(
          input,
          "Input '"
              + input
              + "': header '"
              + name
              + "' is set by the HTTP client itself and cannot be overridden.");
    }
  }
}
