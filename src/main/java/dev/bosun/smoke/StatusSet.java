package dev.bosun.smoke;

import dev.bosun.support.BadInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP statuses a check accepts: codes, classes and ranges, such as {@code 200}, {@code
 * 200,204}, {@code 2xx} or {@code 200-299}.
 */
public record StatusSet(List<int[]> ranges, String text) {

  private static final Pattern CODE = Pattern.compile("[1-5]\\d\\d");
  private static final Pattern CLASS = Pattern.compile("([1-5])xx");
  private static final Pattern RANGE = Pattern.compile("([1-5]\\d\\d)-([1-5]\\d\\d)");

  public StatusSet {
    ranges = List.copyOf(ranges);
  }

  /** No status at all: the empty {@code retry-on}. */
  public static StatusSet none() {
    return new StatusSet(List.of(), "");
  }

  /** Parses {@code text}, or {@link #none()} when it is blank. */
  public static StatusSet parseOrNone(String input, String text) {
    return text == null || text.isBlank() ? none() : parse(input, text);
  }

  /**
   * Parses a {@code retry-on} list: 4xx statuses only, as every other failed answer is retried
   * anyway; blank is {@link #none()}.
   */
  public static StatusSet retryOn(String input, String text) {
    StatusSet set = parseOrNone(input, text);
    for (int[] r : set.ranges) {
      if (r[0] < 400 || r[1] > 499) {
        throw new BadInputException(
            input,
            "Input '"
                + input
                + "' lists '"
                + text.trim()
                + "'; it takes 4xx statuses"
                + " to keep retrying, such as 404 or 401,403 (5xx answers and refused connections are always retried).");
      }
    }
    return set;
  }

  public static StatusSet ok() {
    return parse("expect-status", "200");
  }

  /** Parses {@code text}; the error names {@code input} and shows the accepted forms. */
  public static StatusSet parse(String input, String text) {
    List<int[]> ranges = new ArrayList<>();
    String value = text == null ? "" : text.trim();
    // split with limit -1 keeps trailing empties, so '2xx,' and '200,,204' are refused rather than
    // read as '2xx'
    for (String part : value.split("\\s*,\\s*|\\s+", -1)) {
      if (part.isEmpty() && !value.isEmpty()) {
        throw new BadInputException(
            input,
            "Input '"
                + input
                + "' has an empty entry in '"
                + value
                + "'. List codes, classes or ranges separated by commas, with nothing before, after or between the "
                + "commas, e.g. 200,204 or 2xx.");
      }
      String p = part.toLowerCase(java.util.Locale.ROOT);
      Matcher m;
      if (CODE.matcher(p).matches()) {
        int code = Integer.parseInt(p);
        ranges.add(new int[] {code, code});
      } else if ((m = CLASS.matcher(p)).matches()) {
        int base = Integer.parseInt(m.group(1)) * 100;
        ranges.add(new int[] {base, base + 99});
      } else if ((m = RANGE.matcher(p)).matches()
          && Integer.parseInt(m.group(1)) <= Integer.parseInt(m.group(2))) {
        ranges.add(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))});
      } else {
        throw new BadInputException(
            input,
            "Input '"
                + input
                + "' has an invalid HTTP status '"
                + part
                + "'. Use codes, classes or ranges such as 200, 200,204, 2xx or 200-299.");
      }
    }
    return new StatusSet(ranges, String.join(",", value.split("\\s*,\\s*|\\s+")));
  }

  public boolean accepts(int status) {
    return ranges.stream().anyMatch(r -> status >= r[0] && status <= r[1]);
  }

  @Override
  public String toString() {
    return text;
  }
}
