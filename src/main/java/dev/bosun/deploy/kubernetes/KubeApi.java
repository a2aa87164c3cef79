package dev.bosun.deploy.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * The Kubernetes API calls a deploy needs: read and patch Deployments, read their ReplicaSets and
 * Flux's status.
 */
public interface KubeApi {

  Optional<Deployment> deployment(String namespace, String name);

  /**
   * Sets one container's image with a strategic merge patch, exactly as {@code kubectl set image}
   * sends it.
   */
  void setImage(String namespace, String name, String container, String image);

  /** The ReplicaSets in the namespace that match the Deployment's selector and are owned by it. */
  List<ReplicaSet> replicaSets(String namespace, Deployment deployment);

  /**
   * Replaces the pod template, as {@code kubectl rollout undo} does with the previous ReplicaSet's
   * template.
   */
  void restoreTemplate(String namespace, String name, JsonNode template);

  Optional<Kustomization> kustomization(String namespace, String name);
}
