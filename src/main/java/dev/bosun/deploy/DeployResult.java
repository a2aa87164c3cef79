package dev.bosun.deploy;

import dev.bosun.deploy.ContainerApps.AppId;
import dev.bosun.deploy.gate.GateResult;
import dev.bosun.support.BosunException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What a deploy, plan or rollback did, for the one writer that turns it into outputs, summary and annotations. */
public record DeployResult(
    DeployRequest.Mode mode,
    String environment,
    String image,
    String digest,
    List<GateResult> gates,
    List<AppResult> apps,
    Optional<Long> deploymentId,
    Optional<String> environmentUrl,
    Outcome outcome,
    String message,
    boolean rolledBack,
    Optional<String> rollbackFrom,
    Optional<String> rollbackTo,
    Optional<SmokeRunner.SmokeOutcome> smoke,
    Optional<BosunException> failure) {

  public DeployResult {
    gates = List.copyOf(gates);
    apps = List.copyOf(apps);
  }

  public List<GateResult> refused() {
    return gates.stream().filter(g -> !g.passed()).toList();
  }

  public enum Outcome { PLANNED, SUCCEEDED, REFUSED, FAILED, ROLLED_BACK }

  /**
   * One app's part.
   *
   * @param revision the revision now serving (the new one, or after a rollback the previous one)
   * @param newRevision the revision this deploy created, if it got that far
   */
  public record AppResult(String key, AppId id, String container, String previousImage, String previousRevision,
      String newImage, Optional<String> newRevision, String revision, String state, Duration took,
      boolean rolledBack, String revisionsMode) {}
}
