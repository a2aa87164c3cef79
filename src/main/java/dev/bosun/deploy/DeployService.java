package dev.bosun.deploy;

import dev.bosun.actions.IdToken;
import dev.bosun.actions.Log;
import dev.bosun.actions.OidcTokenClient;
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
import dev.bosun.deploy.target.DeployTarget;
import dev.bosun.deploy.target.DeployTarget.Running;
import dev.bosun.deploy.target.DeployTarget.Serving;
import dev.bosun.support.BadInputException;
import dev.bosun.support.BosunException;
import dev.bosun.support.CheckFailedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Deploys, plans and rolls back one image on one environment, whatever its target: gates first,
 * then a GitHub deployment record, then the release step, then each app by digest through the
 * {@link DeployTarget} port, which waits until it runs healthy, then smoke, rolling back on
 * failure.
 */
public final class DeployService {

  /** The audience bosun asks for when it only needs the job's OIDC claims. */
  static final String CLAIMS_AUDIENCE = "bosun";

  /** The OCI label build-tag-push sets to the full commit SHA the image was built from. */
  static final String REVISION_LABEL = "org.opencontainers.image.revision";

  private final Function<EnvironmentSpec, DeployTarget> targets;
  private final DeploymentLedger ledger;
  private final ImageInspector images;
  private final OidcTokenClient oidc;
  private final SmokeRunner smoke;
  private final Clock clock;
  private final Log log;

  /** {@code targets} opens an environment's target for this run; the service closes it. */
  public DeployService(
      Function<EnvironmentSpec, DeployTarget> targets,
      DeploymentLedger ledger,
      ImageInspector images,
      OidcTokenClient oidc,
      SmokeRunner smoke,
      Clock clock,
      Log log) {
    this.targets = targets;
    this.ledger = ledger;
    this.images = images;
    this.oidc = oidc;
    this.smoke = smoke;
    this.clock = clock;
    this.log = log;
  }

  public DeployResult run(DeployRequest r) {
    if (r.mode() == DeployRequest.Mode.STATUS) {
      throw new IllegalArgumentException("status has its own service");
    }
    // inputs first, in every mode: a broken checks file is never found only after a deploy or a
    // rollback, nor missed by a plan (issue 19, item 8)
    if (r.smoke()) {
      smoke.validate(r.smokeUrls(), r.smokeChecksFile(), r.smokeDatabase(), r.sha());
    }
    try (DeployTarget target = targets.apply(r.env())) {
      return switch (r.mode()) {
        case PLAN -> plan(r, target);
        case DEPLOY -> deploy(r, target);
        default -> rollback(r, target);
      };
    }
  }

  /** Reads everything a deploy would read, evaluates the gates, and changes nothing. */
  DeployResult plan(DeployRequest r, DeployTarget target) {
    EnvironmentSpec env = r.env();
    Artifact a = artifact(r, target);
    String pinned = a.pinned();
    List<GateResult> gates = gates(Gates.forDeploy(env, r.apps()), r, a.digest(), a.labels(), true);
    List<AppResult> apps = new ArrayList<>();
    Map<String, Running> states = new LinkedHashMap<>();
    for (String key : r.apps()) {
      Running now = target.running(key);
      states.put(key, now);
      apps.add(
          new AppResult(
              key,
              now.place(),
              now.where(),
              now.image(),
              now.revision(),
              pinned,
              Optional.empty(),
              now.revision(),
              now.image().equals(pinned) ? "unchanged" : "would update",
              Duration.ZERO,
              false,
              target.plan(now, pinned)));
    }
    long refused = gates.stream().filter(g -> !g.passed() && g.known()).count();
    long unknown = gates.stream().filter(g -> !g.known()).count();
    String message =
        "Plan for "
            + env.name()
            + ": "
            + apps.size()
            + " app(s) to "
            + pinned
            + (refused + unknown == 0 ? "; all gates pass" : "")
            + (refused == 0 ? "" : "; " + refused + " gate(s) would refuse")
            + (unknown == 0
                ? ""
                : "; "
                    + unknown
                    + " gate(s) unknown, which a deploy would refuse until they can be "
                    + "checked");
    return new DeployResult(
        r.mode(),
        env.name(),
        a.shown(),
        a.digest(),
        gates,
        apps,
        target.placeLabel(),
        Optional.empty(),
        environmentUrl(env, target, states),
        Outcome.PLANNED,
        message,
        false,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  DeployResult deploy(DeployRequest r, DeployTarget target) {
    EnvironmentSpec env = r.env();
    Artifact a = artifact(r, target);
    log.info(a.shown() + " is " + a.digest());
    // the commit the artifact was built from, which is what the running app reports as its version
    String commit = r.shaGiven() ? r.sha() : a.commit().orElse(r.sha());
    List<GateResult> gates = gates(Gates.forDeploy(env, r.apps()), r, a.digest(), a.labels());
    if (gates.stream().anyMatch(g -> !g.passed())) {
      return refused(r, target, a.shown(), a.digest(), gates);
    }
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("image", a.pinned());
    a.tag().ifPresent(t -> payload.put("tag", t));
    payload.put("digest", a.digest());
    Optional.ofNullable(a.labels().get(Gates.VERSION_LABEL))
        .ifPresent(v -> payload.put("version", v));
    payload.put("ref", r.ref());
    Map<String, String> everyApp = new LinkedHashMap<>();
    r.apps().forEach(k -> everyApp.put(k, a.pinned()));
    return apply(
        r, target, a.shown(), everyApp, a.digest(), commit, gates, payload, Optional.empty());
  }

  /**
   * What this run deploys: the target's own artifact when it has one (a Vercel deployment), else
   * the {@code image} input resolved to its digest and labels in the registry.
   */
  private Artifact artifact(DeployRequest r, DeployTarget target) {
    Optional<DeployTarget.Artifact> own = target.ownArtifact(r.apps(), r.sha());
    if (own.isPresent()) {
      DeployTarget.Artifact a = own.get();
      return new Artifact(a.description(), a.id(), a.id(), Map.of(), a.commit(), Optional.empty());
    }
    ImageRef image = r.image().orElseThrow();
    ImageFacts facts = images.inspect(image);
    return new Artifact(
        "Image " + image,
        image.pinned(facts.digest()),
        facts.digest(),
        facts.labels(),
        Optional.ofNullable(facts.labels().get(REVISION_LABEL))
            .filter(s -> s.matches("[0-9a-f]{7,40}")),
        image.tag());
  }

  /**
   * An artifact resolved for one run: what to show, what to set, what the ledger and gates compare.
   */
  private record Artifact(
      String shown,
      String pinned,
      String digest,
      Map<String, String> labels,
      Optional<String> commit,
      Optional<String> tag) {}

  /**
   * Puts each app back on its own previous digest: the newest successful deployment that touched
   * that app with another digest than it runs now (or the one {@code to} names), under the rollback
   * gates. An app no such deployment touched stays as it is, so a multi-app environment whose apps
   * have their own images (seed 000) never gets one app's image on another.
   */
  DeployResult rollback(DeployRequest r, DeployTarget where) {
    EnvironmentSpec env = r.env();
    Map<String, Running> live = new LinkedHashMap<>();
    Map<String, PastDeployment> back = new LinkedHashMap<>();
    for (String key : r.apps()) {
      Running now = where.running(key);
      live.put(key, now);
      String liveDigest = where.artifactOf(now).orElse("");
      ledger
          .lastSuccessful(
              env.name(),
              d ->
                  d.touched(key)
                      && d.imageFor(key).isPresent()
                      && d.digestFor(key).isPresent()
                      && r.rollbackTo()
                          .map(to -> matches(d, key, to))
                          .orElse(!d.digestFor(key).get().equals(liveDigest)))
          .ifPresent(d -> back.put(key, d));
    }
    if (back.isEmpty()) {
      throw r.rollbackTo().isPresent()
          ? new BadInputException(
              "to",
              "No successful deployment of '"
                  + r.rollbackTo().get()
                  + "' among the "
                  + "recent deployments of "
                  + env.name()
                  + ". Give a version or digest that was deployed there "
                  + "successfully (see mode: status).")
          : new CheckFailedException(
              "rollback",
              "No earlier successful deployment of "
                  + env.name()
                  + " with a "
                  + "different image than the live one ("
                  + String.join(", ", live.values().stream().map(Running::image).toList())
                  + ") among its recent deployments. Name the version or digest to roll back to with 'to'.");
    }
    Map<String, String> pinnedByApp = new LinkedHashMap<>();
    back.forEach((key, d) -> pinnedByApp.put(key, d.imageFor(key).orElseThrow()));
    String first = back.keySet().iterator().next();
    PastDeployment past = back.get(first);
    String pinned = pinnedByApp.get(first);
    String digest = past.digestFor(first).orElseThrow();
    String from = live.get(first).image();
    back.forEach(
        (key, d) ->
            log.info(
                "Rolling "
                    + key
                    + " on "
                    + env.name()
                    + " back from "
                    + live.get(key).image()
                    + " to "
                    + pinnedByApp.get(key)
                    + " (deployment "
                    + d.id()
                    + ")"));
    live.keySet().stream()
        .filter(k -> !back.containsKey(k))
        .forEach(
            k ->
                log.info(
                    k
                        + " stays on "
                        + live.get(k).image()
                        + ": no earlier successful deployment of it"
                        + r.rollbackTo().map(to -> " as " + to).orElse("")
                        + " among the recent deployments"));
    List<GateResult> gates = gates(Gates.forRollback(env), r, digest, Map.of());
    if (gates.stream().anyMatch(g -> !g.passed())) {
      return refused(r, where, pinned, digest, gates);
    }
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("image", pinned);
    Optional.ofNullable(past.payload().get("tag")).ifPresent(t -> payload.put("tag", t));
    payload.put("digest", digest);
    Optional.ofNullable(past.payload().get("version")).ifPresent(v -> payload.put("version", v));
    if (pinnedByApp.values().stream().distinct().count() > 1) {
      payload.put("images", pinnedByApp);
    }
    payload.put("ref", r.ref());
    payload.put("rollback-from", from);
    payload.put("rollback-to", pinned);
    payload.put("rollback-of-deployment", past.id());
    if (back.values().stream().map(PastDeployment::id).distinct().count() > 1) {
      Map<String, Long> ids = new LinkedHashMap<>();
      back.forEach((key, d) -> ids.put(key, d.id()));
      payload.put("rollback-of-deployments", ids);
    }
    String commit =
        r.shaGiven() || past.sha() == null || past.sha().isBlank() ? r.sha() : past.sha();
    return apply(r, where, pinned, pinnedByApp, digest, commit, gates, payload, Optional.of(from));
  }

  private DeployResult refused(
      DeployRequest r, DeployTarget target, String image, String digest, List<GateResult> gates) {
    List<GateResult> no = gates.stream().filter(g -> !g.passed()).toList();
    String message =
        no.size()
            + " gate(s) refused the "
            + r.mode().label()
            + " to "
            + r.env().name()
            + ": "
            + String.join(" ", no.stream().map(g -> "[" + g.gate() + "] " + g.detail()).toList());
    return new DeployResult(
        r.mode(),
        r.env().name(),
        image,
        digest,
        gates,
        List.of(),
        target.placeLabel(),
        Optional.empty(),
        Optional.empty(),
        Outcome.REFUSED,
        message,
        false,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /**
   * Records the deployment, sets each app of {@code pinnedByApp} to its image, smoke-tests, and
   * rolls back on failure when asked to. The other apps of the request stay as they are and are
   * reported unchanged.
   */
  private DeployResult apply(
      DeployRequest r,
      DeployTarget target,
      String image,
      Map<String, String> pinnedByApp,
      String digest,
      String commit,
      List<GateResult> gates,
      Map<String, Object> payload,
      Optional<String> rollbackFrom) {
    EnvironmentSpec env = r.env();
    String pinned = pinnedByApp.values().iterator().next();
    Map<String, Running> before = new LinkedHashMap<>();
    List<AppResult> kept = new ArrayList<>();
    for (String key : r.apps()) {
      Running now = target.running(key);
      if (pinnedByApp.containsKey(key)) {
        before.put(key, now);
      } else {
        kept.add(
            new AppResult(
                key,
                now.place(),
                now.where(),
                now.image(),
                now.revision(),
                now.image(),
                Optional.empty(),
                now.revision(),
                "unchanged",
                Duration.ZERO,
                false,
                ""));
      }
    }
    Map<String, String> appMap = new LinkedHashMap<>();
    before.keySet().forEach(k -> appMap.put(k, env.apps().get(k)));
    payload.put("apps", appMap);
    payload.put("actor", r.actor());
    r.overrideReason().ifPresent(reason -> payload.put("override-window", reason));
    Map<String, String> previous = new LinkedHashMap<>();
    before.forEach((k, s) -> previous.put(k, s.image()));
    payload.put("previous-images", previous);
    String what =
        (r.mode() == DeployRequest.Mode.ROLLBACK ? "Rollback to " : "Deploy ")
            + pinned
            + r.overrideReason().map(reason -> " (outside window: " + reason + ")").orElse("");
    long id =
        ledger.create(new NewDeployment(env.name(), commit, env.isProtected(), what, payload));
    log.info("Recorded GitHub deployment " + id + " for " + env.name());
    ledger.setStatus(id, "in_progress", what, r.runUrl(), Optional.empty());

    Optional<String> url = environmentUrl(env, target, before);
    Map<String, Serving> served = new LinkedHashMap<>();
    List<AppResult> done = new ArrayList<>();
    try {
      target.prepare(before.values(), pinned, version(payload));
      if (r.mode() == DeployRequest.Mode.DEPLOY && env.release().isPresent()) {
        target.release(env.release().get(), pinned, digest);
      }
      for (String key : before.keySet()) {
        Running b = before.get(key);
        String to = pinnedByApp.get(key);
        Instant start = clock.instant();
        String toDigest = digestOf(to).orElse(to);
        Serving s =
            r.mode() == DeployRequest.Mode.ROLLBACK
                ? target.rollBackTo(b, to, toDigest, r.waitTimeout())
                : target.rollOut(b, to, toDigest, r.waitTimeout());
        served.put(key, s);
        done.add(
            new AppResult(
                key,
                b.place(),
                b.where(),
                b.image(),
                b.revision(),
                to,
                s.created(),
                s.revision(),
                s.state(),
                Duration.between(start, clock.instant()),
                false,
                ""));
      }
    } catch (BosunException failure) {
      List<AppResult> after =
          r.autoRollback() ? rollbackOrExplain(r, target, before, done, served, failure, id) : done;
      boolean rolledBack = r.autoRollback() && !after.isEmpty();
      markFailed(id, shorten(failure.getMessage()), r);
      return new DeployResult(
          r.mode(),
          env.name(),
          image,
          digest,
          gates,
          with(after, kept),
          target.placeLabel(),
          Optional.of(id),
          url,
          rolledBack ? Outcome.ROLLED_BACK : Outcome.FAILED,
          failure.getMessage()
              + (rolledBack
                  ? " Rolled back " + after.size() + " app(s) to their previous revision."
                  : ""),
          rolledBack,
          rolledBack ? autoRollbackFrom(r, pinned, rollbackFrom) : rollbackFrom,
          rolledBack
              ? autoRollbackTo(r, before, pinned, rollbackFrom)
              : rollbackFrom.map(f -> pinned),
          Optional.empty(),
          Optional.of(failure));
    }

    Optional<SmokeRunner.SmokeOutcome> smoked = Optional.empty();
    if (r.smoke()) {
      log.group("Smoke checks on " + env.name());
      SmokeRunner.SmokeOutcome outcome =
          smoke.run(
              r.smokeUrls(), r.smokeChecksFile(), r.smokeDatabase(), commit, r.smokeTimeout());
      outcome.lines().forEach(log::info);
      log.endGroup();
      smoked = Optional.of(outcome);
      if (!outcome.passed()) {
        CheckFailedException failure =
            new CheckFailedException(
                "smoke",
                "Smoke checks failed on "
                    + env.name()
                    + " after deploying "
                    + pinned
                    + (r.autoRollback() ? "." : "; auto-rollback is off, so it stays live."));
        List<AppResult> after =
            r.autoRollback()
                ? rollbackOrExplain(r, target, before, done, served, failure, id)
                : done;
        markFailed(id, "Smoke checks failed" + (r.autoRollback() ? "; rolled back" : ""), r);
        return new DeployResult(
            r.mode(),
            env.name(),
            image,
            digest,
            gates,
            with(after, kept),
            target.placeLabel(),
            Optional.of(id),
            url,
            r.autoRollback() ? Outcome.ROLLED_BACK : Outcome.FAILED,
            "Smoke checks failed on "
                + env.name()
                + (r.autoRollback()
                    ? "; rolled back " + after.size() + " app(s) to their previous revision."
                    : "; auto-rollback is off, so the new revision stays live."),
            r.autoRollback(),
            r.autoRollback() ? autoRollbackFrom(r, pinned, rollbackFrom) : rollbackFrom,
            r.autoRollback()
                ? autoRollbackTo(r, before, pinned, rollbackFrom)
                : rollbackFrom.map(f -> pinned),
            smoked,
            Optional.of(failure));
      }
    }
    ledger.setStatus(id, "success", what, r.runUrl(), url);
    return new DeployResult(
        r.mode(),
        env.name(),
        image,
        digest,
        gates,
        with(done, kept),
        target.placeLabel(),
        Optional.of(id),
        url,
        Outcome.SUCCEEDED,
        (r.mode() == DeployRequest.Mode.ROLLBACK ? "Rolled back " : "Deployed ")
            + (pinnedByApp.values().stream().distinct().count() == 1
                ? pinned
                : "each app to its own previous image")
            + " to "
            + env.name()
            + " ("
            + done.size()
            + " app(s)"
            + (kept.isEmpty() ? "" : "; " + kept.size() + " unchanged")
            + ").",
        false,
        rollbackFrom,
        rollbackFrom.map(f -> pinned),
        smoked,
        Optional.empty());
  }

  /**
   * Rolls back; when that fails too, marks the deployment failed and throws one error that tells
   * both stories, so neither the original failure nor the half-done rollback is hidden.
   */
  private List<AppResult> rollbackOrExplain(
      DeployRequest r,
      DeployTarget target,
      Map<String, Running> before,
      List<AppResult> done,
      Map<String, Serving> served,
      BosunException cause,
      long id) {
    try {
      return rollbackApps(r, target, before, done, served, cause);
    } catch (BosunException rollbackFailure) {
      markFailed(id, "Deploy failed and so did the rollback", r);
      throw new CheckFailedException(
          "rollback",
          cause.getMessage()
              + " Rolling back failed too: "
              + rollbackFailure.getMessage()
              + " Check each app with mode: status and roll back by hand if needed.");
    }
  }

  /**
   * After a deploy was rolled back automatically, what it was rolled back from: the image this run
   * set (a rollback run's own rollback keeps its own from).
   */
  private static Optional<String> autoRollbackFrom(
      DeployRequest r, String pinned, Optional<String> rollbackFrom) {
    return r.mode() == DeployRequest.Mode.DEPLOY ? Optional.of(pinned) : rollbackFrom;
  }

  /**
   * After a deploy was rolled back automatically, what is live again: the first app's image from
   * before this run, for the rollback-to output (notify-slack's live-version).
   */
  private static Optional<String> autoRollbackTo(
      DeployRequest r, Map<String, Running> before, String pinned, Optional<String> rollbackFrom) {
    return r.mode() == DeployRequest.Mode.DEPLOY
        ? before.values().stream().findFirst().map(Running::image)
        : rollbackFrom.map(f -> pinned);
  }

  /**
   * Marks the deployment failed without letting a GitHub hiccup hide the failure being reported.
   */
  private void markFailed(long id, String description, DeployRequest r) {
    try {
      ledger.setStatus(id, "failure", description, r.runUrl(), Optional.empty());
    } catch (BosunException e) {
      log.warning("Could not mark GitHub deployment " + id + " as failed: " + e.getMessage(), null);
    }
  }

  /**
   * Puts every app this run touched (and the one that failed) back on what ran before, through the
   * target's {@link DeployTarget#restore}.
   */
  private List<AppResult> rollbackApps(
      DeployRequest r,
      DeployTarget target,
      Map<String, Running> before,
      List<AppResult> done,
      Map<String, Serving> served,
      BosunException cause) {
    log.warning("Rolling back " + r.env().name() + ": " + shorten(cause.getMessage()), null);
    List<AppResult> out = new ArrayList<>();
    for (Map.Entry<String, Running> e : before.entrySet()) {
      String key = e.getKey();
      Running b = e.getValue();
      Optional<AppResult> deployed = done.stream().filter(a -> a.key().equals(key)).findFirst();
      Running now = target.running(key);
      boolean touched = deployed.isPresent() || !now.image().equals(b.image());
      if (!touched) {
        continue;
      }
      Instant start = clock.instant();
      Serving s = target.restore(b, now, Optional.ofNullable(served.get(key)), r.waitTimeout());
      out.add(
          new AppResult(
              key,
              b.place(),
              b.where(),
              b.image(),
              b.revision(),
              deployed.map(AppResult::newImage).orElse(now.image()),
              s.created(),
              s.revision(),
              s.state(),
              Duration.between(start, clock.instant()),
              true,
              ""));
    }
    return out;
  }

  private List<GateResult> gates(
      List<String> which, DeployRequest r, String digest, Map<String, String> labels) {
    return gates(which, r, digest, labels, false);
  }

  /**
   * Gathers the gates' facts and evaluates them. In a plan ({@code tolerant}) a fact GitHub could
   * not give makes its gate unknown instead of ending the plan, and GitHub is not asked again after
   * it failed once; a deploy fails.
   */
  private List<GateResult> gates(
      List<String> which,
      DeployRequest r,
      String digest,
      Map<String, String> labels,
      boolean tolerant) {
    EnvironmentSpec env = r.env();
    Facts facts = new Facts(tolerant);
    boolean oidcAvailable = false;
    Optional<String> jobEnvironment = Optional.empty();
    if (which.contains(Gates.PROTECTED)) {
      Optional<IdToken> token =
          facts
              .get(
                  Gates.PROTECTED,
                  "the job's OIDC token",
                  "oidc",
                  () -> oidc.token(CLAIMS_AUDIENCE))
              .orElse(Optional.empty());
      oidcAvailable = token.isPresent();
      jobEnvironment = token.flatMap(t -> t.claim("environment"));
    }
    Optional<ReviewerRule> reviewers =
        which.contains(Gates.REVIEWERS)
            ? facts.get(
                Gates.REVIEWERS,
                "GitHub environment " + env.name(),
                "github",
                () -> ledger.reviewerRule(env.name()))
            : Optional.empty();
    Map<String, Optional<Long>> promoted = new LinkedHashMap<>();
    if (which.contains(Gates.PROMOTE_FROM)) {
      Predicate<PastDeployment> proof = promotionProof(env, r.apps(), digest, labels);
      for (String upstream : env.promoteFrom()) {
        promoted.put(
            upstream,
            facts
                .get(
                    Gates.PROMOTE_FROM,
                    "the deployments of " + upstream,
                    "github",
                    () -> ledger.lastSuccessful(upstream, proof).map(PastDeployment::id))
                .orElse(Optional.empty()));
      }
    }
    GateFacts gateFacts =
        new GateFacts(
            oidcAvailable,
            jobEnvironment,
            reviewers,
            promoted,
            digest,
            r.ref(),
            labels,
            clock.instant(),
            r.overrideReason());
    return Gates.evaluate(which, env, r.apps(), gateFacts).stream()
        .map(
            g ->
                facts.unknown.containsKey(g.gate())
                    ? GateResult.unknown(g.gate(), facts.unknown.get(g.gate()))
                    : g)
        .toList();
  }

  /**
   * The gates' outside facts for one evaluation, and in a plan which of them could not be had and
   * why.
   */
  private final class Facts {
    private final boolean tolerant;
    private final Map<String, String> unknown = new LinkedHashMap<>();
    private final Map<String, String> down = new LinkedHashMap<>();

    Facts(boolean tolerant) {
      this.tolerant = tolerant;
    }

    /**
     * {@code ask}'s answer; in a plan, empty when {@code system} failed now or earlier, and the
     * gate unknown.
     */
    <T> Optional<T> get(
        String gate, String what, String system, java.util.function.Supplier<T> ask) {
      if (down.containsKey(system)) {
        unknown.putIfAbsent(gate, "Could not read " + what + ": " + down.get(system));
        return Optional.empty();
      }
      try {
        return Optional.of(ask.get());
      } catch (dev.bosun.support.OutsideSystemException e) {
        if (!tolerant) {
          throw e;
        }
        down.put(system, shorten(e.getMessage()) + " (not asked again in this plan)");
        unknown.putIfAbsent(
            gate,
            "Could not read "
                + what
                + ": "
                + shorten(e.getMessage())
                + ". A deploy refuses until this can be checked.");
        log.warning("Plan goes on without " + what + ": " + shorten(e.getMessage()), null);
        return Optional.empty();
      }
    }
  }

  /**
   * The git tag or version being deployed: the image tag when it is a version, else the version
   * label.
   */
  private static Optional<String> version(Map<String, Object> payload) {
    return Optional.ofNullable(payload.get("tag"))
        .map(Object::toString)
        .filter(t -> t.matches("v?\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?"))
        .or(() -> Optional.ofNullable(payload.get("version")).map(Object::toString));
  }

  /**
   * Which upstream deployment proves a promotion: one of the same digest; for an app built per
   * environment, one of the same commit (the image's revision label) that included that app (see
   * {@link Gates#promotesByCommit}).
   */
  static Predicate<PastDeployment> promotionProof(
      EnvironmentSpec env, List<String> apps, String digest, Map<String, String> labels) {
    if (!Gates.promotesByCommit(env, apps)) {
      return d -> d.digest().filter(digest::equals).isPresent();
    }
    String commit = labels.getOrDefault(Gates.REVISION_LABEL, "");
    List<String> perEnvironment = Gates.builtPerEnvironment(env, apps);
    return d ->
        !commit.isBlank()
            && commit.equalsIgnoreCase(d.sha())
            && d.payload().get("apps") instanceof Map<?, ?> deployed
            && perEnvironment.stream().allMatch(deployed::containsKey);
  }

  /**
   * The environment's {@code url}, else what the target offers (the first app's ingress address).
   */
  private static Optional<String> environmentUrl(
      EnvironmentSpec env, DeployTarget target, Map<String, Running> states) {
    return Optional.ofNullable(env.url()).or(() -> target.defaultUrl(states.values()));
  }

  private static boolean matches(PastDeployment d, String key, String to) {
    String want = to.trim();
    // a digest, or a target's own artifact id (a Vercel deployment id)
    if (d.digestFor(key).filter(want::equals).isPresent()) {
      return true;
    }
    if (want.startsWith("sha256:")) {
      return false;
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

  private static List<AppResult> with(List<AppResult> changed, List<AppResult> kept) {
    List<AppResult> all = new ArrayList<>(changed);
    all.addAll(kept);
    return all;
  }

  private static String shorten(String s) {
    String one = s == null ? "" : s.lines().findFirst().orElse("");
    return one.length() > 300 ? one.substring(0, 297) + "..." : one;
  }
}
