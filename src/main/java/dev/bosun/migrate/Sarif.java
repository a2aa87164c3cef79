package dev.bosun.migrate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bosun.support.Json;
import java.nio.file.Path;
import java.util.List;

/**
 * Lint findings as SARIF 2.1.0, the format {@code github/codeql-action/upload-sarif} takes, so
 * findings show on the pull request's lines. Every rule is described (with how to fix it) whether
 * or not it found something; suppressed findings carry their reason as an in-source suppression,
 * which code scanning shows as dismissed.
 */
final class Sarif {

  static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
  static final String RULES_URI =
      "https://github.com/bosun-dev/bosun/blob/main/docs/db-migrate.md#lint-rules";
  private static final ObjectMapper JSON = Json.mapper();

  private Sarif() {}

  /**
   * @param root the repository root the file URIs are relative to (the workspace in Actions); files
   *     outside it get absolute {@code file:} URIs
   */
  static String render(List<Linter.Finding> findings, Path root) {
    ObjectNode log = JSON.createObjectNode();
    log.put("$schema", SCHEMA);
    log.put("version", "2.1.0");
    ObjectNode run = log.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "bosun db-migrate");
    driver.put("informationUri", RULES_URI);
    ArrayNode rules = driver.putArray("rules");
    for (LintRule r : LintRule.values()) {
      ObjectNode n = rules.addObject();
      n.put("id", r.id());
      n.putObject("shortDescription").put("text", r.problem());
      n.putObject("fullDescription").put("text", r.message());
      n.putObject("help").put("text", r.fix());
      n.put("helpUri", RULES_URI);
      n.putObject("defaultConfiguration").put("level", level(r));
      n.putObject("properties").putArray("tags").add(r.destructive() ? "destructive" : "locking");
    }
    Path base = GitChanges.real(root);
    ArrayNode results = run.putArray("results");
    for (Linter.Finding f : findings) {
      ObjectNode n = results.addObject();
      n.put("ruleId", f.rule().id());
      n.put("ruleIndex", f.rule().ordinal());
      n.put("level", level(f.rule()));
      n.putObject("message").put("text", f.message() + " Statement: " + f.statement());
      ObjectNode physical = n.putArray("locations").addObject().putObject("physicalLocation");
      Path file = GitChanges.real(Path.of(f.script()));
      ObjectNode artifact = physical.putObject("artifactLocation");
      if (file.startsWith(base)) {
        artifact.put("uri", uri(base.relativize(file)));
        artifact.put("uriBaseId", "%SRCROOT%");
      } else {
        artifact.put("uri", file.toUri().toString());
      }
      physical.putObject("region").put("startLine", Math.max(1, f.line()));
      f.suppression()
          .ifPresent(
              s ->
                  n.putArray("suppressions")
                      .addObject()
                      .put("kind", "inSource")
                      .put("justification", s.reason()));
    }
    return log.toPrettyString();
  }

  private static String level(LintRule r) {
    return r.destructive() ? "error" : "warning";
  }

  /**
   * A relative path as a URI reference: forward slashes, each segment percent-encoded where needed.
   */
  private static String uri(Path relative) {
    StringBuilder sb = new StringBuilder();
    for (Path part : relative) {
      sb.append(sb.isEmpty() ? "" : "/").append(encode(part.toString()));
    }
    return sb.toString();
  }

  private static String encode(String segment) {
    StringBuilder sb = new StringBuilder();
    for (byte b : segment.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 'a' && c <= 'z'
          || c >= 'A' && c <= 'Z'
          || c >= '0' && c <= '9'
          || "-._~".indexOf(c) >= 0) {
        sb.append((char) c);
      } else {
        sb.append('%').append(String.format("%02X", c));
      }
    }
    return sb.toString();
  }
}
