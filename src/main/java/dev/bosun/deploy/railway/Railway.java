package dev.bosun.deploy.railway;

import dev.bosun.image.registry.RegistryCredential;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Railway operations a deploy needs: one service instance (a service in one environment) at a
 * time.
 */
public interface Railway {

  /** The service instance: its configured source image and its latest deployment. */
  ServiceInstance serviceInstance(String environmentId, String serviceId);

  /**
   * Points the service instance at {@code image}, with credentials for a private registry when
   * given.
   */
  void setImage(
      String environmentId, String serviceId, String image, Optional<RegistryCredential> registry);

  /** Deploys the service instance's current configuration; returns the new deployment's id. */
  String deploy(String environmentId, String serviceId);

  Deployment deployment(String id);

  /** The newest deployments of the service instance, newest first. */
  List<Deployment> deployments(String environmentId, String serviceId, int first);

  /**
   * Railway's own rollback: a new deployment of the image and variables {@code deploymentId} ran
   * with.
   */
  void rollback(String deploymentId);

  /** A service in one environment. */
  record ServiceInstance(
      String serviceId,
      String serviceName,
      Optional<String> sourceImage,
      Optional<Deployment> latest) {}

  /**
   * One deployment.
   *
   * @param image the image it runs, from its metadata; a deployment built from a repository has
   *     none
   */
  record Deployment(
      String id, Status status, Instant createdAt, Optional<String> image, boolean canRollback) {}

  /**
   * Railway's {@code DeploymentStatus}; values bosun does not know are {@link #OTHER}, never a
   * crash.
   */
  enum Status {
    QUEUED,
    WAITING,
    INITIALIZING,
    BUILDING,
    DEPLOYING,
    NEEDS_APPROVAL,
    SUCCESS,
    FAILED,
    CRASHED,
    REMOVED,
    REMOVING,
    SKIPPED,
    SLEEPING,
    OTHER;

    public static Status parse(String text) {
      try {
        return valueOf(text == null ? "" : text.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        return OTHER;
      }
    }

    /** The deployment will not become healthy on its own. */
    public boolean failed() {
      return this == FAILED
          || this == CRASHED
          || this == REMOVED
          || this == REMOVING
          || this == SKIPPED;
    }

    /** Running, or asleep because the service sleeps when idle (it ran successfully). */
    public boolean live() {
      return this == SUCCESS || this == SLEEPING;
    }
  }
}
