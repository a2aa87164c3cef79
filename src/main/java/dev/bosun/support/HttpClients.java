package dev.bosun.support;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The one place bosun builds JDK {@link HttpClient}s, so settings every client needs (timeouts, and
 * later TLS and proxy options) are made once. Callers add only what differs: redirects, the
 * protocol version, a TLS context.
 */
public final class HttpClients {

  /** How long a TCP and TLS connect may take before a request fails. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private HttpClients() {}

  /**
   * A builder with bosun's defaults: {@link #CONNECT_TIMEOUT} and no redirects (a redirect could
   * carry a token or a webhook URL elsewhere; a caller that wants them says so).
   */
  public static HttpClient.Builder builder() {
    return HttpClient.newBuilder()
        .connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER);
  }

  /** A client with bosun's defaults. */
  public static HttpClient standard() {
    return builder().build();
  }
}
