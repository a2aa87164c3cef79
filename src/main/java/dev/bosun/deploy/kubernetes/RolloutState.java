package dev.bosun.deploy.kubernetes;

/**
 * Where a Deployment's rollout stands, judged exactly as {@code kubectl rollout status} judges it:
 * the spec update observed, every replica updated, no old replica left, every updated replica
 * available; a stalled rollout fails on the Progressing condition's ProgressDeadlineExceeded
 * reason.
 */
public record RolloutState(Phase phase, String message) {

  /** Waiting, done, or failed for good. */
  public enum Phase {
    WAITING,
    DONE,
    FAILED
  }

  public static RolloutState of(Deployment d) {
    if (d.generation() > d.observedGeneration()) {
      return new RolloutState(
          Phase.WAITING, "waiting for the deployment spec update to be observed");
    }
    var progressing = d.condition("Progressing");
    if (progressing.filter(c -> "ProgressDeadlineExceeded".equals(c.reason())).isPresent()) {
      String why = progressing.get().message();
      return new RolloutState(
          Phase.FAILED,
          "deployment \""
              + d.name()
              + "\" exceeded its progress deadline"
              + (why.isEmpty() ? "" : " (" + why + ")"));
    }
    int want = d.specReplicas().orElse(1);
    if (d.specReplicas().isPresent() && d.updatedReplicas() < want) {
      return new RolloutState(
          Phase.WAITING,
          d.updatedReplicas() + " out of " + want + " new replicas have been updated");
    }
    if (d.replicas() > d.updatedReplicas()) {
      return new RolloutState(
          Phase.WAITING,
          (d.replicas() - d.updatedReplicas()) + " old replicas are pending termination");
    }
    if (d.availableReplicas() < d.updatedReplicas()) {
      return new RolloutState(
          Phase.WAITING,
          d.availableReplicas() + " of " + d.updatedReplicas() + " updated replicas are available");
    }
    return new RolloutState(Phase.DONE, "deployment \"" + d.name() + "\" successfully rolled out");
  }
}
