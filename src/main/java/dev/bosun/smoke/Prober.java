package dev.bosun.smoke;

import java.time.Duration;

/**
 * Makes one attempt at one kind of check. The narrow seam between {@link SmokeService} (retries,
 * deadline, concurrency) and an outside system (HTTP today, SQL later).
 *
 * @param <C> the kind of check this prober understands
 */
@FunctionalInterface
public interface Prober<C extends Check> {

  /**
   * One attempt, bounded by {@code timeout}. Failures of the outside system (refused, timed out,
   * 5xx, wrong body) are returned as a failed {@link Outcome}, not thrown, so the service can retry
   * them.
   */
  Outcome probe(C check, Duration timeout) throws InterruptedException;
}
