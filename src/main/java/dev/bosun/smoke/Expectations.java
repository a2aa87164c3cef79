package dev.bosun.smoke;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.bosun.actions.Printable;
import dev.bosun.support.Durations;
import dev.bosun.support.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an HTTP response must look like: status, body text, JSON fields, version and latency.
 *
 * @param status accepted statuses
 * @param bodyContains text the body must contain, if any
 * @param json assertions on the body parsed as JSON
 * @param version the SHA or tag the service must report (see {@link VersionMatch}), if any
 * @param maxLatency the longest an answer may take, if limited
 * @param retryOn 4xx statuses to keep retrying besides {@link #RETRIED_4XX} (other 4xx answers end
 *     the check)
 */
public record Expectations(
    StatusSet status,
    Optional<String> bodyContains,
    List<JsonAssertion> json,
    Optional<String> version,
    Optional<Duration> maxLatency,
    StatusSet retryOn) {

  /** The 4xx answers that can change by waiting: timeout, too early, too many requests. */
  public static final StatusSet RETRIED_4XX = StatusSet.parse("retry-on", "408,425,429");

  public Expectations {
    json = List.copyOf(json);
  }

  /** Expectations that retry only the 4xx answers of {@link #RETRIED_4XX}. */
  public Expectations(
      StatusSet status,
      Optional<String> bodyContains,
      List<JsonAssertion> json,
      Optional<String> version,
      Optional<Duration> maxLatency) {
    this(status, bodyContains, json, version, maxLatency, StatusSet.none());
  }

  /** The same expectations, retrying {@code retryOn} too. */
  public Expectations withRetryOn(StatusSet retryOn) {
    return new Expectations(status, bodyContains, json, version, maxLatency, retryOn);
  }

  /**
   * Whether an answer with {@code statusCode} that failed can pass by waiting: everything but a
   * 4xx, unless the 4xx is expected, is one of {@link #RETRIED_4XX}, or is listed in {@code
   * retryOn}. A 404 or 401 does not change by waiting, so the check fails at once instead of
   * retrying until the deadline.
   */
  public boolean retries(int statusCode) {
    return statusCode < 400
        || statusCode > 499
        || status.accepts(statusCode)
        || RETRIED_4XX.accepts(statusCode)
        || retryOn.accepts(statusCode);
  }

  /** HTTP 200 and nothing else. */
  public static Expectations ok() {
    return new Expectations(
        StatusSet.ok(),
        Optional.empty(),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        StatusSet.none());
  }

  /** Judges one response read whole. */
  public Outcome judge(int statusCode, String body, long latencyMs) {
    return judge(statusCode, body, false, latencyMs);
  }

  /**
   * Judges one response; all failed expectations are listed, so one look tells the whole story.
   * When the body was {@code cut} (longer than smoke-check reads), the assertions on it say so.
   */
  public Outcome judge(int statusCode, String body, boolean cut, long latencyMs) {
    List<String> problems = new ArrayList<>();
    String whole = cut ? " in its first " + ResponseBody.CAP_TEXT + " (the rest was not read)" : "";
    if (!status.accepts(statusCode)) {
      problems.add("HTTP " + statusCode + ", expected " + status);
    }
    bodyContains
        .filter(text -> body == null || !body.contains(text))
        .ifPresent(text -> problems.add("body does not contain " + Printable.quoted(text) + whole));
    if (!json.isEmpty() || version.isPresent()) {
      Optional<JsonNode> doc = cut ? Optional.empty() : parse(body);
      if (doc.isEmpty()
          && version.isPresent()
          && json.isEmpty()
          && body != null
          && !cut
          && VersionMatch.matches(version.get(), body)) {
        // a plain-text /version endpoint that answers just the SHA is fine too
      } else if (cut) {
        problems.add(
            "body is longer than "
                + ResponseBody.CAP_TEXT
                + ", which is all smoke-check reads, so it was "
                + "cut and its JSON cannot be checked");
      } else if (doc.isEmpty()) {
        problems.add("body is not a JSON object or array");
      } else {
        json.forEach(a -> a.check(doc.get()).ifPresent(problems::add));
        version.flatMap(v -> VersionMatch.check(v, doc.get())).ifPresent(problems::add);
      }
    }
    maxLatency
        .filter(max -> latencyMs > max.toMillis())
        .ifPresent(
            max ->
                problems.add(
                    "took " + latencyMs + "ms, more than max-latency " + Durations.format(max)));
    if (!problems.isEmpty() && !retries(statusCode)) {
      problems.add(
          "not retried: a "
              + statusCode
              + " does not change by waiting (add "
              + statusCode
              + " to retry-on to keep trying)");
    }
    Outcome outcome =
        problems.isEmpty()
            ? Outcome.passed(statusCode, latencyMs)
            : Outcome.failed(statusCode, latencyMs, String.join("; ", problems), body);
    return outcome.withBodyCut(cut);
  }

  private static Optional<JsonNode> parse(String body) {
    if (body == null || body.isBlank()) {
      return Optional.empty();
    }
    try {
      JsonNode node = Json.mapper().readTree(body);
      return node != null && node.isContainerNode() ? Optional.of(node) : Optional.empty();
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }
}
