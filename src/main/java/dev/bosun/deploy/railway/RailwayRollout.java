package dev.bosun.deploy.railway;

import dev.bosun.deploy.railway.Railway.Deployment;
import dev.bosun.image.registry.RegistryCredential;
import dev.bosun.support.CheckFailedException;
import dev.bosun.support.Durations;
import dev.bosun.support.OutsideSystemException;
import dev.bosun.support.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Rolls one Railway service instance to an image and waits until Railway runs exactly that image,
 * or puts back an image that ran before: Railway's own rollback when a recent deployment ran it,
 * else a fresh deploy of it. Railway is polled no faster than every 10 seconds, because its hourly
 * API limits are small on the lower plans.
 */
public final class RailwayRollout {

  /** The fastest bosun asks Railway for a deployment's state. */
  public static final Duration MIN_POLL = Duration.ofSeconds(10);

  /** How many recent deployments are searched for one to roll back to. */
  static final int HISTORY = 20;

  private final Railway api;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Consumer<String> progress;
  private final Duration poll;

  /**
   * @param poll how often to poll; anything below {@link #MIN_POLL} is raised to it
   */
  public RailwayRollout(
      Railway api, Clock clock, Sleeper sleeper, Consumer<String> progress, Duration poll) {
    this.api = api;
    this.clock = clock;
    this.sleeper = sleeper;
    this.progress = progress;
    this.poll = poll.compareTo(MIN_POLL) < 0 ? MIN_POLL : poll;
  }

  /**
   * Sets the image, deploys it and waits until the new deployment succeeds running that very image.
   */
  public Deployment deploy(
      String environmentId,
      String serviceId,
      String key,
      String image,
      Optional<RegistryCredential> registry,
      Duration timeout) {
    api.setImage(environmentId, serviceId, image, registry);
    String id = api.deploy(environmentId, serviceId);
    progress.accept(key + ": Railway deployment " + id + " of " + image);
    return waitFor(key, id, image, timeout);
  }

  /**
   * Puts {@code image} back: rolls back to the newest recent deployment that ran it when Railway
   * still can, else deploys it afresh. Either way it waits until a deployment runs it.
   */
  public Deployment restore(
      String environmentId,
      String serviceId,
      String key,
      String image,
      Optional<RegistryCredential> registry,
      Duration timeout) {
    Optional<Deployment> earlier =
        api.deployments(environmentId, serviceId, HISTORY).stream()
            .filter(
                d ->
                    d.canRollback()
                        && d.image().filter(i -> sameImage(i, image)).isPresent()
                        && !d.status().equals(Railway.Status.FAILED)
                        && !d.status().equals(Railway.Status.CRASHED))
            .findFirst();
    if (earlier.isEmpty()) {
      progress.accept(
          key
              + ": no recent Railway deployment of "
              + image
              + " can be rolled back to; deploying it");
      return deploy(environmentId, serviceId, key, image, registry, timeout);
    }
    String before =
        api.serviceInstance(environmentId, serviceId).latest().map(Deployment::id).orElse("");
    api.rollback(earlier.get().id());
    progress.accept(
        key + ": Railway rollback to deployment " + earlier.get().id() + " (" + image + ")");
    Instant deadline = clock.instant().plus(timeout);
    // deploymentRollback answers only true: the new deployment is the service's next latest one
    for (; ; ) {
      Optional<Deployment> latest = api.serviceInstance(environmentId, serviceId).latest();
      if (latest.isPresent() && !latest.get().id().equals(before)) {
        return waitFor(key, latest.get().id(), image, Duration.between(clock.instant(), deadline));
      }
      pause(deadline, key, "the rollback deployment to start");
    }
  }

  /** Waits until deployment {@code id} succeeds, and checks that it runs {@code image}. */
  public Deployment waitFor(String key, String id, String image, Duration timeout) {
    Instant start = clock.instant();
    Instant deadline = start.plus(timeout);
    Railway.Status last = null;
    for (; ; ) {
      Deployment d = api.deployment(id);
      if (d.status() != last) {
        progress.accept(
            "  "
                + key
                + ": deployment "
                + id
                + " "
                + d.status()
                + " ("
                + Durations.format(Duration.between(start, clock.instant()))
                + ")");
        last = d.status();
      }
      if (d.status().failed()) {
        throw new CheckFailedException(
            "deploy",
            key
                + ": Railway deployment "
                + id
                + " of "
                + image
                + " ended "
                + d.status()
                + ". Read its logs in the Railway dashboard (service > Deployments > "
                + id
                + ") or with "
                + "'railway logs --deployment "
                + id
                + "'.");
      }
      if (d.status().live()) {
        if (d.image().filter(i -> sameImage(i, image)).isEmpty()) {
          // a redeploy of the service's old source looks like success; only the image it runs tells
          // them apart
          throw new CheckFailedException(
              "deploy",
              key
                  + ": Railway deployment "
                  + id
                  + " succeeded but runs "
                  + d.image().orElse("no image (a repository build)")
                  + ", not "
                  + image
                  + ". Check that the service's "
                  + "source is this image and that nothing else deployed it meanwhile.");
        }
        return d;
      }
      pause(
          deadline, key, "deployment " + id + " of " + image + " (last status " + d.status() + ")");
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
              + "wait-timeout. Raise 'wait-timeout' if the service builds or starts slowly, or read its deploy logs in "
              + "the Railway dashboard.");
    }
    try {
      sleeper.sleep(left.compareTo(poll) < 0 ? left : poll);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OutsideSystemException("railway", "Interrupted while waiting for " + waitingFor);
    }
  }

  /** Same image when both name the same digest, or, without digests, are the same text. */
  static boolean sameImage(String running, String wanted) {
    int a = running.indexOf("@sha256:");
    int b = wanted.indexOf("@sha256:");
    if (a >= 0 && b >= 0) {
      return running.substring(a + 1).equals(wanted.substring(b + 1));
    }
    return running.equals(wanted);
  }
}
