package dev.bosun.deploy.gitops;

import com.fasterxml.jackson.databind.JsonNode;

/** The one Argo CD call a deploy needs: an application's sync, health and last operation. */
public interface ArgoCd {

  /**
   * {@code GET /api/v1/applications/{name}}; with {@code refresh}, asks Argo CD to compare with git
   * again first, so a just-pushed commit is seen without waiting for the polling interval.
   */
  AppStatus application(String name, boolean refresh);

  /** The fields of v1alpha1Application's status that tell whether a commit is live. */
  record AppStatus(
      String syncStatus,
      String syncRevision,
      String health,
      String healthMessage,
      String operationPhase,
      String operationMessage,
      String operationRevision) {

    static AppStatus parse(JsonNode app) {
      JsonNode status = app.path("status");
      JsonNode op = status.path("operationState");
      String opRevision =
          op.path("syncResult")
              .path("revision")
              .asText(op.path("operation").path("sync").path("revision").asText(""));
      return new AppStatus(
          status.path("sync").path("status").asText("Unknown"),
          status.path("sync").path("revision").asText(""),
          status.path("health").path("status").asText("Unknown"),
          status.path("health").path("message").asText(""),
          op.path("phase").asText(""),
          op.path("message").asText(""),
          opRevision);
    }

    public String describe() {
      return "sync "
          + syncStatus
          + (syncRevision.isEmpty() ? "" : " at " + abbrev(syncRevision))
          + ", health "
          + health
          + (operationPhase.isEmpty() ? "" : ", last operation " + operationPhase);
    }

    static String abbrev(String sha) {
      return sha.length() > 12 ? sha.substring(0, 12) : sha;
    }
  }
}
