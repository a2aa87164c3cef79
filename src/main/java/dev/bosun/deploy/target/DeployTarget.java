package dev.bosun.deploy.target;

import dev.bosun.support.BadInputException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A place that runs one environment's apps, at the level of what a deploy needs. deploy-env's
 * gates, the GitHub Deployments ledger, inline smoke, auto-rollback, outputs and the summary are
 * written against this port only, so they behave the same on every target. An instance is opened
 * for one environment and one run ({@link TargetKind#open}) and closed afterwards (an SSH session,
 * say).
 *
 * <p>The service calls, in order: {@link #running} for every app (kept as "before"), {@link
 * #prepare} once, then {@link #release} when the environment has a release step, then {@link
 * #rollOut} app by app; after a failure, {@link #restore} for every app it touched. {@link #plan}
 * and {@link #running} must change nothing. Every wait is bounded by the deadline handed in; every
 * failure is a {@link dev.bosun.support.BosunException} whose message says what to look at.
 */
public interface DeployTarget extends AutoCloseable {

  /** What runs now for app {@code key} (a key of the environment's {@code apps}); reads only. */
  Running running(String key);

  /**
   * Everything that can be checked or fetched before any app changes, so that a bad image never
   * stops a working one (compose pulls and verifies each digest here). {@code version} is the tag
   * or version being deployed, when known. Default: nothing.
   */
  default void prepare(Collection<Running> before, String pinned, Optional<String> version) {}

  /**
   * Rolls {@code pinned} (registry/repo@sha256:…) out to one app and returns only once it really
   * runs that digest and is healthy, or throws when it failed or {@code timeout} passed.
   */
  Serving rollOut(Running before, String pinned, String digest, Duration timeout);

  /**
   * Puts back what ran in {@code before}, after {@link #rollOut} failed or smoke failed; {@code
   * now} is what runs at this moment, {@code attempted} what the rollout reported when it got that
   * far. Waits like {@link #rollOut}.
   */
  Serving restore(Running before, Running now, Optional<Serving> attempted, Duration timeout);

  /**
   * What a rollout of {@code pinned} would do to this app, in a few words for the plan (empty:
   * nothing).
   */
  String plan(Running now, String pinned);

  /**
   * Runs the environment's release command once with the new image, before any app gets it, and
   * returns only when it succeeded. Default: unsupported (targets say so when the file is read, see
   * {@link TargetKind#supportsRelease}).
   */
  default void release(Release release, String pinned, String digest) {
    throw new BadInputException(
        "config",
        "This target does not support 'release' yet; remove it from the "
            + "environment or run the command in the workflow before deploy-env.");
  }

  /**
   * The environment's address when the file gives no {@code url} (e.g. the first app's ingress).
   */
  default Optional<String> defaultUrl(Collection<Running> apps) {
    return Optional.empty();
  }

  /** What the summary calls the place an app runs in: "container app", "service". */
  String placeLabel();

  /**
   * The run's artifact, for a target whose artifact is not a registry image (Vercel: a deployment
   * the platform built once), found from the commit and the target's own inputs for apps {@code
   * keys}; deploy and plan then use its id where an image digest would go (rollout, ledger, gates).
   * Default: empty, the {@code image} input is the artifact.
   */
  default Optional<Artifact> ownArtifact(List<String> keys, String sha) {
    return Optional.empty();
  }

  /** The artifact {@code running} runs, as the ledger records it: its image digest by default. */
  default Optional<String> artifactOf(Running running) {
    return running.digest();
  }

  /**
   * Rolls back to a recorded artifact in {@code mode: rollback}; a platform with its own rollback
   * (Railway, Vercel) uses it here. Default: a rollout of it.
   */
  default Serving rollBackTo(Running before, String pinned, String digest, Duration timeout) {
    return rollOut(before, pinned, digest, timeout);
  }

  /**
   * For {@code mode: status}: what the platform or controller says of the app's sync and health
   * (Argo CD: "Synced, Healthy"), when it says more than {@link #running}. Reads only. Default:
   * empty.
   */
  default Optional<String> health(Running running) {
    return Optional.empty();
  }

  @Override
  default void close() {}

  /**
   * One app as it runs now.
   *
   * @param key the app key in the environments file
   * @param place the name of what runs it (Container App, compose service), for the summary
   * @param where one line saying exactly where it is, for plans and logs
   * @param image what it runs, ideally registry/repo@sha256:…
   * @param revision the target's name for this version of it (a revision, a container), may be
   *     empty
   * @param since when that started, when the target knows
   * @param state the target's own record of it, handed back to {@link #rollOut} and {@link
   *     #restore} untouched
   */
  record Running(
      String key,
      String place,
      String where,
      String image,
      String revision,
      Optional<Instant> since,
      Object state) {

    /** The digest of {@link #image}, when it is pinned by one. */
    public Optional<String> digest() {
      int at = image.indexOf("@sha256:");
      return at < 0 ? Optional.empty() : Optional.of(image.substring(at + 1));
    }
  }

  /**
   * A target's own artifact (see {@link #ownArtifact}).
   *
   * @param id what the ledger records as the digest, e.g. a Vercel deployment id
   * @param description one line for logs and the summary
   * @param commit the commit it was built from, when the target knows it
   */
  record Artifact(String id, String description, Optional<String> commit) {}

  /**
   * What serves an app after a rollout or restore.
   *
   * @param image what it runs now
   * @param revision what now serves it (revision, container)
   * @param created the revision this rollout created, when it got that far (a restore may leave it
   *     behind)
   * @param state a short word on its health for the summary ("Running, Healthy")
   */
  record Serving(
      String key, String image, String revision, Optional<String> created, String state) {}
}
