package dev.bosun.smoke;

import dev.bosun.actions.Log;
import dev.bosun.support.Backoff;
import dev.bosun.support.Durations;
import dev.bosun.support.OutsideSystemException;
import dev.bosun.support.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Runs smoke checks concurrently, each retried with capped, jittered backoff until it passes or the
 * shared deadline passes. Used by {@code smoke-check} and by {@code deploy-env}'s inline smoke
 * step.
 */
public final class SmokeService {

  /** Waits never grow beyond this, unless the interval itself is longer. */
  static final Duration MAX_WAIT = Duration.ofSeconds(10);

  /** No attempt is started with less time than this left: it could not succeed. */
  static final Duration LAST_ATTEMPT = Duration.ofMillis(500);

  private final Probers probers;
  private final Consumer<String> progress;
  private final Sleeper sleeper;
  private final Clock clock;

  /**
   * @param progress receives one line per failed attempt that will be retried, for the log
   */
  public SmokeService(Probers probers, Consumer<String> progress, Sleeper sleeper, Clock clock) {
    this.probers = probers;
    this.progress = progress;
    this.sleeper = sleeper;
    this.clock = clock;
  }

  public SmokeService(Probers probers, Consumer<String> progress) {
    this(probers, progress, Sleeper.REAL, Clock.systemUTC());
  }

  public SmokeReport run(SmokeRequest request) {
    Instant start = clock.instant();
    Instant deadline = start.plus(request.timeout());
    Backoff backoff =
        new Backoff(
            request.interval(),
            request.interval().compareTo(MAX_WAIT) > 0 ? request.interval() : MAX_WAIT,
            1.5,
            0.2);
    Semaphore slots = new Semaphore(request.concurrency());
    List<CheckResult> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<CheckResult>> running = new ArrayList<>();
      for (Check check : request.checks()) {
        running.add(
            pool.submit(
                () -> {
                  slots.acquire();
                  try {
                    return runOne(check, deadline, request.requestTimeout(), backoff);
                  } finally {
                    slots.release();
                  }
                }));
      }
      for (Future<CheckResult> f : running) {
        results.add(f.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OutsideSystemException("smoke-check", "Interrupted while running smoke checks");
    } catch (ExecutionException e) {
      throw new IllegalStateException("A smoke check failed unexpectedly", e.getCause());
    }
    return new SmokeReport(results, Duration.between(start, clock.instant()).toMillis());
  }

  private CheckResult runOne(
      Check check, Instant deadline, Duration requestTimeout, Backoff backoff)
      throws InterruptedException {
    Instant first = clock.instant();
    Duration floor = requestTimeout.compareTo(LAST_ATTEMPT) < 0 ? requestTimeout : LAST_ATTEMPT;
    int attempts = 0;
    Outcome last;
    while (true) {
      Duration left = Duration.between(clock.instant(), deadline);
      Duration timeout = min(requestTimeout, left.compareTo(floor) < 0 ? floor : left);
      attempts++;
      last = probers.probe(check, timeout);
      if (last.ok() || !check.retries(last)) {
        break;
      }
      left = Duration.between(clock.instant(), deadline);
      if (left.compareTo(floor) <= 0) {
        break;
      }
      Duration wait = min(backoff.delay(attempts), left.minus(floor));
      progress.accept(
          Log.format(
              "{}: attempt {} failed ({}); retrying in {}",
              check.name(),
              attempts,
              last.reason(),
              Durations.format(wait)));
      sleeper.sleep(wait);
    }
    return new CheckResult(
        check.name(),
        check.target(),
        last.status(),
        attempts,
        last.latencyMs(),
        last.ok(),
        last.reason(),
        last.excerpt(),
        Duration.between(first, clock.instant()).toMillis(),
        last.bodyCut());
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
