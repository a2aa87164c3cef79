package dev.bosun.support;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Capped exponential backoff with jitter; the same shape for every retry bosun makes.
 *
 * @param initial the first wait
 * @param max the cap on any one wait
 * @param multiplier growth per attempt
 * @param jitter fraction of each wait that is randomised (0 to 1), so parallel retries spread out
 */
public record Backoff(Duration initial, Duration max, double multiplier, double jitter) {

  public Backoff {
    if (initial.isNegative()
        || max.compareTo(initial) < 0
        || multiplier < 1
        || jitter < 0
        || jitter > 1) {
      throw new IllegalArgumentException(
          "bad backoff " + initial + " " + max + " " + multiplier + " " + jitter);
    }
  }

  /** 1s, doubling, capped at 10s, with 20% jitter: the default for SaaS calls. */
  public static Backoff standard() {
    return new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), 2.0, 0.2);
  }

  /** The wait before retry number {@code attempt} (1-based). */
  public Duration delay(int attempt) {
    double base = initial.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
    double capped = Math.min(base, max.toMillis());
    double spread = capped * jitter * (ThreadLocalRandom.current().nextDouble() * 2 - 1);
    return Duration.ofMillis(Math.max(0, Math.round(Math.min(capped + spread, max.toMillis()))));
  }
}
