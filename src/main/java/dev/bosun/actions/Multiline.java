package dev.bosun.actions;

import java.util.Arrays;
import java.util.List;

/**
 * Multiline inputs as {@code core.getMultilineInput} reads them: split on newlines, each line
 * trimmed, empty lines dropped.
 */
public final class Multiline {

  /**
   * The picocli {@code split} for multi-value options: the default provider hands them over one
   * line per value.
   */
  public static final String SPLIT = "\\n";

  private Multiline() {}

  public static List<String> lines(String value) {
    if (value == null) {
      return List.of();
    }
    return Arrays.stream(value.split("\\r?\\n"))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  /**
   * Normalises values from repeated flags too, so {@code --url a --url b} and a two-line input
   * agree.
   */
  public static List<String> lines(List<String> values) {
    return values == null ? List.of() : values.stream().flatMap(v -> lines(v).stream()).toList();
  }
}
