package dev.bosun.cli;

import dev.bosun.actions.ActionBoolean;
import dev.bosun.actions.ActionRuntime;
import dev.bosun.actions.Annotation;
import dev.bosun.actions.InputChoice;
import dev.bosun.actions.InputDefaultProvider;
import dev.bosun.actions.Printable;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Turns picocli's parse errors into the bad-input contract: one {@code ::error::} per input, named
 * as in action.yml, exit 2.
 */
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
    } else if (ex instanceof CommandLine.UnmatchedArgumentException unmatched) {
      String message = unknown(unmatched.getUnmatched(), ex.getCommandLine().getCommandSpec());
      runtime.log().error(message, Annotation.titled("bosun"));
    } else if (ex.getArgSpec() instanceof OptionSpec option) {
      String name = InputDefaultProvider.inputName(option);
      boolean badBoolean =
          ex.getCause() instanceof CommandLine.TypeConversionException
              && (option.typeInfo().getType() == Boolean.class
                  || option.typeInfo().getType() == boolean.class);
      // bosun's own converters (durations, choices) say what is wrong, to follow the input's name
      boolean ours =
          ex.getCause() instanceof CommandLine.TypeConversionException
              && (option.typeInfo().getType() == java.time.Duration.class
                  || InputChoice.class.isAssignableFrom(option.typeInfo().getType()));
      String message =
          badBoolean
              ? ActionBoolean.message(name)
              : ours
                  ? "Input '" + name + "' " + ex.getCause().getMessage()
                  : "Input '" + name + "': " + reason(ex);
      runtime.log().error(message, Annotation.titled(name));
    } else {
      runtime.log().error(ex.getMessage(), Annotation.titled("bosun"));
    }
    CommandLine cmd = ex.getCommandLine();
    ex.getCommandLine()
        .getErr()
        .println(
            "Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for the inputs it takes.");
    ex.getCommandLine().getErr().flush();
    return BAD_INPUT;
  }

  /**
   * Names the unknown options and suggests the nearest known one, but never shows a value: a
   * mistyped {@code --database_url postgres://u:pw@…} must not print the password it was given.
   */
  static String unknown(java.util.List<String> args, CommandLine.Model.CommandSpec spec) {
    java.util.List<String> parts = new java.util.ArrayList<>();
    int values = 0;
    for (String arg : args) {
      if (arg.startsWith("-") && arg.length() > 1) {
        String option = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
        parts.add(
            "unknown option "
                + Printable.quoted(option)
                + nearest(option, spec).map(n -> " (did you mean " + n + "?)").orElse(""));
      } else {
        values++;
      }
    }
    if (values > 0) {
      parts.add(
          values
              + " unexpected argument"
              + (values == 1 ? "" : "s")
              + " (not shown: it may be a secret)");
    }
    return String.join("; ", parts) + ".";
  }

  /**
   * The known option closest to {@code typed}: underscores and case forgiven, then at most 3 edits
   * away.
   */
  static java.util.Optional<String> nearest(String typed, CommandLine.Model.CommandSpec spec) {
    String t = typed.replace('_', '-').toLowerCase(java.util.Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (OptionSpec o : spec.options()) {
      for (String name : o.names()) {
        int d = dev.bosun.support.EditDistance.between(t, name);
        if (d < bestDistance) {
          best = name;
          bestDistance = d;
        }
      }
    }
    return bestDistance <= Math.max(1, Math.min(3, t.length() / 3))
        ? java.util.Optional.of(best)
        : java.util.Optional.empty();
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
