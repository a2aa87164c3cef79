package dev.bosun.deploy.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;

/**
 * A ReplicaSet a Deployment owns: its revision and pod template, which {@code rollout undo} goes
 * back to.
 */
public record ReplicaSet(
    String name,
    long revision,
    Optional<String> ownerUid,
    Map<String, String> containers,
    JsonNode template) {

  static ReplicaSet parse(JsonNode rs) {
    JsonNode meta = rs.path("metadata");
    Optional<String> owner = Optional.empty();
    for (JsonNode ref : meta.path("ownerReferences")) {
      if ("Deployment".equals(ref.path("kind").asText())
          && ref.path("controller").asBoolean(false)) {
        owner = Optional.of(ref.path("uid").asText());
      }
    }
    JsonNode template = rs.path("spec").path("template");
    return new ReplicaSet(
        meta.path("name").asText(""),
        Deployment.revision(meta).orElse(0L),
        owner,
        Deployment.containers(template),
        template);
  }
}
