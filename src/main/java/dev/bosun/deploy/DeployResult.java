package dev.bosun.deploy;

import dev.bosun.deploy.gate.GateResult;
import dev.bosun.support.BosunException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a deploy, plan or rollback did, for the one writer that turns it into outputs, summary and
 * annotations.
 *
 * @param placeLabel what the target calls the place an app runs in, for the summary's column
 */
public record DeployResult(
    DeployRequest.Mode mode,
    String environment,
    String image,
    String digest,
    List<GateResult> gates,
    List<AppResult> apps,
    String placeLabel,
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

  public enum Outcome {
    PLANNED,
    SUCCEEDED,
    REFUSED,
    FAILED,
    ROLLED_BACK
  }

  /**
   * One app's part.
   *
   * @param place the name of what runs it on the target (Container App, compose service)
   * @param where the target's one line on exactly where it runs
   * @param revision the revision now serving (the new one, or after a rollback the previous one)
   * @param newRevision the revision this deploy created, if it got that far
   * @param plan in a plan: what the target would do, in a few words (empty otherwise)
   */
  public record AppResult(
      String key,
      String place,
      String where,
      String previousImage,
      String previousRevision,
      String newImage,
      Optional<String> newRevision,
      String revision,
      String state,
      Duration took,
      boolean rolledBack,
      String plan) {}
}
