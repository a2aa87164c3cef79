package dev.bosun.cli;

import dev.bosun.actions.ActionRuntime;
import dev.bosun.actions.Annotation;
import dev.bosun.support.BosunException;
import picocli.CommandLine;

/**
 * The one place a failure becomes an annotation: one {@code ::error::}, a stack trace only when
 * debugging.
 */
final class FailureReporter
    implements CommandLine.IExecutionExceptionHandler, CommandLine.IExitCodeExceptionMapper {

  private final ActionRuntime runtime;

  FailureReporter(ActionRuntime runtime) {
    this.runtime = runtime;
  }

  @Override
  public int handleExecutionException(
      Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
    return report(ex);
  }

  /**
   * Prints one annotation for {@code ex} and returns its exit code; also used for Errors, which
   * picocli lets through.
   */
  int report(Throwable ex) {
    if (ex instanceof BosunException failure) {
      if (!failure.reported()) {
        runtime.log().error(failure.getMessage(), Annotation.titled(failure.subject()));
      }
    } else {
      runtime
          .log()
          .error(
              "Unexpected failure: "
                  + ex
                  + (runtime.log().isDebug()
                      ? ""
                      : ". Run again with --debug (or RUNNER_DEBUG=1) for the stack trace."),
              Annotation.titled("bosun"));
    }
    runtime.log().stackTrace(ex);
    return getExitCode(ex);
  }

  @Override
  public int getExitCode(Throwable exception) {
    return exception instanceof BosunException failure ? failure.exitCode() : 1;
  }
}
