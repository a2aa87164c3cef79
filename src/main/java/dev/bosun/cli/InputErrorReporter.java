package dev.bosun.cli;

import dev.bosun.actions.ActionBoolean;
import dev.bosun.actions.ActionRuntime;
import dev.bosun.actions.Annotation;
import dev.bosun.actions.InputDefaultProvider;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Turns picocli's parse errors into the bad-input contract: one {@code ::error::} per input, named as in action.yml, exit 2. */
final class InputErrorReporter implements CommandLine.IParameterExceptionHandler {

  static final int BAD_INPUT = 2;
  private final ActionRuntime runtime;

  InputErrorReporter(ActionRuntime runtime) {
    this.runtime = runtime;
  }

  @Override
  public int handleParseException(CommandLine.ParameterException ex, String[] args) {
    if (ex instanceof CommandLine.MissingParameterException missing) {
      for (ArgSpec arg : missing.getMissing()) {
        String name = name(arg);
        runtime.log().error("Input required and not supplied: " + name, Annotation.titled(name));
      }
    } else if (ex.getArgSpec() instanceof OptionSpec option) {
      String name = InputDefaultProvider.inputName(option);
      boolean badBoolean = ex.getCause() instanceof CommandLine.TypeConversionException
          && (option.typeInfo().getType() == Boolean.class || option.typeInfo().getType() == boolean.class);
      String message = badBoolean ? ActionBoolean.message(name) : "Input '" + name + "': " + reason(ex);
      runtime.log().error(message, Annotation.titled(name));
    } else {
      runtime.log().error(ex.getMessage(), Annotation.titled("bosun"));
    }
    CommandLine cmd = ex.getCommandLine();
    ex.getCommandLine().getErr().println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for the inputs it takes.");
    ex.getCommandLine().getErr().flush();
    return BAD_INPUT;
  }

  private static String reason(CommandLine.ParameterException ex) {
    Throwable cause = ex.getCause();
    if (cause instanceof dev.bosun.support.BadInputException bad) {
      return bad.getMessage();
    }
    return ex.getMessage();
  }

  private static String name(ArgSpec arg) {
    return arg instanceof OptionSpec o ? InputDefaultProvider.inputName(o) : arg.paramLabel();
  }
}
