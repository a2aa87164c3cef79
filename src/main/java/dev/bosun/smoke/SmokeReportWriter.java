package dev.bosun.smoke;

import dev.bosun.actions.ActionRuntime;
import dev.bosun.actions.Annotation;
import dev.bosun.support.BadInputException;
import dev.bosun.support.CheckFailedException;
import dev.bosun.support.Durations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Turns a {@link SmokeReport} into what the job shows: one {@code ::error title=smoke-check::} per
 * failed check, the {@code passed} and {@code results} outputs, a summary table and an optional
 * JUnit file. deploy-env calls the parts it needs ({@link #annotate}, {@link #summarize}).
 */
public final class SmokeReportWriter {

  /** The annotation title of every smoke failure. */
  public static final String TITLE = "smoke-check";

  private final ActionRuntime runtime;

  public SmokeReportWriter(ActionRuntime runtime) {
    this.runtime = runtime;
  }

  /**
   * Everything, for the smoke-check command: annotations, outputs, summary, JUnit file; then a
   * failed check ends the step with exit code 1.
   *
   * @param junitInput the input that named {@code junitFile}, for errors
   */
  public void write(SmokeReport report, Optional<Path> junitFile, String junitInput) {
    annotate(report);
    runtime.outputs().set("passed", Boolean.toString(report.passed()));
    runtime.outputs().set("results", report.toJson());
    summarize(report, "smoke-check");
    runtime.summary().write();
    junitFile.ifPresent(file -> junit(report, file, junitInput));
    if (!report.passed()) {
      throw CheckFailedException.alreadyReported(
          TITLE,
          report.failures().size() + " of " + report.results().size() + " smoke check(s) failed");
    }
  }

  /** One error annotation per failed check, and a one-line verdict. */
  public void annotate(SmokeReport report) {
    for (CheckResult r : report.failures()) {
      runtime.log().error(message(r), Annotation.titled(TITLE));
    }
    runtime
        .log()
        .info(
            report.passed()
                ? "All "
                    + report.results().size()
                    + " smoke check(s) passed in "
                    + Durations.format(Duration.ofMillis(report.elapsedMs()))
                : report.failures().size()
                    + " of "
                    + report.results().size()
                    + " smoke check(s) failed");
  }

  /**
   * The failure line: the check, why, the last status and attempts, and the start of the last body.
   */
  public static String message(CheckResult r) {
    return r.name()
        + (r.name().equals(r.target()) ? "" : " (" + r.target() + ")")
        + " failed: "
        + r.reason()
        + ". Last status "
        + (r.status() == null ? "none" : r.status())
        + " after "
        + r.attempts()
        + " attempt(s) in "
        + Durations.format(Duration.ofMillis(r.elapsedMs()))
        + "."
        + (r.excerpt().isEmpty() ? "" : " Body: " + r.excerpt())
        + (r.bodyCut()
            ? " (the body was longer than " + ResponseBody.CAP_TEXT + "; only that much was read)"
            : "");
  }

  /**
   * A heading and a table of the results in the step summary (written later, with the rest of the
   * summary).
   */
  public void summarize(SmokeReport report, String heading) {
    runtime.summary().heading(3, heading + ": " + (report.passed() ? "✅ passed" : "❌ failed"));
    List<List<String>> rows =
        report.results().stream()
            .map(
                r ->
                    List.of(
                        r.name(),
                        r.target(),
                        r.status() == null ? "—" : r.status().toString(),
                        Integer.toString(r.attempts()),
                        r.latencyMs() + " ms",
                        (r.ok() ? "✅ ok" : "❌ " + r.reason())
                            + (r.bodyCut() ? " (body cut at " + ResponseBody.CAP_TEXT + ")" : "")))
            .toList();
    runtime
        .summary()
        .table(List.of("Check", "URL", "Status", "Attempts", "Latency", "Result"), rows);
  }

  /** Writes the JUnit XML report, secrets masked. */
  public void junit(SmokeReport report, Path file, String input) {
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.writeString(
          file,
          JUnitReport.render(report, TITLE, runtime.masker()::redact),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new BadInputException(
          input,
          "Input '" + input + "': cannot write the report to '" + file + "': " + e.getMessage());
    }
  }
}
