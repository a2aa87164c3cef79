package dev.bosun.smoke;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bosun.actions.Printable;
import dev.bosun.support.Durations;
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
 */
public record Expectations(
    StatusSet status,
    Optional<String> bodyContains,
    List<JsonAssertion> json,
    Optional<String> version,
    Optional<Duration> maxLatency) {

  public Expectations {
    json = List.copyOf(json);
  }

  /** HTTP 200 and nothing else. */
  public static Expectations ok() {
    return new Expectations(
        StatusSet.ok(), Optional.empty(), List.of(), Optional.empty(), Optional.empty());
  }

  /** Judges one response; all failed expectations are listed, so one look tells the whole story. */
  public Outcome judge(int statusCode, String body, long latencyMs) {
    List<String> problems = new ArrayList<>();
    if (!status.accepts(statusCode)) {
      problems.add("HTTP " + statusCode + ", expected " + status);
    }
    bodyContains
        .filter(text -> body == null || !body.contains(text))
        .ifPresent(text -> problems.add("body does not contain " + Printable.quoted(text)));
    if (!json.isEmpty() || version.isPresent()) {
      Optional<JsonNode> doc = parse(body);
      if (doc.isEmpty()
          && version.isPresent()
          && json.isEmpty()
          && body != null
          && VersionMatch.matches(version.get(), body)) {
        // a plain-text /version endpoint that answers just the SHA is fine too
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
    return problems.isEmpty()
        ? Outcome.passed(statusCode, latencyMs)
        : Outcome.failed(statusCode, latencyMs, String.join("; ", problems), body);
  }

  private static Optional<JsonNode> parse(String body) {
    if (body == null || body.isBlank()) {
      return Optional.empty();
    }
    try {
      JsonNode node = Json.MAPPER.readTree(body);
      return node != null && node.isContainerNode() ? Optional.of(node) : Optional.empty();
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  /**
   * Created on first use: most checks never parse JSON, and start-up time matters for a smoke step.
   */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }
}
