package dev.bosun.deploy.target;

import dev.bosun.actions.Log;
import dev.bosun.support.CheckFailedException;
import dev.bosun.support.Durations;
import dev.bosun.support.OutsideSystemException;
import dev.bosun.support.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * How often a target looks while it waits for an app, and how often it says so: growing pauses, one
 * deadline.
 */
public record Polling(Duration first, Duration max, Duration progressEvery) {

  public static Polling standard() {
    return new Polling(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(10));
  }

  /**
   * Reads with {@code read} until {@code done} holds, {@code failed} gives a reason, or {@code
   * timeout} passes (then {@code late} gives the message). Progress goes to {@code log} every
   * {@link #progressEvery}.
   */
  public <T> T until(
      Supplier<T> read,
      Predicate<T> done,
      Function<T, Optional<String>> failed,
      Function<T, String> progress,
      Function<T, String> late,
      Duration timeout,
      Clock clock,
      Sleeper sleeper,
      Log log) {
    return until(
        "revision",
        "wait-timeout",
        read,
        done,
        failed,
        progress,
        late,
        timeout,
        clock,
        sleeper,
        log);
  }

  /** As above, with the subjects (annotation titles) of a failure and of a timeout. */
  public <T> T until(
      String failedSubject,
      String lateSubject,
      Supplier<T> read,
      Predicate<T> done,
      Function<T, Optional<String>> failed,
      Function<T, String> progress,
      Function<T, String> late,
      Duration timeout,
      Clock clock,
      Sleeper sleeper,
      Log log) {
    Instant start = clock.instant();
    Instant deadline = start.plus(timeout);
    Instant nextProgress = start.plus(progressEvery);
    Duration pause = first;
    while (true) {
      T state = read.get();
      if (done.test(state)) {
        return state;
      }
      Optional<String> why = failed.apply(state);
      if (why.isPresent()) {
        throw new CheckFailedException(failedSubject, why.get());
      }
      Instant now = clock.instant();
      if (!now.isBefore(deadline)) {
        throw new CheckFailedException(lateSubject, late.apply(state));
      }
      if (!now.isBefore(nextProgress)) {
        log.info(
            "  "
                + progress.apply(state)
                + " ("
                + Durations.format(Duration.between(start, now))
                + ")");
        nextProgress = now.plus(progressEvery);
      }
      Duration left = Duration.between(now, deadline);
      try {
        sleeper.sleep(pause.compareTo(left) < 0 ? pause : left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new OutsideSystemException(
            "deploy", "Interrupted while waiting: " + progress.apply(state));
      }
      pause = pause.multipliedBy(2).compareTo(max) > 0 ? max : pause.multipliedBy(2);
    }
  }
}
