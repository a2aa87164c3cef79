package dev.bosun.image.plan;

import dev.bosun.support.BadInputException;
import java.util.Locale;

/**
 * When the {@code latest} tag is added: {@code auto} (pushes to the default branch), {@code true}
 * or {@code false}.
 */
public enum Latest {
  AUTO,
  TRUE,
  FALSE;

  public static Latest parse(String value) {
    String v = value == null || value.isBlank() ? "auto" : value.trim().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "auto" -> AUTO;
      case "true" -> TRUE;
      case "false" -> FALSE;
      default ->
          throw new BadInputException("latest", "'" + value + "' is not auto, true or false");
    };
  }
}
