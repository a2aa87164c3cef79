package dev.bosun.smoke;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/** The results of one smoke run, in the order the checks were given. */
public record SmokeReport(List<CheckResult> results, long elapsedMs) {

  public SmokeReport {
    results = List.copyOf(results);
  }

  public boolean passed() {
    return results.stream().allMatch(CheckResult::ok);
  }

  public List<CheckResult> failures() {
    return results.stream().filter(r -> !r.ok()).toList();
  }

  /**
   * The {@code results} output: a JSON array of {name, url, status, attempts, latency_ms, ok,
   * reason, body_cut}.
   */
  public String toJson() {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
      g.writeStartArray();
      for (CheckResult r : results) {
        g.writeStartObject();
        g.writeStringField("name", r.name());
        g.writeStringField("url", r.target());
        if (r.status() == null) {
          g.writeNullField("status");
        } else {
          g.writeNumberField("status", r.status());
        }
        g.writeNumberField("attempts", r.attempts());
        g.writeNumberField("latency_ms", r.latencyMs());
        g.writeBooleanField("ok", r.ok());
        g.writeStringField("reason", r.reason());
        g.writeBooleanField("body_cut", r.bodyCut());
        g.writeEndObject();
      }
      g.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
