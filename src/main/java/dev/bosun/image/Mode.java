package dev.bosun.image;

import dev.bosun.support.BadInputException;
import java.util.Locale;

/**
 * {@code build}: build, tag, label, push. {@code promote}: put an existing image under new tags,
 * nothing rebuilt. {@code merge}: make one multi-platform index from images pushed by digest, and
 * tag it.
 */
public enum Mode {
  BUILD,
  PROMOTE,
  MERGE;

  public static Mode parse(String value) {
    String v = value == null || value.isBlank() ? "build" : value.trim().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "build" -> BUILD;
      case "promote" -> PROMOTE;
      case "merge" -> MERGE;
      default ->
          throw new BadInputException("mode", "'" + value + "' is not build, promote or merge");
    };
  }

  public String input() {
    return name().toLowerCase(Locale.ROOT);
  }
}
