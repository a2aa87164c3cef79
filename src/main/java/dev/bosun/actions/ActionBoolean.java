package dev.bosun.actions;

import picocli.CommandLine;

/**
 * A boolean input as {@code core.getBooleanInput} reads it: only the YAML 1.2 core-schema
 * spellings.
 */
public final class ActionBoolean implements CommandLine.ITypeConverter<Boolean> {

  static final String EXPECTED =
      "Support boolean input list: `true | True | TRUE | false | False | FALSE`";

  @Override
  public Boolean convert(String value) {
    return switch (value.trim()) {
      case "true", "True", "TRUE" -> true;
      case "false", "False", "FALSE" -> false;
      default -> throw new CommandLine.TypeConversionException(EXPECTED);
    };
  }

  /** The message {@code @actions/core} gives for a bad boolean input. */
  public static String message(String input) {
    return "Input does not meet YAML 1.2 \"Core Schema\" specification: " + input + "\n" + EXPECTED;
  }
}
