package dev.bosun.deploy.vercel;

import dev.bosun.deploy.vercel.Vercel.Deployment;
import dev.bosun.deploy.vercel.Vercel.Project;
import dev.bosun.support.BadInputException;
import dev.bosun.support.CheckFailedException;
import dev.bosun.support.Durations;
import dev.bosun.support.OutsideSystemException;
import dev.bosun.support.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Promotes a Vercel deployment that was built once to production, without a rebuild, and waits
 * until production (and the production domain) serves it; or rolls production back to an earlier
 * deployment the same way.
 */
public final class VercelPromotion {

  /** How many of a project's READY deployments are searched for a commit. */
  static final int SEARCH = 50;

  private final Vercel api;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Consumer<String> progress;
  private final Duration poll;

  public VercelPromotion(
      Vercel api, Clock clock, Sleeper sleeper, Consumer<String> progress, Duration poll) {
    this.api = api;
    this.clock = clock;
    this.sleeper = sleeper;
    this.progress = progress;
    this.poll = poll;
  }

  /**
   * The deployment to promote and whether it is a preview build.
   *
   * @param preview promoting it makes Vercel build it again for production: not the tested artifact
   */
  public record Choice(Deployment deployment, boolean preview) {}

  /**
   * The deployment named by the {@code deployment} input, else the newest READY one built from
   * {@code sha}, preferring a production build (which promotes as it is) to a preview build (which
   * Vercel rebuilds).
   */
  public Choice choose(String key, String projectId, Optional<String> named, String sha) {
    Deployment d;
    if (named.isPresent()) {
      d = api.deployment(named.get());
      if (!d.projectId().isEmpty() && !d.projectId().equals(projectId)) {
        throw new BadInputException(
            "deployment",
            "Input 'deployment' names "
                + d.id()
                + " ("
                + d.url()
                + "), which "
                + "belongs to Vercel project "
                + d.projectId()
                + ", not to "
                + key
                + "'s project "
                + projectId
                + ".");
      }
    } else {
      List<Deployment> ready =
          api.deployments(projectId, Optional.of(sha), Optional.of("READY"), SEARCH);
      d =
          ready.stream()
              .filter(x -> !x.preview())
              .max(Comparator.comparing(Deployment::created))
              .or(() -> ready.stream().max(Comparator.comparing(Deployment::created)))
              .orElseThrow(
                  () ->
                      new CheckFailedException(
                          "deployment",
                          key
                              + ": Vercel project "
                              + projectId
                              + " has no "
                              + "READY deployment of commit "
                              + sha
                              + ". Let Vercel build that commit first (its Git integration or "
                              + "'vercel deploy --prod --skip-domain'), or name the deployment with the 'deployment' input."));
    }
    if (!d.ready()) {
      throw new CheckFailedException(
          "deployment",
          key
              + ": Vercel deployment "
              + d.id()
              + " ("
              + d.url()
              + ") is "
              + d.state()
              + ", not READY; only a deployment that finished building can be promoted.");
    }
    return new Choice(d, d.preview());
  }

  /**
   * Points production at {@code choice} and waits until Vercel reports it done and, when {@code
   * domain} is given, until that domain points at it. Returns the deployment production serves now:
   * the chosen one, or for a preview build the production build Vercel made of it.
   */
  public Deployment promote(
      String key, String projectId, Choice choice, Optional<String> domain, Duration timeout) {
    Deployment d = choice.deployment();
    Project before = api.project(projectId);
    api.promote(projectId, d.id());
    progress.accept(key + ": promoting Vercel deployment " + d.id() + " (" + d.url() + ")");
    return settle(
        key,
        projectId,
        "promote",
        choice.preview() ? Optional.empty() : Optional.of(d.id()),
        d.sha(),
        before,
        domain,
        timeout);
  }

  /** Vercel's instant rollback to {@code deploymentId}, waited for as a promotion is. */
  public Deployment rollback(
      String key,
      String projectId,
      String deploymentId,
      String reason,
      Optional<String> domain,
      Duration timeout) {
    Project before = api.project(projectId);
    api.rollback(projectId, deploymentId, reason);
    progress.accept(key + ": rolling Vercel production back to " + deploymentId);
    return settle(
        key,
        projectId,
        "rollback",
        Optional.of(deploymentId),
        Optional.empty(),
        before,
        domain,
        timeout);
  }

  /**
   * Waits until production serves the expected deployment: {@code id} when known, else (a rebuilt
   * preview) a new production deployment of {@code sha}. Only an alias request other than the one
   * {@code before} showed is this run's; Vercel's clock is not compared with the runner's.
   */
  private Deployment settle(
      String key,
      String projectId,
      String type,
      Optional<String> id,
      Optional<String> sha,
      Project before,
      Optional<String> domain,
      Duration timeout) {
    Instant start = clock.instant();
    Instant deadline = start.plus(timeout);
    String last = "";
    for (; ; ) {
      Project p = api.project(projectId);
      Optional<Vercel.AliasRequest> req =
          p.lastRequest().filter(r -> !p.lastRequest().equals(before.lastRequest()));
      String job = req.map(Vercel.AliasRequest::jobStatus).orElse("");
      if ("failed".equals(job)) {
        throw new CheckFailedException(
            "deploy",
            key
                + ": Vercel could not point production at "
                + id.orElse("the new build")
                + " ("
                + type
                + " failed). See the project's Deployments page in the "
                + "Vercel dashboard.");
      }
      Optional<String> serving = p.productionDeploymentId();
      boolean arrived =
          id.isPresent()
              ? serving.equals(id)
              : serving.isPresent()
                  && !serving.equals(before.productionDeploymentId())
                  && (job.isEmpty() || "succeeded".equals(job));
      String state =
          "production " + serving.orElse("(none)") + (job.isEmpty() ? "" : ", " + type + " " + job);
      if (!state.equals(last)) {
        progress.accept(
            "  "
                + key
                + ": "
                + state
                + " ("
                + Durations.format(Duration.between(start, clock.instant()))
                + ")");
        last = state;
      }
      if (arrived && !"pending".equals(job) && !"in-progress".equals(job)) {
        Deployment now = api.deployment(serving.get());
        if (id.isEmpty()) {
          if ("ERROR".equals(now.state()) || "CANCELED".equals(now.state())) {
            throw new CheckFailedException(
                "deploy",
                key
                    + ": Vercel's production build "
                    + now.id()
                    + " of the "
                    + "promoted preview ended "
                    + now.state()
                    + ".");
          }
          if (!now.ready() || (sha.isPresent() && !now.sha().equals(sha))) {
            pause(deadline, key, "Vercel to build and serve the promoted preview");
            continue;
          }
        }
        if (domain.isEmpty()
            || api.aliasTarget(projectId, domain.get()).filter(now.id()::equals).isPresent()) {
          return now;
        }
        pause(deadline, key, domain.get() + " to point at " + now.id());
        continue;
      }
      pause(deadline, key, "production to serve " + id.orElse("the promoted preview"));
    }
  }

  private void pause(Instant deadline, String key, String waitingFor) {
    Duration left = Duration.between(clock.instant(), deadline);
    if (left.isNegative() || left.isZero()) {
      throw new CheckFailedException(
          "wait-timeout",
          key
              + ": gave up waiting for "
              + waitingFor
              + " after the "
              + "wait-timeout. Raise 'wait-timeout', or check the project's Deployments page in the Vercel dashboard.");
    }
    try {
      sleeper.sleep(left.compareTo(poll) < 0 ? left : poll);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OutsideSystemException("vercel", "Interrupted while waiting for " + waitingFor);
    }
  }
}
