package dev.bosun.cli;

import dev.bosun.actions.ActionRuntime;
import dev.bosun.actions.InputChoice;
import picocli.CommandLine;

/** Installs the execution strategy and the exit-code mapping on a command tree. */
public final class Wiring {

  private Wiring() {}

  public static void install(CommandLine cli, ActionRuntime runtime) {
    FailureReporter failures = new FailureReporter(runtime);
    cli.setExecutionStrategy(
        parseResult -> {
          CommandLine.ParseResult leaf = parseResult;
          while (leaf.subcommand() != null) {
            leaf = leaf.subcommand();
          }
          if (leaf.commandSpec().userObject() instanceof ActionCommand command) {
            command.common.apply(runtime);
          }
          return new CommandLine.RunLast().execute(parseResult);
        });
    cli.setExitCodeExceptionMapper(failures);
    cli.setExecutionExceptionHandler(failures);
    cli.setParameterExceptionHandler(new InputErrorReporter(runtime));
    InputChoice.registerConverters(cli);
  }

  /**
   * Reports a failure that escaped picocli (a {@link Error} such as a linkage problem) the same way
   * as any other.
   */
  public static int reportUncaught(ActionRuntime runtime, Throwable failure) {
    return new FailureReporter(runtime).report(failure);
  }
}
