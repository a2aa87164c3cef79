package dev.bosun.support;

import java.time.Duration;

/** Waiting, behind an interface so tests can run retries without real sleeps. */
@FunctionalInterface
public interface Sleeper {

  Sleeper REAL =
      d -> {
        if (!d.isZero() && !d.isNegative()) {
          Thread.sleep(d.toMillis());
        }
      };

  void sleep(Duration duration) throws InterruptedException;
}
