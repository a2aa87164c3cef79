package dev.bosun.support;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Sends HTTP requests to a SaaS API with bosun's retry rules: 429 after {@code Retry-After}, 5xx
 * and connection failures with capped backoff, all inside one overall deadline.
 */
public final class HttpRetry {

  private final HttpClient client;
  private final String system;
  private final Backoff backoff;
  private final Duration deadline;
  private final int maxAttempts;
  private final Sleeper sleeper;
  private final Clock clock;
  private final Consumer<String> progress;

  /**
   * @param system names the outside system in errors ("Slack", "GitHub", "ARM")
   * @param deadline overall time for all attempts together
   * @param progress receives one line per retry, for the log
   */
  public HttpRetry(
      HttpClient client,
      String system,
      Backoff backoff,
      Duration deadline,
      int maxAttempts,
      Sleeper sleeper,
      Clock clock,
      Consumer<String> progress) {
    this.client = client;
    this.system = system;
    this.backoff = backoff;
    this.deadline = deadline;
    this.maxAttempts = maxAttempts;
    this.sleeper = sleeper;
    this.clock = clock;
    this.progress = progress;
  }

  public static HttpRetry standard(
      HttpClient client, String system, Duration deadline, Consumer<String> progress) {
    return new HttpRetry(
        client, system, Backoff.standard(), deadline, 6, Sleeper.REAL, Clock.systemUTC(), progress);
  }

  /**
   * Sends until a response that is not 429 or 5xx arrives, attempts run out, or the deadline
   * passes. The last response is returned as it is, so the caller can explain a 4xx or a final 5xx.
   */
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    Instant end = clock.instant().plus(deadline);
    for (int attempt = 1; ; attempt++) {
      HttpResponse<T> response = null;
      IOException failure = null;
      try {
        response = client.send(request, handler);
      } catch (IOException e) {
        failure = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new OutsideSystemException(
            system, system + " call interrupted: " + request.method() + " " + safeUri(request));
      }
      boolean retryable =
          failure != null || response.statusCode() == 429 || response.statusCode() >= 500;
      if (!retryable) {
        return response;
      }
      Duration wait =
          response != null && response.statusCode() == 429
              ? retryAfter(response, clock.instant()).orElse(backoff.delay(attempt))
              : backoff.delay(attempt);
      String why = failure != null ? describe(failure) : "HTTP " + response.statusCode();
      boolean outOfTime = clock.instant().plus(wait).isAfter(end);
      if (attempt >= maxAttempts || outOfTime) {
        if (response != null) {
          return response;
        }
        throw new OutsideSystemException(
            system,
            system
                + " did not answer "
                + request.method()
                + " "
                + safeUri(request)
                + " after "
                + attempt
                + " attempt(s): "
                + why,
            failure);
      }
      progress.accept(
          system
              + ": "
              + why
              + " on "
              + request.method()
              + " "
              + safeUri(request)
              + "; retry "
              + attempt
              + " in "
              + Durations.format(wait));
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new OutsideSystemException(
            system, system + " call interrupted while waiting to retry");
      }
    }
  }

  /** Reads {@code Retry-After} as seconds or an HTTP date. */
  static Optional<Duration> retryAfter(HttpResponse<?> response, Instant now) {
    return response
        .headers()
        .firstValue("Retry-After")
        .flatMap(
            v -> {
              String value = v.trim();
              try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value))));
              } catch (NumberFormatException notSeconds) {
                try {
                  ZonedDateTime at =
                      ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                  Duration d = Duration.between(now, at.toInstant());
                  return Optional.of(d.isNegative() ? Duration.ZERO : d);
                } catch (RuntimeException notDate) {
                  return Optional.empty();
                }
              }
            });
  }

  private static String describe(IOException e) {
    String name = e.getClass().getSimpleName();
    return e.getMessage() == null ? name : name + ": " + e.getMessage();
  }

  /** The URI without query or user info, which may hold tokens. */
  public static String safeUri(HttpRequest request) {
    var uri = request.uri();
    return uri.getScheme()
        + "://"
        + uri.getHost()
        + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
        + uri.getRawPath();
  }
}
