package dev.bosun.deploy;

import dev.bosun.deploy.config.BosunConfig;
import dev.bosun.deploy.config.EnvironmentSpec;
import dev.bosun.migrate.DatabaseTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One deploy-env run, parsed and validated from the inputs before anything is called.
 *
 * @param apps the app keys of the environment to deploy, in order
 * @param image the image to deploy (deploy and plan), empty for rollback and status
 * @param sha the commit to record when nothing better is known: the {@code sha} input, else
 *     GITHUB_SHA
 * @param shaGiven whether {@code sha} came from the input, which then wins over the image's
 *     revision label
 * @param smokeDatabase the database for the {@code sql:} entries of the smoke checks file, if any
 * @param rollbackTo a version or digest to roll back to; empty means the previous successful
 *     deployment
 */
public record DeployRequest(
    Mode mode,
    BosunConfig config,
    Optional<EnvironmentSpec> environment,
    List<String> apps,
    Optional<ImageRef> image,
    String ref,
    String sha,
    boolean shaGiven,
    Optional<String> overrideReason,
    Optional<String> runUrl,
    String actor,
    Duration waitTimeout,
    List<String> smokeUrls,
    Optional<Path> smokeChecksFile,
    Duration smokeTimeout,
    Optional<DatabaseTarget> smokeDatabase,
    boolean autoRollback,
    Optional<String> rollbackTo) {

  public DeployRequest {
    apps = List.copyOf(apps);
    smokeUrls = List.copyOf(smokeUrls);
  }

  /**
   * The environment; deploy, plan and rollback always have one (checked when the request is built).
   */
  public EnvironmentSpec env() {
    return environment.orElseThrow();
  }

  public boolean smoke() {
    return !smokeUrls.isEmpty() || smokeChecksFile.isPresent();
  }

  /** What deploy-env does this run. */
  public enum Mode implements dev.bosun.actions.InputChoice {
    DEPLOY,
    PLAN,
    ROLLBACK,
    STATUS;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
