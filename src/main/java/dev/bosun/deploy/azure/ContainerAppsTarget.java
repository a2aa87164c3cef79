package dev.bosun.deploy.azure;

import dev.bosun.actions.Log;
import dev.bosun.deploy.azure.ContainerApps.AppId;
import dev.bosun.deploy.azure.ContainerApps.AppState;
import dev.bosun.deploy.azure.ContainerApps.Container;
import dev.bosun.deploy.azure.ContainerApps.JobExecution;
import dev.bosun.deploy.azure.ContainerApps.JobId;
import dev.bosun.deploy.azure.ContainerApps.RevisionState;
import dev.bosun.deploy.config.EnvironmentSpec;
import dev.bosun.deploy.target.DeployTarget;
import dev.bosun.deploy.target.Polling;
import dev.bosun.deploy.target.Release;
import dev.bosun.deploy.target.TargetContext;
import dev.bosun.deploy.target.TargetKind;
import dev.bosun.support.CheckFailedException;
import dev.bosun.support.Durations;
import dev.bosun.support.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Azure Container Apps as a deploy target: an app is a Container App; a rollout sets the image on
 * its container (a new revision) and waits until that revision is provisioned, running and healthy;
 * a restore re-activates the previous revision and moves traffic back (multiple-revision mode) or
 * sets the previous image again (single mode).
 */
public final class ContainerAppsTarget implements DeployTarget {

  private final ContainerApps arm;
  private final EnvironmentSpec env;
  private final ContainerAppsSettings settings;
  private final Log log;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Polling polling;

  public ContainerAppsTarget(
      ContainerApps arm,
      EnvironmentSpec env,
      ContainerAppsSettings settings,
      Log log,
      Clock clock,
      Sleeper sleeper,
      Polling polling) {
    this.arm = arm;
    this.env = env;
    this.settings = settings;
    this.log = log;
    this.clock = clock;
    this.sleeper = sleeper;
    this.polling = polling;
  }

  /** {@code target: azure-container-apps}: subscription and resource-group. */
  public static final class Kind implements TargetKind<ContainerAppsSettings> {

    public static final String NAME = "azure-container-apps";
    private static final Pattern SUBSCRIPTION =
        Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public Class<ContainerAppsSettings> settings() {
      return ContainerAppsSettings.class;
    }

    @Override
    public void validate(
        String at, ContainerAppsSettings s, EnvironmentSpec env, List<String> problems) {
      if (s.subscription() == null || s.subscription().isBlank()) {
        problems.add("'" + at + ".subscription' is missing");
      } else if (!SUBSCRIPTION.matcher(s.subscription()).matches()) {
        problems.add(
            "'"
                + at
                + ".subscription' is '"
                + s.subscription()
                + "'; use the subscription ID (a GUID, see 'az account list'), not its name");
      }
      if (s.resourceGroup() == null || s.resourceGroup().isBlank()) {
        problems.add("'" + at + ".resource-group' is missing");
      }
      env.release()
          .filter(r -> r.job().isEmpty())
          .ifPresent(
              r ->
                  problems.add(
                      "'"
                          + at
                          + ".release.job' is "
                          + "missing; name the Container Apps job (in the same resource group) that runs the release command with "
                          + "the new image, e.g. job: "
                          + env.apps().get(r.app())
                          + "-release"));
    }

    @Override
    public boolean supportsRelease() {
      return true;
    }

    @Override
    public DeployTarget open(EnvironmentSpec env, ContainerAppsSettings s, TargetContext c) {
      return new ContainerAppsTarget(
          c.client(ContainerApps.class), env, s, c.log(), c.clock(), c.sleeper(), c.polling());
    }
  }

  @Override
  public String placeLabel() {
    return "container app";
  }

  private AppId id(String key) {
    return new AppId(settings.subscription(), settings.resourceGroup(), env.apps().get(key));
  }

  @Override
  public Running running(String key) {
    AppId id = id(key);
    AppState state = arm.app(id);
    Container c = state.target(key);
    return new Running(
        key,
        id.name(),
        "subscription "
            + id.subscription()
            + ", resource group "
            + id.resourceGroup()
            + ", app "
            + id.name()
            + " (container "
            + c.name()
            + ", "
            + state.revisionsMode()
            + " revision mode)",
        c.image(),
        nullToEmpty(state.latestReadyRevision()),
        Optional.empty(),
        state);
  }

  @Override
  public String plan(Running now, String pinned) {
    return now.image().equals(pinned)
        ? ""
        : "set the image of container "
            + state(now).target(now.key()).name()
            + ", which makes a new revision";
  }

  @Override
  public Serving rollOut(Running before, String pinned, String digest, Duration timeout) {
    String key = before.key();
    AppId id = id(key);
    AppState state = state(before);
    Container c = state.target(key);
    Instant start = clock.instant();
    log.info(
        key
            + ": "
            + id.name()
            + " ("
            + id.resourceGroup()
            + ", subscription "
            + id.subscription()
            + ") "
            + c.image()
            + " -> "
            + pinned);
    arm.setImage(id, c.name(), pinned, suffixFor(state, digest));
    AppState after = arm.app(id);
    String revision = after.latestRevision();
    RevisionState ready = waitReady(id, key, revision, timeout);
    String running =
        ready.containers().stream()
            .filter(x -> x.name().equals(c.name()))
            .map(Container::image)
            .findFirst()
            .orElse("");
    if (!running.equals(pinned)) {
      throw new CheckFailedException(
          "revision",
          key
              + ": revision "
              + revision
              + " runs '"
              + running
              + "', not the requested "
              + pinned
              + ". Another deploy may have changed the app at the same time; "
              + "run deploy-env again.");
    }
    if (after.multipleRevisions() && !trafficFollowsLatest(after)) {
      arm.sendAllTraffic(id, revision);
    }
    log.info(
        key
            + ": revision "
            + revision
            + " is running and healthy with "
            + digest
            + " ("
            + Durations.format(Duration.between(start, clock.instant()))
            + ")");
    return new Serving(
        key,
        pinned,
        revision,
        Optional.of(revision),
        ready.runningState() + ", " + ready.healthState());
  }

  @Override
  public Serving restore(
      Running before, Running now, Optional<Serving> attempted, Duration timeout) {
    String key = before.key();
    AppId id = id(key);
    AppState state = state(before);
    Container c = state.target(key);
    AppState current = state(now);
    String previous = before.revision();
    Optional<String> created =
        attempted.flatMap(Serving::created).or(() -> Optional.ofNullable(current.latestRevision()));
    String serving;
    if (state.multipleRevisions() && !previous.isEmpty()) {
      arm.activate(id, previous);
      arm.sendAllTraffic(id, previous);
      waitReady(id, key, previous, timeout);
      serving = previous;
      // as the seed's hand procedure did: the broken revision stops running once it serves nothing
      created.filter(rev -> !rev.equals(previous)).ifPresent(rev -> arm.deactivate(id, rev));
    } else {
      arm.setImage(id, c.name(), c.image(), suffixFor(state, before.digest().orElse("rollback")));
      serving = arm.app(id).latestRevision();
      waitReady(id, key, serving, timeout);
    }
    log.info(key + ": rolled back to " + c.image() + " (revision " + serving + ")");
    return new Serving(key, c.image(), serving, created, "rolled back");
  }

  /**
   * Starts the environment's release job once with the new image and the command, and waits for the
   * execution to succeed within the release timeout.
   */
  @Override
  public void release(Release release, String pinned, String digest) {
    JobId job =
        new JobId(settings.subscription(), settings.resourceGroup(), release.job().orElseThrow());
    List<Container> containers = arm.jobContainers(job);
    if (containers.isEmpty()) {
      throw new CheckFailedException(
          "release",
          "Container Apps job "
              + job.name()
              + " has no container to run the "
              + "release command in; give it one (az containerapp job create ... --image "
              + pinned
              + ").");
    }
    Container c =
        containers.stream()
            .filter(x -> x.name().equals(release.app()))
            .findFirst()
            .orElse(containers.get(0));
    log.info(
        "Release: starting job "
            + job.name()
            + " ("
            + job.resourceGroup()
            + ") with "
            + pinned
            + ": "
            + String.join(" ", release.command()));
    Instant start = clock.instant();
    String execution = arm.startJob(job, c.name(), pinned, release.command());
    JobExecution done =
        polling.until(
            "release",
            "release",
            () -> arm.execution(job, execution),
            JobExecution::succeeded,
            e ->
                e.failed()
                    ? Optional.of(
                        "The release command ("
                            + String.join(" ", release.command())
                            + ") failed: "
                            + "execution "
                            + execution
                            + " of job "
                            + job.name()
                            + " is "
                            + e.status()
                            + "; nothing was rolled out. "
                            + "See its logs: az containerapp job logs show -n "
                            + job.name()
                            + " -g "
                            + job.resourceGroup()
                            + " --execution "
                            + execution)
                    : Optional.empty(),
            e -> "release " + execution + ": " + e.status(),
            e ->
                "The release command did not finish within "
                    + Durations.format(release.timeout())
                    + " (execution "
                    + execution
                    + " of job "
                    + job.name()
                    + " is "
                    + e.status()
                    + "); nothing was rolled out. Raise "
                    + "release.timeout, or stop it: az containerapp job stop -n "
                    + job.name()
                    + " -g "
                    + job.resourceGroup()
                    + " --job-execution-name "
                    + execution,
            release.timeout(),
            clock,
            sleeper,
            log);
    log.info(
        "Release: execution "
            + done.name()
            + " succeeded ("
            + Durations.format(Duration.between(start, clock.instant()))
            + ")");
  }

  @Override
  public Optional<String> defaultUrl(Collection<Running> apps) {
    return apps.stream()
        .flatMap(r -> state(r).fqdn().stream())
        .findFirst()
        .map(fqdn -> "https://" + fqdn);
  }

  /** Polls the revision with growing pauses until it is ready, fails, or the wait times out. */
  private RevisionState waitReady(AppId id, String key, String revision, Duration timeout) {
    return polling.until(
        () -> arm.revision(id, revision),
        RevisionState::ready,
        s ->
            s.failed()
                ? Optional.of(
                    key
                        + ": revision "
                        + revision
                        + " of "
                        + id.name()
                        + " failed ("
                        + s.describe()
                        + ")"
                        + s.provisioningError().map(e -> ": " + e).orElse("")
                        + ". See its logs: az containerapp logs show -n "
                        + id.name()
                        + " -g "
                        + id.resourceGroup()
                        + " --subscription "
                        + id.subscription()
                        + " --revision "
                        + revision
                        + " --type system")
                : Optional.empty(),
        s -> key + ": " + revision + " " + s.describe(),
        s ->
            key
                + ": revision "
                + revision
                + " of "
                + id.name()
                + " was not running and healthy within "
                + Durations.format(timeout)
                + " (last: "
                + s.describe()
                + "). Raise 'wait-timeout' if the app starts "
                + "slowly, or check its logs: az containerapp logs show -n "
                + id.name()
                + " -g "
                + id.resourceGroup()
                + " --revision "
                + revision
                + " --type system",
        timeout,
        clock,
        sleeper,
        log);
  }

  /**
   * A new revision suffix, needed only when the app pins one: reusing the old suffix would be
   * refused.
   */
  private Optional<String> suffixFor(AppState state, String digest) {
    if (state.revisionSuffix() == null || state.revisionSuffix().isBlank()) {
      return Optional.empty();
    }
    String hex = digest.startsWith("sha256:") ? digest.substring(7, 14) : "r";
    return Optional.of(hex + "-" + Long.toString(clock.millis() / 1000, 36));
  }

  private static boolean trafficFollowsLatest(AppState state) {
    return state.traffic().stream().anyMatch(t -> t.latestRevision() && t.weight() == 100);
  }

  private static AppState state(Running r) {
    return (AppState) r.state();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
