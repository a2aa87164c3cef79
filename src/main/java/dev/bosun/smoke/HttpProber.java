package dev.bosun.smoke;

import dev.bosun.support.BuildInfo;
import dev.bosun.support.HttpClients;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * Probes {@link HttpCheck}s with the JDK {@link HttpClient}; every attempt, body included, is
 * bounded by its timeout. Closing it shuts down the clients it made.
 */
final class HttpProber implements Prober<HttpCheck>, AutoCloseable {

  private final Lazy plain;
  private final Lazy tls;

  /** One client for every URL, owned by the caller (tests pass their own). */
  HttpProber(HttpClient client) {
    this.plain = new Lazy(() -> client, false);
    this.tls = plain;
  }

  /** One client for every URL, made on first use by {@code make} and shut down on close. */
  HttpProber(Supplier<HttpClient> make) {
    this.plain = new Lazy(make, true);
    this.tls = plain;
  }

  /**
   * Clients made on first use: one for https, and one for plain http that never builds the default
   * TLS context, whose trust store takes a noticeable share of a smoke step's start-up.
   */
  HttpProber(Duration connectTimeout) {
    this(connectTimeout, Optional.empty());
  }

  /** As {@link #HttpProber(Duration)}, through {@code proxy} when one is given. */
  HttpProber(Duration connectTimeout, Optional<ProxySelector> proxy) {
    this.plain =
        new Lazy(
            () ->
                builder(connectTimeout, proxy)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .sslContext(Unused.CONTEXT)
                    .sslParameters(new SSLParameters())
                    .build(),
            true);
    this.tls = new Lazy(() -> builder(connectTimeout, proxy).build(), true);
  }

  /**
   * Stops the clients' selector threads. Besides freeing them, this saves 300 ms at exit: the JVM
   * waits that long for threads still in native code, and an idle client's selector thread sits in
   * {@code epoll_wait}.
   */
  @Override
  public void close() {
    plain.close();
    tls.close();
  }

  /**
   * HTTP/1.1 (no h2c upgrade dance with plain-http services), redirects followed as curl -L would.
   */
  static HttpClient.Builder builder(Duration connectTimeout, Optional<ProxySelector> proxy) {
    HttpClient.Builder b = builder(connectTimeout);
    proxy.ifPresent(b::proxy);
    return b;
  }

  static HttpClient.Builder builder(Duration connectTimeout) {
    return HttpClients.builder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(connectTimeout);
  }

  /** A client made on first use, shut down on close when this prober made it. */
  private static final class Lazy {
    private final Supplier<HttpClient> make;
    private final boolean owned;
    private HttpClient client;

    Lazy(Supplier<HttpClient> make, boolean owned) {
      this.make = make;
      this.owned = owned;
    }

    synchronized HttpClient get() {
      if (client == null) {
        client = make.get();
      }
      return client;
    }

    synchronized void close() {
      if (owned && client != null) {
        client.shutdownNow();
        try {
          client.awaitTermination(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        client = null;
      }
    }
  }

  /**
   * The plain client's TLS context: never initialised, as that client never makes a TLS connection.
   */
  private static final class Unused {
    static final SSLContext CONTEXT = create();

    private static SSLContext create() {
      try {
        return SSLContext.getInstance("TLS");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Override
  public Outcome probe(HttpCheck check, Duration timeout) throws InterruptedException {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(withoutUserInfo(check.url()))
            .timeout(timeout)
            .method(
                check.method(),
                check
                    .body()
                    .map(HttpRequest.BodyPublishers::ofString)
                    .orElse(HttpRequest.BodyPublishers.noBody()));
    check.headers().forEach(builder::header);
    if (check.url().getRawUserInfo() != null
        && check.headers().keySet().stream().noneMatch("authorization"::equalsIgnoreCase)) {
      // as curl does with https://user:password@host/: basic auth, and the credentials never go on
      // the request line
      builder.header(
          "Authorization",
          "Basic "
              + java.util.Base64.getEncoder()
                  .encodeToString(
                      check.url().getUserInfo().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
    if (check.headers().keySet().stream().noneMatch("user-agent"::equalsIgnoreCase)) {
      builder.header("User-Agent", "bosun-smoke-check/" + BuildInfo.version());
    }
    HttpRequest request = builder.build();
    boolean https = "https".equalsIgnoreCase(check.url().getScheme());
    // the client is made (and its TLS context loaded) before the clock starts: latency is the
    // request's alone
    HttpClient client = https ? tls.get() : plain.get();
    long start = System.nanoTime();
    long end = start + timeout.toNanos();
    try {
      HttpResponse<ResponseBody> response = exchange(client, request, end);
      if (!https
          && isRedirect(response.statusCode())
          && !check.expect().status().accepts(response.statusCode())) {
        // the plain client follows no redirects (it cannot do TLS); the full one follows them, to
        // https too
        long firstHop = System.nanoTime() - start;
        HttpClient full = tls.get();
        start = System.nanoTime() - firstHop;
        response = exchange(full, request, end);
      }
      ResponseBody body = response.body();
      return check
          .expect()
          .judge(response.statusCode(), body.text(), body.cut(), millisSince(start));
    } catch (TimeoutException e) {
      return Outcome.failed(null, millisSince(start), noAnswer(timeout), null);
    } catch (ExecutionException e) {
      return Outcome.failed(null, millisSince(start), describe(e.getCause(), timeout), null);
    }
  }

  /** {@code url} without its {@code user:password@} part. */
  static java.net.URI withoutUserInfo(java.net.URI url) {
    if (url.getRawUserInfo() == null) {
      return url;
    }
    String raw = url.toString();
    int at = raw.indexOf('@', raw.indexOf("://") + 3);
    return java.net.URI.create(url.getScheme() + "://" + raw.substring(at + 1));
  }

  /**
   * Sends and waits until {@code endNanos}: the request timeout covers the headers only, this
   * bounds the body too.
   */
  private static HttpResponse<ResponseBody> exchange(
      HttpClient client, HttpRequest request, long endNanos)
      throws InterruptedException, ExecutionException, TimeoutException {
    CompletableFuture<HttpResponse<ResponseBody>> pending =
        client.sendAsync(request, ResponseBody.handler(ResponseBody.CAP));
    try {
      return pending.get(Math.max(0, endNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | InterruptedException e) {
      pending.cancel(true);
      throw e;
    }
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  /**
   * Short, stable reasons for transport failures; the JDK's messages are often empty or internal.
   */
  static String describe(Throwable cause, Duration timeout) {
    if (cause instanceof HttpConnectTimeoutException) {
      return "connect timed out after " + dev.bosun.support.Durations.format(timeout);
    }
    if (cause instanceof HttpTimeoutException) {
      return noAnswer(timeout);
    }
    if (cause instanceof ConnectException) {
      Throwable root = cause.getCause() == null ? cause : cause.getCause();
      return root instanceof UnresolvedAddressException ? "host not found" : "connection refused";
    }
    if (cause instanceof IOException io && io.getMessage() != null) {
      return "connection failed: " + io.getMessage();
    }
    return "connection failed: " + cause.getClass().getSimpleName();
  }

  private static String noAnswer(Duration timeout) {
    return "no answer within request-timeout " + dev.bosun.support.Durations.format(timeout);
  }

  private static long millisSince(long start) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }
}
