package dev.bosun.deploy;

import dev.bosun.actions.ActionRuntime;
import dev.bosun.migrate.DatabaseTarget;
import dev.bosun.smoke.Check;
import dev.bosun.smoke.CheckResult;
import dev.bosun.smoke.CheckSources;
import dev.bosun.smoke.Expectations;
import dev.bosun.smoke.Probers;
import dev.bosun.smoke.SmokeKinds;
import dev.bosun.smoke.SmokeReport;
import dev.bosun.smoke.SmokeRequest;
import dev.bosun.smoke.SmokeService;
import dev.bosun.smoke.SmokeSystems;
import dev.bosun.support.Durations;
import dev.bosun.support.Sleeper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link SmokeRunner} on the smoke-check engine, so inline smoke behaves exactly as the smoke-check
 * action.
 */
public final class EngineSmokeRunner implements SmokeRunner {

  static final SmokeRequest.Names NAMES =
      new SmokeRequest.Names(
          "smoke-timeout", "smoke-interval", "smoke-request-timeout", "smoke-concurrency");

  private final ActionRuntime runtime;
  private final Sleeper sleeper;
  private final Clock clock;

  public EngineSmokeRunner(ActionRuntime runtime, Sleeper sleeper, Clock clock) {
    this.runtime = runtime;
    this.sleeper = sleeper;
    this.clock = clock;
  }

  @Override
  public void validate(
      List<String> urls,
      Optional<Path> checksFile,
      Optional<DatabaseTarget> database,
      String expectedSha) {
    checks(urls, checksFile, kinds(database), expectedSha);
  }

  /** The same kinds as smoke-check, SQL included; its database comes from smoke-database-url. */
  private static SmokeKinds kinds(Optional<DatabaseTarget> database) {
    return new SmokeKinds(database, "smoke-database-url");
  }

  private List<Check> checks(
      List<String> urls, Optional<Path> checksFile, SmokeKinds kinds, String expectedSha) {
    CheckSources sources =
        new CheckSources(
            "smoke-url",
            urls,
            "smoke-checks-file",
            checksFile,
            Expectations.ok(),
            Map.of(),
            Optional.of(expectedSha).filter(s -> !s.isBlank()));
    return sources.checks(runtime.env(), runtime.log()::addMask, kinds);
  }

  @Override
  public SmokeOutcome run(
      List<String> urls,
      Optional<Path> checksFile,
      Optional<DatabaseTarget> database,
      String expectedSha,
      Duration timeout) {
    SmokeKinds kinds = kinds(database);
    SmokeRequest request =
        SmokeRequest.parse(
            checks(urls, checksFile, kinds, expectedSha),
            NAMES,
            timeout,
            Durations.positive(SmokeRequest.DEFAULT_INTERVAL),
            Durations.positive(SmokeRequest.DEFAULT_REQUEST_TIMEOUT),
            SmokeRequest.DEFAULT_CONCURRENCY);
    SmokeReport report;
    try (Probers probers = kinds.probers(SmokeSystems.real(runtime), request.requestTimeout())) {
      report = new SmokeService(probers, runtime.log()::info, sleeper, clock).run(request);
    }
    return new SmokeOutcome(
        report.passed(), report.results().stream().map(EngineSmokeRunner::line).toList());
  }

  private static String line(CheckResult r) {
    return (r.ok() ? "PASS " : "FAIL ")
        + r.name()
        + " ("
        + r.target()
        + "): "
        + (r.status() == null
            ? (r.target().startsWith("http") ? "no response" : "query")
            : "HTTP " + r.status())
        + " after "
        + r.attempts()
        + " attempt(s)"
        + (r.ok() || r.reason().isBlank() ? "" : " - " + r.reason());
  }
}
