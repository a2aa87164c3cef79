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
    return named(input, () -> positive(text));
  }

  /**
   * Parses {@code text} (zero allowed, negative refused) for the input {@code input}; the error
   * shows the forms.
   */
  public static Duration parse(String input, String text) {
    return named(input, () -> nonNegative(text));
  }

  /**
   * {@code text} as a duration longer than zero; else {@link Invalid} saying what is wrong with it,
   * to follow "Input 'name' ".
   */
  public static Duration positive(String text) {
    Duration d = nonNegative(text);
    if (d.isZero()) {
      throw new Invalid(
          "must be longer than zero (it is '"
              + text.trim()
              + "'); give a duration such as 500ms, 10s or 2m.");
    }
    return d;
  }

  /** {@code text} as a duration of zero or more; else {@link Invalid}. */
  public static Duration nonNegative(String text) {
    Duration d = parseAny(text);
    if (d.isNegative()) {
      throw new Invalid(
          "is negative ('" + text.trim() + "'); give a duration such as 500ms, 10s or 2m.");
    }
    return d;
  }

  /**
   * What is wrong with a duration, phrased to follow "Input 'name' ": the input's name is added by
   * whoever knows it (the picocli converter's error handler, or {@link #positive(String, String)}).
   */
  public static final class Invalid extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    Invalid(String predicate) {
      super(predicate);
    }
  }

  private static Duration named(String input, java.util.function.Supplier<Duration> parse) {
    try {
      return parse.get();
    } catch (Invalid e) {
      throw new BadInputException(input, "Input '" + input + "' " + e.getMessage());
    }
  }

  private static Duration parseAny(String text) {
    String value = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
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
    if (value.startsWith("p")) {
      try {
        return Duration.parse(value.toUpperCase(java.util.Locale.ROOT));
      } catch (RuntimeException ignored) {
        // fall through to the common message
      }
    }
    throw new Invalid(
        "is not a duration: '"
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
