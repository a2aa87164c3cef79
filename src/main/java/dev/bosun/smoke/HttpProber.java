package dev.bosun.smoke;

import dev.bosun.cli.BuildInfo;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Probes {@link HttpCheck}s with the JDK {@link HttpClient}; every attempt, body included, is bounded by its timeout. */
final class HttpProber implements Prober<HttpCheck> {

  private final HttpClient client;

  HttpProber(HttpClient client) {
    this.client = client;
  }

  /** HTTP/1.1 (no h2c upgrade dance with plain-http services), redirects followed as curl -L would. */
  static HttpClient client(Duration connectTimeout) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(connectTimeout)
        .build();
  }

  @Override
  public Outcome probe(HttpCheck check, Duration timeout) throws InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(check.url())
        .timeout(timeout)
        .method(check.method(), check.body().map(HttpRequest.BodyPublishers::ofString)
            .orElse(HttpRequest.BodyPublishers.noBody()));
    check.headers().forEach(request::header);
    if (check.headers().keySet().stream().noneMatch("user-agent"::equalsIgnoreCase)) {
      request.header("User-Agent", "bosun-smoke-check/" + BuildInfo.version());
    }
    long start = System.nanoTime();
    CompletableFuture<HttpResponse<String>> pending =
        client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    try {
      // the request timeout covers the headers only; this bounds the body too
      HttpResponse<String> response = pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return check.expect().judge(response.statusCode(), response.body(), millisSince(start));
    } catch (TimeoutException e) {
      pending.cancel(true);
      return Outcome.failed(null, millisSince(start), noAnswer(timeout), null);
    } catch (ExecutionException e) {
      return Outcome.failed(null, millisSince(start), describe(e.getCause(), timeout), null);
    } catch (InterruptedException e) {
      pending.cancel(true);
      throw e;
    }
  }

  /** Short, stable reasons for transport failures; the JDK's messages are often empty or internal. */
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
