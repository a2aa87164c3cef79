package dev.bosun.smoke;

import dev.bosun.support.BadInputException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What to check and how long to try.
 *
 * @param checks the checks, with unique names
 * @param timeout the overall deadline for all checks together
 * @param interval the first wait between attempts; later waits grow by half each time, capped, with
 *     jitter
 * @param requestTimeout the longest one attempt may take
 * @param concurrency how many checks run at once
 */
public record SmokeRequest(
    List<Check> checks,
    Duration timeout,
    Duration interval,
    Duration requestTimeout,
    int concurrency) {

  public static final String DEFAULT_TIMEOUT = "2m";
  public static final String DEFAULT_INTERVAL = "2s";
  public static final String DEFAULT_REQUEST_TIMEOUT = "10s";
  public static final int DEFAULT_CONCURRENCY = 8;

  public SmokeRequest {
    checks = List.copyOf(checks);
    if (checks.isEmpty()) {
      throw new IllegalArgumentException("no checks");
    }
    Set<String> names = new HashSet<>();
    checks.forEach(
        c -> {
          if (!names.add(c.name())) {
            throw new BadInputException(
                "checks", "Two checks are named '" + c.name() + "'; give each check its own name.");
          }
        });
  }

  /**
   * Checks the settings, naming the input in its error (the {@code names} are the caller's input
   * names, so deploy-env can say {@code smoke-timeout}); the durations are parsed by picocli.
   */
  public static SmokeRequest parse(
      List<Check> checks,
      Names names,
      Duration timeout,
      Duration interval,
      Duration requestTimeout,
      int concurrency) {
    if (concurrency < 1) {
      throw new BadInputException(
          names.concurrency(),
          "Input '" + names.concurrency() + "' is " + concurrency + "; it must be 1 or more.");
    }
    return new SmokeRequest(checks, timeout, interval, requestTimeout, concurrency);
  }

  /** The input names behind the timing settings. */
  public record Names(String timeout, String interval, String requestTimeout, String concurrency) {
    public static final Names SMOKE_CHECK =
        new Names("timeout", "interval", "request-timeout", "concurrency");
  }
}
