package dev.bosun.deploy.azure;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/** The Azure Container Apps operations a deploy needs, in one subscription per call. */
public interface ContainerApps {

  AppState app(AppId app);

  /**
   * Sets {@code image} on the container {@code container}, keeping every other container and
   * setting; waits for ARM.
   */
  void setImage(AppId app, String container, String image, Optional<String> revisionSuffix);

  RevisionState revision(AppId app, String revision);

  void activate(AppId app, String revision);

  void deactivate(AppId app, String revision);

  /** Sends all ingress traffic to {@code revision} (multiple-revision mode). */
  void sendAllTraffic(AppId app, String revision);

  /** The job's containers as its template defines them. */
  List<Container> jobContainers(JobId job);

  /**
   * Starts one execution of {@code job} with {@code image} and {@code command} on its container
   * {@code container} (the job's other settings, such as env and resources, kept); returns the
   * execution's name.
   */
  String startJob(JobId job, String container, String image, List<String> command);

  JobExecution execution(JobId job, String execution);

  /** A Container Apps job: subscription, resource group and resource name. */
  record JobId(String subscription, String resourceGroup, String name) {
    @Override
    public String toString() {
      return "/subscriptions/"
          + subscription
          + "/resourceGroups/"
          + resourceGroup
          + "/providers/Microsoft.App/jobs/"
          + name;
    }
  }

  /**
   * One job execution's state ({@code Running}, {@code Processing}, {@code Succeeded}, {@code
   * Failed}, ...).
   */
  record JobExecution(
      String name, String status, Optional<OffsetDateTime> start, Optional<OffsetDateTime> end) {

    public boolean succeeded() {
      return "Succeeded".equalsIgnoreCase(status);
    }

    public boolean failed() {
      return List.of("failed", "stopped", "degraded")
          .contains(status == null ? "" : status.toLowerCase(java.util.Locale.ROOT));
    }
  }

  /** A Container App: subscription, resource group and resource name. */
  record AppId(String subscription, String resourceGroup, String name) {
    @Override
    public String toString() {
      return "/subscriptions/"
          + subscription
          + "/resourceGroups/"
          + resourceGroup
          + "/providers/Microsoft.App/containerApps/"
          + name;
    }
  }

  /** An app as ARM shows it now. */
  record AppState(
      String name,
      String revisionsMode,
      String latestRevision,
      String latestReadyRevision,
      List<Container> containers,
      String revisionSuffix,
      Optional<String> fqdn,
      List<Traffic> traffic) {

    public boolean multipleRevisions() {
      return "Multiple".equalsIgnoreCase(revisionsMode);
    }

    /** The container a deploy sets: the one named after the app key, else the first. */
    public Container target(String appKey) {
      return containers.stream()
          .filter(c -> c.name().equals(appKey))
          .findFirst()
          .orElse(containers.get(0));
    }
  }

  record Container(String name, String image) {}

  record Traffic(String revision, boolean latestRevision, int weight) {}

  /** One revision's state, as {@code properties} of the revision resource give it. */
  record RevisionState(
      String name,
      String provisioningState,
      String runningState,
      String healthState,
      boolean active,
      int trafficWeight,
      List<Container> containers,
      Optional<String> provisioningError,
      Optional<OffsetDateTime> created) {

    public boolean failed() {
      return "Failed".equalsIgnoreCase(provisioningState)
          || "Failed".equalsIgnoreCase(runningState)
          || "Degraded".equalsIgnoreCase(runningState);
    }

    /** Provisioned, running and healthy ({@code None} means the app has no health probes). */
    public boolean ready() {
      return "Provisioned".equalsIgnoreCase(provisioningState)
          && ("Running".equalsIgnoreCase(runningState)
              || "RunningAtMaxScale".equalsIgnoreCase(runningState))
          && ("Healthy".equalsIgnoreCase(healthState) || "None".equalsIgnoreCase(healthState));
    }

    public String describe() {
      return "provisioning "
          + provisioningState
          + ", running "
          + runningState
          + ", health "
          + healthState;
    }
  }
}
