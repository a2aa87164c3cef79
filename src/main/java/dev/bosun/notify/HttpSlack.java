package dev.bosun.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bosun.support.Backoff;
import dev.bosun.support.HttpRetry;
import dev.bosun.support.Json;
import dev.bosun.support.OutsideSystemException;
import dev.bosun.support.Sleeper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@link Slack} over the JDK HttpClient: webhooks answer {@code ok} or a plain-text error code; the
 * Web API answers {@code {"ok":false,"error":"…"}}. Retries (429 after Retry-After, 5xx, resets)
 * come from {@link HttpRetry}.
 */
public final class HttpSlack implements Slack {

  /** One request may take this long before it is abandoned and retried. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** Even when the commit lookup ate its share, the message gets one real try. */
  static final Duration MIN_BUDGET = Duration.ofSeconds(1);

  private static final ObjectMapper JSON = Json.mapper();
  private static final int MAX_ATTEMPTS = 6;

  private final HttpClient client;
  private final Supplier<Duration> budget;
  private final Backoff backoff;
  private final Sleeper sleeper;
  private final Consumer<String> progress;

  /**
   * Package-private seam: tests pass a quick backoff and a recording sleeper.
   *
   * @param budget the time left for one send, all attempts together
   */
  HttpSlack(
      HttpClient client,
      Supplier<Duration> budget,
      Backoff backoff,
      Sleeper sleeper,
      Consumer<String> progress) {
    this.client = client;
    this.budget = budget;
    this.backoff = backoff;
    this.sleeper = sleeper;
    this.progress = progress;
  }

  /**
   * Real waits and the standard backoff; {@code budget} says how much of the overall timeout is
   * left.
   */
  public static HttpSlack create(
      HttpClient client, Supplier<Duration> budget, Consumer<String> progress) {
    return new HttpSlack(client, budget, Backoff.standard(), Sleeper.REAL, progress);
  }

  @Override
  public SlackReply send(SlackTarget target, ObjectNode payload) {
    Duration timeout = max(budget.get(), MIN_BUDGET);
    HttpRetry retry =
        new HttpRetry(
            client, "Slack", backoff, timeout, MAX_ATTEMPTS, sleeper, Clock.systemUTC(), progress);
    Duration perRequest = min(timeout, REQUEST_TIMEOUT);
    return switch (target) {
      case SlackTarget.Webhook webhook -> webhook(retry, perRequest, webhook, payload);
      case SlackTarget.Bot bot -> webApi(retry, perRequest, bot, payload);
    };
  }

  private SlackReply webhook(
      HttpRetry retry, Duration perRequest, SlackTarget.Webhook webhook, ObjectNode payload) {
    HttpRequest request = post(webhook.url(), perRequest, payload).build();
    HttpResponse<String> response;
    try {
      response = retry.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (OutsideSystemException e) {
      return SlackReply.refused("connection_failed", List.of(e.getMessage()));
    }
    String body = response.body() == null ? "" : response.body().strip();
    if (response.statusCode() == 200 && body.equals("ok")) {
      return SlackReply.accepted(Optional.empty(), Optional.empty(), List.of());
    }
    if (response.statusCode() == 429) {
      return SlackReply.refused("ratelimited", List.of());
    }
    // webhook errors are a bare code such as "invalid_payload" or "no_service"
    if (body.matches("[a-z_]{2,64}")) {
      return SlackReply.refused(body, List.of("HTTP " + response.statusCode()));
    }
    return SlackReply.refused(
        "http_" + response.statusCode(), body.isEmpty() ? List.of() : List.of(excerpt(body)));
  }

  private SlackReply webApi(
      HttpRetry retry, Duration perRequest, SlackTarget.Bot bot, ObjectNode payload) {
    ObjectNode body = payload.deepCopy();
    body.put("channel", bot.channel());
    bot.threadTs().ifPresent(ts -> body.put("thread_ts", ts));
    bot.updateTs().ifPresent(ts -> body.put("ts", ts));
    URI uri = URI.create(stripSlash(bot.apiBase().toString()) + "/" + bot.method());
    HttpRequest request =
        post(uri, perRequest, body).header("Authorization", "Bearer " + bot.token()).build();
    HttpResponse<String> response;
    try {
      response = retry.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (OutsideSystemException e) {
      return SlackReply.refused("connection_failed", List.of(e.getMessage()));
    }
    if (response.statusCode() == 429) {
      return SlackReply.refused("ratelimited", List.of());
    }
    JsonNode answer;
    try {
      answer = JSON.readTree(response.body() == null ? "" : response.body());
    } catch (IOException e) {
      answer = null;
    }
    if (answer == null || !answer.isObject() || !answer.has("ok")) {
      return SlackReply.refused(
          "http_" + response.statusCode(),
          response.body() == null || response.body().isBlank()
              ? List.of()
              : List.of(excerpt(response.body())));
    }
    List<String> warnings = new ArrayList<>();
    text(answer, "warning").ifPresent(warnings::add);
    answer.path("response_metadata").path("warnings").forEach(w -> warnings.add(w.asText()));
    if (answer.path("ok").asBoolean(false)) {
      return SlackReply.accepted(
          text(answer, "ts"), text(answer, "channel"), warnings.stream().distinct().toList());
    }
    List<String> details = new ArrayList<>();
    answer.path("response_metadata").path("messages").forEach(m -> details.add(m.asText()));
    text(answer, "needed").ifPresent(n -> details.add("needed scope: " + n));
    text(answer, "provided").ifPresent(p -> details.add("token scopes: " + p));
    return SlackReply.refused(text(answer, "error").orElse("unknown_error"), details);
  }

  private static HttpRequest.Builder post(URI uri, Duration perRequest, ObjectNode payload) {
    return HttpRequest.newBuilder(uri)
        .timeout(perRequest)
        .header("Content-Type", "application/json; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString(payload.toString(), StandardCharsets.UTF_8));
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() || v.asText().isEmpty()
        ? Optional.empty()
        : Optional.of(v.asText());
  }

  private static String excerpt(String body) {
    String oneLine = body.strip().replaceAll("\\s+", " ");
    return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
