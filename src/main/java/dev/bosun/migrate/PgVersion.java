package dev.bosun.migrate;

import dev.bosun.support.BadInputException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL release as the lint judges it, in {@code server_version_num} form (9.6 is 90600,
 * 16.2 is 160002), so rules whose risk changed between releases (a constant {@code DEFAULT} on
 * {@code ADD COLUMN} stopped rewriting the table in 11) can ask {@link #atLeast}.
 */
public record PgVersion(int number) implements Comparable<PgVersion> {

  private static final Pattern TEXT =
      Pattern.compile("(\\d{1,2})(?:\\.(\\d{1,2}))?(?:\\.(\\d{1,2}))?");

  /** The oldest release the rules know about; older servers are long out of support. */
  static final int OLDEST_MAJOR = 9;

  /**
   * Parses the {@code pg-version} input: {@code 16}, {@code 16.2}, {@code 9.6} or {@code 9.6.24}.
   */
  public static PgVersion parse(String input, String text) {
    Matcher m = TEXT.matcher(text.trim());
    int major = m.matches() ? Integer.parseInt(m.group(1)) : -1;
    if (major < OLDEST_MAJOR || major == 9 && m.group(2) == null) {
      throw new BadInputException(
          input,
          "Input '"
              + input
              + "' must be a PostgreSQL version such as 16, 15.4 or 9.6 "
              + "(9.6 or later), not '"
              + text
              + "'.");
    }
    int second = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
    return major < 10
        ? new PgVersion(
            major * 10_000 + second * 100 + (m.group(3) == null ? 0 : Integer.parseInt(m.group(3))))
        : new PgVersion(major * 10_000 + second);
  }

  /** From the server's {@code server_version_num} setting. */
  public static PgVersion ofServer(int serverVersionNum) {
    return new PgVersion(serverVersionNum);
  }

  /** The major release: 9.6 for 90600 is reported as 9, 16.2 as 16. */
  public int major() {
    return number / 10_000;
  }

  public boolean atLeast(int major) {
    return major() >= major;
  }

  @Override
  public int compareTo(PgVersion o) {
    return Integer.compare(number, o.number);
  }

  @Override
  public String toString() {
    return major() < 10 ? major() + "." + (number / 100 % 100) : Integer.toString(major());
  }
}
