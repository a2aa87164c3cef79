package dev.bosun.cli;

import dev.bosun.actions.ActionRuntime;
import dev.bosun.actions.CliOnly;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Flags every command has on a laptop; in Actions the runner provides these through its
 * environment.
 */
public final class CommonOptions {

  @CliOnly
  @Option(
      names = "--summary-file",
      paramLabel = "FILE",
      description =
          "Append the Markdown step summary to FILE (in Actions it goes to $GITHUB_STEP_SUMMARY).")
  Path summaryFile;

  @CliOnly
  @Option(
      names = "--debug",
      description = "Print debug lines and stack traces (as RUNNER_DEBUG=1 does in Actions).")
  boolean debug;

  void apply(ActionRuntime runtime) {
    if (debug) {
      runtime.log().setDebug(true);
    }
    runtime.summary().targetIfAbsent(summaryFile);
  }
}
