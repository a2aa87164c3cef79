package dev.bosun.deploy.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of an apps/v1 Deployment that a rollout reads, parsed from the API's JSON at the
 * boundary.
 */
public record Deployment(
    String name,
    String uid,
    long generation,
    long observedGeneration,
    Optional<Integer> specReplicas,
    int replicas,
    int updatedReplicas,
    int availableReplicas,
    Map<String, String> containers,
    Optional<Long> revision,
    Map<String, String> selector,
    List<Condition> conditions,
    boolean paused,
    JsonNode template) {

  /**
   * The annotation the Deployment controller keeps the current revision in, on Deployments and
   * ReplicaSets.
   */
  static final String REVISION = "deployment.kubernetes.io/revision";

  public Deployment {
    containers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(containers));
    selector = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(selector));
    conditions = List.copyOf(conditions);
  }

  /** One entry of {@code status.conditions}. */
  public record Condition(String type, String status, String reason, String message) {}

  static Deployment parse(JsonNode d) {
    JsonNode meta = d.path("metadata");
    JsonNode spec = d.path("spec");
    JsonNode status = d.path("status");
    JsonNode template = spec.path("template");
    List<Condition> conditions = new ArrayList<>();
    status
        .path("conditions")
        .forEach(
            c ->
                conditions.add(
                    new Condition(
                        c.path("type").asText(""),
                        c.path("status").asText(""),
                        c.path("reason").asText(""),
                        c.path("message").asText(""))));
    Map<String, String> selector = new LinkedHashMap<>();
    spec.path("selector")
        .path("matchLabels")
        .properties()
        .forEach(e -> selector.put(e.getKey(), e.getValue().asText()));
    return new Deployment(
        meta.path("name").asText(""),
        meta.path("uid").asText(""),
        meta.path("generation").asLong(0),
        status.path("observedGeneration").asLong(0),
        spec.has("replicas") ? Optional.of(spec.path("replicas").asInt()) : Optional.empty(),
        status.path("replicas").asInt(0),
        status.path("updatedReplicas").asInt(0),
        status.path("availableReplicas").asInt(0),
        containers(template),
        revision(meta),
        selector,
        conditions,
        spec.path("paused").asBoolean(false),
        template);
  }

  static Map<String, String> containers(JsonNode template) {
    Map<String, String> out = new LinkedHashMap<>();
    template
        .path("spec")
        .path("containers")
        .forEach(c -> out.put(c.path("name").asText(""), c.path("image").asText("")));
    return out;
  }

  static Optional<Long> revision(JsonNode meta) {
    String r = meta.path("annotations").path(REVISION).asText("");
    try {
      return r.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(r));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  public Optional<Condition> condition(String type) {
    return conditions.stream().filter(c -> c.type().equals(type)).findFirst();
  }

  /** The selector as a label selector query ({@code app=api,tier=web}). */
  String labelSelector() {
    return String.join(
        ",", selector.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
  }
}
