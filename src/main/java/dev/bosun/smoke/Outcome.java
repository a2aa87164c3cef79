package dev.bosun.smoke;

/**
 * The result of one attempt at a check.
 *
 * @param ok whether every expectation held
 * @param status the HTTP status, or {@code null} when there was no response (or the kind has no
 *     status)
 * @param latencyMs how long the attempt took
 * @param reason why it failed, for people; empty when it passed
 * @param excerpt the start of the response body, whitespace collapsed, for failure messages; may be
 *     empty
 */
public record Outcome(boolean ok, Integer status, long latencyMs, String reason, String excerpt) {

  /** How much of a body a failure message shows. */
  public static final int EXCERPT_CHARS = 200;

  public static Outcome passed(Integer status, long latencyMs) {
    return new Outcome(true, status, latencyMs, "", "");
  }

  public static Outcome failed(Integer status, long latencyMs, String reason, String body) {
    return new Outcome(false, status, latencyMs, reason, excerpt(body));
  }

  /** The first {@link #EXCERPT_CHARS} characters of {@code body} on one line. */
  public static String excerpt(String body) {
    if (body == null) {
      return "";
    }
    String line = body.replaceAll("\\s+", " ").trim();
    return line.length() <= EXCERPT_CHARS ? line : line.substring(0, EXCERPT_CHARS) + "…";
  }
}
