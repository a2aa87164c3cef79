package dev.bosun.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one place bosun builds JDK {@link HttpClient}s, so settings every client needs (timeouts, and
 * the proxy variables the runner's other tools honour: {@code HTTPS_PROXY}, {@code HTTP_PROXY} and
 * {@code NO_PROXY}, lower-case forms winning as in curl) are made once. Callers add only what
 * differs: redirects, the protocol version, a TLS context.
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

  /** {@link #builder()} with the proxy of {@code env} set, when it names one. */
  public static HttpClient.Builder builder(Map<String, String> env) {
    HttpClient.Builder b = builder();
    proxy(env).ifPresent(b::proxy);
    return b;
  }

  /**
   * The proxy selector {@code env} asks for, or empty when it sets no {@code HTTP(S)_PROXY}. A
   * proxy URL that cannot be read is bad input naming the variable.
   */
  public static Optional<ProxySelector> proxy(Map<String, String> env) {
    Optional<InetSocketAddress> https = address(env, "https_proxy");
    Optional<InetSocketAddress> http = address(env, "http_proxy");
    if (https.isEmpty() && http.isEmpty()) {
      return Optional.empty();
    }
    List<String> noProxy =
        Arrays.stream(variable(env, "no_proxy").orElse("").split(","))
            .map(s -> s.trim().toLowerCase(Locale.ROOT))
            .filter(s -> !s.isEmpty())
            .toList();
    return Optional.of(new EnvProxySelector(https, http, noProxy));
  }

  private static Optional<String> variable(Map<String, String> env, String lower) {
    String value = env.get(lower);
    if (value == null || value.isBlank()) {
      value = env.get(lower.toUpperCase(Locale.ROOT));
    }
    return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
  }

  private static Optional<InetSocketAddress> address(Map<String, String> env, String lower) {
    return variable(env, lower)
        .map(
            text -> {
              String name = lower.toUpperCase(Locale.ROOT);
              URI uri;
              try {
                uri = URI.create(text.contains("://") ? text : "http://" + text);
              } catch (IllegalArgumentException e) {
                throw new BadInputException(
                    name,
                    "The variable " + name + " is not a proxy URL such as http://proxy:3128.");
              }
              if (uri.getHost() == null || uri.getPort() > 65535) {
                throw new BadInputException(
                    name,
                    "The variable " + name + " is not a proxy URL such as http://proxy:3128.");
              }
              if (uri.getRawUserInfo() != null) {
                throw new BadInputException(
                    name,
                    "The variable "
                        + name
                        + " has credentials; bosun's HTTP clients do not send proxy credentials yet. "
                        + "Use a proxy that admits the runner without them.");
              }
              int port = uri.getPort() > 0 ? uri.getPort() : 80;
              return InetSocketAddress.createUnresolved(uri.getHost(), port);
            });
  }

  /**
   * Picks the proxy by the URL's scheme and skips it for {@code NO_PROXY} hosts: {@code *}, an
   * exact host, or a domain suffix ({@code example.com} and {@code .example.com} both match {@code
   * api.example.com}), each optionally with {@code :port}.
   */
  static final class EnvProxySelector extends ProxySelector {

    private final Optional<InetSocketAddress> https;
    private final Optional<InetSocketAddress> http;
    private final List<String> noProxy;

    EnvProxySelector(
        Optional<InetSocketAddress> https, Optional<InetSocketAddress> http, List<String> noProxy) {
      this.https = https;
      this.http = http;
      this.noProxy = List.copyOf(noProxy);
    }

    @Override
    public List<Proxy> select(URI uri) {
      boolean secure = "https".equalsIgnoreCase(uri.getScheme()) || "wss".equals(uri.getScheme());
      Optional<InetSocketAddress> proxy = secure ? https : http;
      if (proxy.isEmpty() || bypass(uri)) {
        return List.of(Proxy.NO_PROXY);
      }
      return List.of(new Proxy(Proxy.Type.HTTP, proxy.get()));
    }

    boolean bypass(URI uri) {
      String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      int port =
          uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
      for (String entry : noProxy) {
        if (entry.equals("*")) {
          return true;
        }
        String pattern = entry;
        int colon = entry.lastIndexOf(':');
        if (colon > 0
            && entry.indexOf(':') == colon
            && entry.substring(colon + 1).matches("\\d+")) {
          if (Integer.parseInt(entry.substring(colon + 1)) != port) {
            continue;
          }
          pattern = entry.substring(0, colon);
        }
        String domain = pattern.startsWith(".") ? pattern.substring(1) : pattern;
        if (host.equals(domain) || host.endsWith("." + domain)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
      // the client reports the failure itself; there is no other proxy to fall back to
    }
  }
}
