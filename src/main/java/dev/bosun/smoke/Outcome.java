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
 * @param bodyCut whether the body was longer than smoke-check reads (1 MiB) and was cut
 */
public record Outcome(
    boolean ok, Integer status, long latencyMs, String reason, String excerpt, boolean bodyCut) {

  public Outcome(boolean ok, Integer status, long latencyMs, String reason, String excerpt) {
    this(ok, status, latencyMs, reason, excerpt, false);
  }

  /** How much of a body a failure message shows. */
  public static final int EXCERPT_CHARS = 200;

  public static Outcome passed(Integer status, long latencyMs) {
    return new Outcome(true, status, latencyMs, "", "");
  }

  public static Outcome failed(Integer status, long latencyMs, String reason, String body) {
    return new Outcome(false, status, latencyMs, reason, excerpt(body));
  }

  /** The same outcome, marked as judged on a body that was cut. */
  public Outcome withBodyCut(boolean cut) {
    return new Outcome(ok, status, latencyMs, reason, excerpt, cut);
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
