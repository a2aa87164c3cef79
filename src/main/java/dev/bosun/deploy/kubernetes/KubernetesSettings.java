package dev.bosun.deploy.kubernetes;

/**
 * The keys of {@code target: kubernetes} in an environment.
 *
 * @param namespace the namespace of the environment's Deployments
 */
public record KubernetesSettings(String namespace) {}
