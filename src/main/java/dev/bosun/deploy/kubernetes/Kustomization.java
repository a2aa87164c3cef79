package dev.bosun.deploy.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Flux kustomize.toolkit.fluxcd.io Kustomization's readiness and the revision it last applied.
 */
public record Kustomization(
    String name,
    long generation,
    long observedGeneration,
    String ready,
    String reason,
    String message,
    String lastAppliedRevision,
    String lastAttemptedRevision) {

  static Kustomization parse(JsonNode k) {
    JsonNode status = k.path("status");
    String ready = "Unknown";
    String reason = "";
    String message = "";
    for (JsonNode c : status.path("conditions")) {
      if ("Ready".equals(c.path("type").asText())) {
        ready = c.path("status").asText("Unknown");
        reason = c.path("reason").asText("");
        message = c.path("message").asText("");
      }
    }
    return new Kustomization(
        k.path("metadata").path("name").asText(""),
        k.path("metadata").path("generation").asLong(0),
        status.path("observedGeneration").asLong(0),
        ready,
        reason,
        message,
        status.path("lastAppliedRevision").asText(""),
        status.path("lastAttemptedRevision").asText(""));
  }

  /**
   * Flux writes revisions as {@code main@sha1:<sha>} (v2) or {@code main/<sha>} (v1); both end in
   * the commit.
   */
  public boolean applied(String commit) {
    return lastAppliedRevision.endsWith(":" + commit)
        || lastAppliedRevision.endsWith("/" + commit)
        || lastAppliedRevision.equals(commit);
  }
}
