package dev.bosun.support;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the human durations used by every input: {@code 500ms}, {@code 10s}, {@code 2m}, {@code
 * 1h30m}, {@code 15} (seconds), or ISO-8601. One rule for all of them: never negative, and {@link
 * #positive} wherever zero would mean nothing (every timeout, interval and deadline); only inputs
 * whose zero is documented ("0 means none") use {@link #parse}.
 */
public final class Durations {

  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");
  private static final Pattern WHOLE = Pattern.compile("((\\d+)(ms|s|m|h))+");

  private Durations() {}

  /** A duration longer than zero: the rule for every timeout, interval and deadline. */
  public static Duration positive(String input, String text) {
    Duration d = parse(input, text);
    if (d.isZero()) {
      throw new BadInputException(
          input,
          "Input '"
              + input
              + "' must be longer than zero (it is '"
              + text.trim()
              + "'); give a duration such as 500ms, 10s or 2m.");
    }
    return d;
  }

  /**
   * Parses {@code text} (zero allowed, negative refused) for the input {@code input}; the error
   * shows the forms.
   */
  public static Duration parse(String input, String text) {
    Duration d = parseAny(input, text);
    if (d.isNegative()) {
      throw new BadInputException(
          input,
          "Input '"
              + input
              + "' is negative ('"
              + text.trim()
              + "'); give a duration such as 500ms, 10s or 2m.");
    }
    return d;
  }

  private static Duration parseAny(String input, String text) {
    String value = text == null ? "" : text.trim().toLowerCase();
    if (value.matches("\\d+")) {
      return Duration.ofSeconds(Long.parseLong(value));
    }
    if (WHOLE.matcher(value).matches()) {
      Duration total = Duration.ZERO;
      Matcher m = PART.matcher(value);
      while (m.find()) {
        long n = Long.parseLong(m.group(1));
        total =
            total.plus(
                switch (m.group(2)) {
                  case "ms" -> Duration.ofMillis(n);
                  case "s" -> Duration.ofSeconds(n);
                  case "m" -> Duration.ofMinutes(n);
                  default -> Duration.ofHours(n);
                });
      }
      return total;
    }
    if (value.startsWith("pt") || value.startsWith("p")) {
      try {
        return Duration.parse(value.toUpperCase());
      } catch (RuntimeException ignored) {
        // fall through to the common message
      }
    }
    throw new BadInputException(
        input,
        "Input '"
            + input
            + "' is not a duration: '"
            + text
            + "'. Use a number of seconds or a value such as 500ms, 10s, 2m, 1h30m.");
  }

  /** Prints a duration the way inputs take it, for summaries and plans. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + "ms";
    }
    if (ms % 1000 != 0 || ms < 60_000) {
      return String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
    }
    long s = ms / 1000;
    return (s / 60) + "m" + (s % 60 == 0 ? "" : (s % 60) + "s");
  }
}
