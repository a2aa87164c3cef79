package dev.bosun.deploy;

import dev.bosun.actions.IdToken;
import dev.bosun.actions.Log;
import dev.bosun.actions.OidcTokenClient;
import dev.bosun.deploy.ContainerApps.AppId;
import dev.bosun.deploy.ContainerApps.AppState;
import dev.bosun.deploy.ContainerApps.Container;
import dev.bosun.deploy.ContainerApps.RevisionState;
import dev.bosun.deploy.DeployResult.AppResult;
import dev.bosun.deploy.DeployResult.Outcome;
import dev.bosun.deploy.DeploymentLedger.NewDeployment;
import dev.bosun.deploy.DeploymentLedger.PastDeployment;
import dev.bosun.deploy.ImageInspector.ImageFacts;
import dev.bosun.deploy.config.EnvironmentSpec;
import dev.bosun.deploy.gate.GateFacts;
import dev.bosun.deploy.gate.GateResult;
import dev.bosun.deploy.gate.Gates;
import dev.bosun.deploy.gate.ReviewerRule;
import dev.bosun.support.BadInputException;
import dev.bosun.support.BosunException;
import dev.bosun.support.CheckFailedException;
import dev.bosun.support.Durations;
import dev.bosun.support.OutsideSystemException;
import dev.bosun.support.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Deploys, plans and rolls back one image on one environment's Container Apps: gates first, then a GitHub deployment
 * record, then each app by digest, waiting until its new revision runs healthy, then smoke, rolling back on failure.
 */
public final class DeployService {

  /** The audience bosun asks for when it only needs the job's OIDC claims. */
  static final String CLAIMS_AUDIENCE = "bosun";
  /** The OCI label build-tag-push sets to the full commit SHA the image was built from. */
  static final String REVISION_LABEL = "org.opencontainers.image.revision";

  private final ContainerApps arm;
  private final DeploymentLedger ledger;
  private final ImageInspector images;
  private final OidcTokenClient oidc;
  private final SmokeRunner smoke;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Log log;
  private final Polling polling;

  /** How often a revision is polled while waiting, and how often progress is logged. */
  public record Polling(Duration first, Duration max, Duration progressEvery) {
    public static Polling standard() {
      return new Polling(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(10));
    }
  }

  public DeployService(ContainerApps arm, DeploymentLedger ledger, ImageInspector images, OidcTokenClient oidc,
      SmokeRunner smoke, Clock clock, Sleeper sleeper, Log log, Polling polling) {
    this.arm = arm;
    this.ledger = ledger;
    this.images = images;
    this.oidc = oidc;
    this.smoke = smoke;
    this.clock = clock;
    this.sleeper = sleeper;
    this.log = log;
    this.polling = polling;
  }

  public DeployResult run(DeployRequest r) {
    return switch (r.mode()) {
      case PLAN -> plan(r);
      case DEPLOY -> deploy(r);
      case ROLLBACK -> rollback(r);
      case STATUS -> throw new IllegalArgumentException("status has its own service");
    };
  }

  /** Reads everything a deploy would read, evaluates the gates, and changes nothing. */
  DeployResult plan(DeployRequest r) {
    EnvironmentSpec env = r.env();
    ImageRef image = r.image().orElseThrow();
    ImageFacts facts = images.inspect(image);
    String pinned = image.pinned(facts.digest());
    List<GateResult> gates = gates(Gates.forDeploy(env, r.apps()), r, facts.digest(), facts.labels());
    List<AppResult> apps = new ArrayList<>();
    Map<String, AppState> states = new LinkedHashMap<>();
    for (String key : r.apps()) {
      AppId id = appId(env, key);
      AppState state = arm.app(id);
      states.put(key, state);
      Container c = state.target(key);
      apps.add(new AppResult(key, id, c.name(), c.image(), nullToEmpty(state.latestReadyRevision()), pinned,
          Optional.empty(), nullToEmpty(state.latestReadyRevision()),
          c.image().equals(pinned) ? "unchanged" : "would update", Duration.ZERO, false, state.revisionsMode()));
    }
    long refused = gates.stream().filter(g -> !g.passed()).count();
    String message = "Plan for " + env.name() + ": " + apps.size() + " app(s) to " + pinned
        + (refused == 0 ? "; all gates pass" : "; " + refused + " gate(s) would refuse");
    return new DeployResult(r.mode(), env.name(), image.toString(), facts.digest(), gates, apps, Optional.empty(),
        environmentUrl(env, states), Outcome.PLANNED, message, false, Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty());
  }

  DeployResult deploy(DeployRequest r) {
    EnvironmentSpec env = r.env();
    if (r.smoke()) {
      smoke.validate(r.smokeUrls(), r.smokeChecksFile(), r.sha());
    }
    ImageRef image = r.image().orElseThrow();
    ImageFacts facts = images.inspect(image);
    log.info("Image " + image + " is " + facts.digest());
    // the commit the image was built from, which is what the running app reports as its version
    String commit = r.shaGiven() ? r.sha() : Optional.ofNullable(facts.labels().get(REVISION_LABEL))
        .filter(s -> s.matches("[0-9a-f]{7,40}")).orElse(r.sha());
    List<GateResult> gates = gates(Gates.forDeploy(env, r.apps()), r, facts.digest(), facts.labels());
    if (gates.stream().anyMatch(g -> !g.passed())) {
      return refused(r, image.toString(), facts.digest(), gates);
    }
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("image", image.pinned(facts.digest()));
    image.tag().ifPresent(t -> payload.put("tag", t));
    payload.put("digest", facts.digest());
    Optional.ofNullable(facts.labels().get(Gates.VERSION_LABEL)).ifPresent(v -> payload.put("version", v));
    payload.put("ref", r.ref());
    return apply(r, env, image.toString(), image.pinned(facts.digest()), facts.digest(), commit, gates, payload,
        Optional.empty());
  }

  /** Redeploys the previous successful deployment (or the one {@code to} names), under the rollback gates. */
  DeployResult rollback(DeployRequest r) {
    EnvironmentSpec env = r.env();
    AppState first = arm.app(appId(env, r.apps().get(0)));
    String live = first.target(r.apps().get(0)).image();
    String liveDigest = digestOf(live).orElse("");
    PastDeployment target = ledger.lastSuccessful(env.name(), d -> d.image().isPresent() && d.digest().isPresent()
            && r.rollbackTo().map(to -> matches(d, to)).orElse(!d.digest().get().equals(liveDigest)))
        .orElseThrow(() -> r.rollbackTo().isPresent()
            ? new BadInputException("to", "No successful deployment of '" + r.rollbackTo().get() + "' among the "
                + "recent deployments of " + env.name() + ". Give a version or digest that was deployed there "
                + "successfully (see mode: status).")
            : new CheckFailedException("rollback", "No earlier successful deployment of " + env.name()
                + " with a different image than the live one (" + live + ") among its recent deployments. Name the "
                + "version or digest to roll back to with 'to'."));
    String pinned = target.image().get();
    String digest = target.digest().get();
    log.info("Rolling " + env.name() + " back from " + live + " to " + pinned + " (deployment " + target.id() + ")");
    List<GateResult> gates = gates(Gates.forRollback(env), r, digest, Map.of());
    if (gates.stream().anyMatch(g -> !g.passed())) {
      return refused(r, pinned, digest, gates);
    }
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("image", pinned);
    Optional.ofNullable(target.payload().get("tag")).ifPresent(t -> payload.put("tag", t));
    payload.put("digest", digest);
    Optional.ofNullable(target.payload().get("version")).ifPresent(v -> payload.put("version", v));
    payload.put("ref", r.ref());
    payload.put("rollback-from", live);
    payload.put("rollback-to", pinned);
    payload.put("rollback-of-deployment", target.id());
    String commit = r.shaGiven() || target.sha() == null || target.sha().isBlank() ? r.sha() : target.sha();
    return apply(r, env, pinned, pinned, digest, commit, gates, payload, Optional.of(live));
  }

  private DeployResult refused(DeployRequest r, String image, String digest, List<GateResult> gates) {
    List<GateResult> no = gates.stream().filter(g -> !g.passed()).toList();
    String message = no.size() + " gate(s) refused the " + r.mode().label() + " to " + r.env().name() + ": "
        + String.join(" ", no.stream().map(g -> "[" + g.gate() + "] " + g.detail()).toList());
    return new DeployResult(r.mode(), r.env().name(), image, digest, gates, List.of(), Optional.empty(),
        Optional.empty(), Outcome.REFUSED, message, false, Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty());
  }

  /** Records the deployment, updates each app, smoke-tests, and rolls back on failure when asked to. */
  private DeployResult apply(DeployRequest r, EnvironmentSpec env, String image, String pinned, String digest,
      String commit, List<GateResult> gates, Map<String, Object> payload, Optional<String> rollbackFrom) {
    Map<String, AppState> before = new LinkedHashMap<>();
    for (String key : r.apps()) {
      before.put(key, arm.app(appId(env, key)));
    }
    Map<String, String> appMap = new LinkedHashMap<>();
    r.apps().forEach(k -> appMap.put(k, env.apps().get(k)));
    payload.put("apps", appMap);
    payload.put("actor", r.actor());
    r.overrideReason().ifPresent(reason -> payload.put("override-window", reason));
    Map<String, String> previous = new LinkedHashMap<>();
    before.forEach((k, s) -> previous.put(k, s.target(k).image()));
    payload.put("previous-images", previous);
    String what = (r.mode() == DeployRequest.Mode.ROLLBACK ? "Rollback to " : "Deploy ") + pinned
        + r.overrideReason().map(reason -> " (outside window: " + reason + ")").orElse("");
    long id = ledger.create(new NewDeployment(env.name(), commit, env.isProtected(), what, payload));
    log.info("Recorded GitHub deployment " + id + " for " + env.name());
    ledger.setStatus(id, "in_progress", what, r.runUrl(), Optional.empty());

    List<AppResult> done = new ArrayList<>();
    try {
      for (String key : r.apps()) {
        done.add(deployApp(r, env, key, before.get(key), pinned, digest));
      }
    } catch (BosunException failure) {
      List<AppResult> after = r.autoRollback() ? rollbackOrExplain(r, env, before, done, failure, id) : done;
      boolean rolledBack = r.autoRollback() && !after.isEmpty();
      markFailed(id, shorten(failure.getMessage()), r);
      return new DeployResult(r.mode(), env.name(), image, digest, gates, after, Optional.of(id),
          environmentUrl(env, before), rolledBack ? Outcome.ROLLED_BACK : Outcome.FAILED,
          failure.getMessage() + (rolledBack ? " Rolled back " + after.size() + " app(s) to their previous revision."
              : ""), rolledBack, rollbackFrom, rollbackFrom.map(f -> pinned), Optional.empty(), Optional.of(failure));
    }

    Optional<String> url = environmentUrl(env, before);
    Optional<SmokeRunner.SmokeOutcome> smoked = Optional.empty();
    if (r.smoke()) {
      log.group("Smoke checks on " + env.name());
      SmokeRunner.SmokeOutcome outcome = smoke.run(r.smokeUrls(), r.smokeChecksFile(), commit, r.smokeTimeout());
      outcome.lines().forEach(log::info);
      log.endGroup();
      smoked = Optional.of(outcome);
      if (!outcome.passed()) {
        CheckFailedException failure = new CheckFailedException("smoke", "Smoke checks failed on " + env.name()
            + " after deploying " + pinned + (r.autoRollback() ? "." : "; auto-rollback is off, so it stays live."));
        List<AppResult> after = r.autoRollback() ? rollbackOrExplain(r, env, before, done, failure, id) : done;
        markFailed(id, "Smoke checks failed" + (r.autoRollback() ? "; rolled back" : ""), r);
        return new DeployResult(r.mode(), env.name(), image, digest, gates, after, Optional.of(id), url,
            r.autoRollback() ? Outcome.ROLLED_BACK : Outcome.FAILED,
            "Smoke checks failed on " + env.name() + (r.autoRollback()
                ? "; rolled back " + after.size() + " app(s) to their previous revision."
                : "; auto-rollback is off, so the new revision stays live."),
            r.autoRollback(), rollbackFrom, rollbackFrom.map(f -> pinned), smoked, Optional.of(failure));
      }
    }
    ledger.setStatus(id, "success", what, r.runUrl(), url);
    return new DeployResult(r.mode(), env.name(), image, digest, gates, done, Optional.of(id), url, Outcome.SUCCEEDED,
        (r.mode() == DeployRequest.Mode.ROLLBACK ? "Rolled back " : "Deployed ") + pinned + " to " + env.name()
            + " (" + done.size() + " app(s)).", false, rollbackFrom, rollbackFrom.map(f -> pinned), smoked,
        Optional.empty());
  }

  /** Sets the image on one app, waits for its new revision, and checks that it runs the digest asked for. */
  private AppResult deployApp(DeployRequest r, EnvironmentSpec env, String key, AppState state, String pinned,
      String digest) {
    AppId id = appId(env, key);
    Container c = state.target(key);
    Instant start = clock.instant();
    log.info(key + ": " + id.name() + " (" + id.resourceGroup() + ", subscription " + id.subscription() + ") "
        + c.image() + " -> " + pinned);
    arm.setImage(id, c.name(), pinned, suffixFor(state, digest));
    AppState after = arm.app(id);
    String revision = after.latestRevision();
    RevisionState ready = waitReady(id, key, revision, r.waitTimeout());
    String running = ready.containers().stream().filter(x -> x.name().equals(c.name())).map(Container::image)
        .findFirst().orElse("");
    if (!running.equals(pinned)) {
      throw new CheckFailedException("revision", key + ": revision " + revision + " runs '" + running
          + "', not the requested " + pinned + ". Another deploy may have changed the app at the same time; "
          + "run deploy-env again.");
    }
    if (after.multipleRevisions() && !trafficFollowsLatest(after)) {
      arm.sendAllTraffic(id, revision);
    }
    Duration took = Duration.between(start, clock.instant());
    log.info(key + ": revision " + revision + " is running and healthy with " + digest + " (" + Durations.format(took)
        + ")");
    return new AppResult(key, id, c.name(), c.image(), nullToEmpty(state.latestReadyRevision()), pinned,
        Optional.of(revision), revision, ready.runningState() + ", " + ready.healthState(), took, false,
        state.revisionsMode());
  }

  /** Polls the revision with growing pauses until it is ready, fails, or the wait times out. */
  private RevisionState waitReady(AppId id, String key, String revision, Duration timeout) {
    Instant start = clock.instant();
    Instant deadline = start.plus(timeout);
    Instant nextProgress = start.plus(polling.progressEvery());
    Duration pause = polling.first();
    while (true) {
      RevisionState state = arm.revision(id, revision);
      if (state.ready()) {
        return state;
      }
      if (state.failed()) {
        throw new CheckFailedException("revision", key + ": revision " + revision + " of " + id.name() + " failed ("
            + state.describe() + ")" + state.provisioningError().map(e -> ": " + e).orElse("")
            + ". See its logs: az containerapp logs show -n " + id.name() + " -g " + id.resourceGroup()
            + " --subscription " + id.subscription() + " --revision " + revision + " --type system");
      }
      Instant now = clock.instant();
      if (!now.isBefore(deadline)) {
        throw new CheckFailedException("wait-timeout", key + ": revision " + revision + " of " + id.name()
            + " was not running and healthy within " + Durations.format(timeout) + " (last: " + state.describe()
            + "). Raise 'wait-timeout' if the app starts slowly, or check its logs: az containerapp logs show -n "
            + id.name() + " -g " + id.resourceGroup() + " --revision " + revision + " --type system");
      }
      if (!now.isBefore(nextProgress)) {
        log.info("  " + key + ": " + revision + " " + state.describe() + " (" + Durations.format(
            Duration.between(start, now)) + ")");
        nextProgress = now.plus(polling.progressEvery());
      }
      Duration left = Duration.between(now, deadline);
      try {
        sleeper.sleep(pause.compareTo(left) < 0 ? pause : left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new OutsideSystemException("azure", "Interrupted while waiting for revision " + revision);
      }
      pause = pause.multipliedBy(2).compareTo(polling.max()) > 0 ? polling.max() : pause.multipliedBy(2);
    }
  }

  /**
   * Rolls back; when that fails too, marks the deployment failed and throws one error that tells both stories, so
   * neither the original failure nor the half-done rollback is hidden.
   */
  private List<AppResult> rollbackOrExplain(DeployRequest r, EnvironmentSpec env, Map<String, AppState> before,
      List<AppResult> done, BosunException cause, long id) {
    try {
      return rollbackApps(r, env, before, done, cause);
    } catch (BosunException rollbackFailure) {
      markFailed(id, "Deploy failed and so did the rollback", r);
      throw new CheckFailedException("rollback", cause.getMessage() + " Rolling back failed too: "
          + rollbackFailure.getMessage() + " Check each app with mode: status and roll back by hand if needed.");
    }
  }

  /** Marks the deployment failed without letting a GitHub hiccup hide the failure being reported. */
  private void markFailed(long id, String description, DeployRequest r) {
    try {
      ledger.setStatus(id, "failure", description, r.runUrl(), Optional.empty());
    } catch (BosunException e) {
      log.warning("Could not mark GitHub deployment " + id + " as failed: " + e.getMessage(), null);
    }
  }

  /**
   * Puts every app this run touched (and the one that failed) back on its previous revision: re-activates it and
   * moves traffic there in multiple-revision mode, or sets the previous image again in single mode.
   */
  private List<AppResult> rollbackApps(DeployRequest r, EnvironmentSpec env, Map<String, AppState> before,
      List<AppResult> done, BosunException cause) {
    log.warning("Rolling back " + env.name() + ": " + shorten(cause.getMessage()), null);
    List<AppResult> out = new ArrayList<>();
    for (Map.Entry<String, AppState> e : before.entrySet()) {
      String key = e.getKey();
      AppState state = e.getValue();
      Optional<AppResult> deployed = done.stream().filter(a -> a.key().equals(key)).findFirst();
      AppId id = appId(env, key);
      Container c = state.target(key);
      AppState now = arm.app(id);
      boolean touched = deployed.isPresent() || !now.target(key).image().equals(c.image());
      if (!touched) {
        continue;
      }
      Instant start = clock.instant();
      String previous = nullToEmpty(state.latestReadyRevision());
      String serving;
      if (state.multipleRevisions() && !previous.isEmpty()) {
        arm.activate(id, previous);
        arm.sendAllTraffic(id, previous);
        waitReady(id, key, previous, r.waitTimeout());
        serving = previous;
        // as the seed's hand procedure did: the broken revision stops running once it serves nothing
        Optional<String> broken = deployed.flatMap(AppResult::newRevision)
            .or(() -> Optional.ofNullable(now.latestRevision())).filter(rev -> !rev.equals(previous));
        broken.ifPresent(rev -> arm.deactivate(id, rev));
      } else {
        arm.setImage(id, c.name(), c.image(), suffixFor(state, digestOf(c.image()).orElse("rollback")));
        serving = arm.app(id).latestRevision();
        waitReady(id, key, serving, r.waitTimeout());
      }
      log.info(key + ": rolled back to " + c.image() + " (revision " + serving + ")");
      out.add(new AppResult(key, id, c.name(), c.image(), previous,
          deployed.map(AppResult::newImage).orElse(now.target(key).image()),
          deployed.flatMap(AppResult::newRevision).or(() -> Optional.ofNullable(now.latestRevision())), serving,
          "rolled back", Duration.between(start, clock.instant()), true, state.revisionsMode()));
    }
    return out;
  }

  private List<GateResult> gates(List<String> which, DeployRequest r, String digest, Map<String, String> labels) {
    EnvironmentSpec env = r.env();
    boolean oidcAvailable = false;
    Optional<String> jobEnvironment = Optional.empty();
    if (which.contains(Gates.PROTECTED)) {
      Optional<IdToken> token = oidc.token(CLAIMS_AUDIENCE);
      oidcAvailable = token.isPresent();
      jobEnvironment = token.flatMap(t -> t.claim("environment"));
    }
    Optional<ReviewerRule> reviewers = which.contains(Gates.REVIEWERS)
        ? Optional.of(ledger.reviewerRule(env.name())) : Optional.empty();
    Map<String, Optional<Long>> promoted = new LinkedHashMap<>();
    if (which.contains(Gates.PROMOTE_FROM)) {
      Predicate<PastDeployment> proof = promotionProof(env, r.apps(), digest, labels);
      for (String upstream : env.promoteFrom()) {
        promoted.put(upstream, ledger.lastSuccessful(upstream, proof).map(PastDeployment::id));
      }
    }
    GateFacts facts = new GateFacts(oidcAvailable, jobEnvironment, reviewers, promoted, digest, r.ref(), labels,
        clock.instant(), r.overrideReason());
    return Gates.evaluate(which, env, r.apps(), facts);
  }

  /**
   * Which upstream deployment proves a promotion: one of the same digest; for an app built per environment, one of the
   * same commit (the image's revision label) that included that app (see {@link Gates#promotesByCommit}).
   */
  static Predicate<PastDeployment> promotionProof(EnvironmentSpec env, List<String> apps, String digest,
      Map<String, String> labels) {
    if (!Gates.promotesByCommit(env, apps)) {
      return d -> d.digest().filter(digest::equals).isPresent();
    }
    String commit = labels.getOrDefault(Gates.REVISION_LABEL, "");
    List<String> perEnvironment = Gates.builtPerEnvironment(env, apps);
    return d -> !commit.isBlank() && commit.equalsIgnoreCase(d.sha())
        && d.payload().get("apps") instanceof Map<?, ?> deployed && perEnvironment.stream().allMatch(deployed::containsKey);
  }

  static AppId appId(EnvironmentSpec env, String key) {
    return new AppId(env.subscription(), env.resourceGroup(), env.apps().get(key));
  }

  /** A new revision suffix, needed only when the app pins one: reusing the old suffix would be refused. */
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

  /** The environment's {@code url}, else the first app's ingress address. */
  private static Optional<String> environmentUrl(EnvironmentSpec env, Map<String, AppState> states) {
    return Optional.ofNullable(env.url()).or(() -> states.values().stream()
        .flatMap(s -> s.fqdn().stream()).findFirst().map(fqdn -> "https://" + fqdn));
  }

  private static boolean matches(PastDeployment d, String to) {
    String want = to.trim();
    if (want.startsWith("sha256:")) {
      return d.digest().filter(want::equals).isPresent();
    }
    String bare = want.startsWith("v") ? want.substring(1) : want;
    for (String field : List.of("tag", "version")) {
      Object v = d.payload().get(field);
      if (v != null) {
        String s = v.toString();
        if (s.equals(want) || (s.startsWith("v") ? s.substring(1) : s).equals(bare)) {
          return true;
        }
      }
    }
    return false;
  }

  static Optional<String> digestOf(String image) {
    int at = image.indexOf("@sha256:");
    return at < 0 ? Optional.empty() : Optional.of(image.substring(at + 1));
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String shorten(String s) {
    String one = s == null ? "" : s.lines().findFirst().orElse("");
    return one.length() > 300 ? one.substring(0, 297) + "..." : one;
  }

}
