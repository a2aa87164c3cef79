package dev.bosun.deploy;

import dev.bosun.migrate.DatabaseTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Runs the smoke checks right after a deploy. */
public interface SmokeRunner {

  /**
   * @param urls URLs to check (each expected to answer 200)
   * @param checksFile a smoke-check checks file
   * @param database the database for its {@code sql:} entries, if any
   * @param expectedSha the commit just deployed, for checks that say {@code expect-version: true}
   * @param timeout how long the checks may keep retrying before they count as failed
   */
  SmokeOutcome run(
      List<String> urls,
      Optional<Path> checksFile,
      Optional<DatabaseTarget> database,
      String expectedSha,
      Duration timeout);

  /**
   * Reads the checks without running them, so a broken checks file is bad input before anything is
   * deployed.
   */
  void validate(
      List<String> urls,
      Optional<Path> checksFile,
      Optional<DatabaseTarget> database,
      String expectedSha);

  /** Whether the checks passed, and one line per check for the log and summary. */
  record SmokeOutcome(boolean passed, List<String> lines) {
    public SmokeOutcome {
      lines = List.copyOf(lines);
    }
  }
}
