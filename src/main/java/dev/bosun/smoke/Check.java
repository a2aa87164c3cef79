package dev.bosun.smoke;

/**
 * One named smoke check. The set of kinds is closed (sealed) so the service, the report and the
 * JUnit writer can rely on every check having a name and a target; the kinds are {@link HttpCheck}
 * and {@link SqlCheck}.
 *
 * <h2>Adding a kind (for example SQL checks)</h2>
 *
 * A new kind plugs in at three points and touches nothing else in this package:
 *
 * <ol>
 *   <li><b>The check:</b> a record implementing {@code Check} (say {@code SqlCheck(name, target,
 *       sql, minRows, equals)}), added to the {@code permits} clause below. {@link #target()} must
 *       not reveal secrets (print the database as {@code host:port/db}, never its password).
 *   <li><b>The prober:</b> a {@link Prober Prober&lt;SqlCheck&gt;} that makes one attempt and
 *       returns an {@link Outcome} (status {@code null} when the kind has no status; a short {@code
 *       reason} when it fails), registered in {@link SmokeKinds#probers}. Retries, the deadline,
 *       concurrency, outputs, the summary and the JUnit report come from {@link SmokeService} and
 *       {@link SmokeReportWriter} for free.
 *   <li><b>The checks file:</b> a {@link CheckKind} whose {@link CheckKind#key()} marks its entries
 *       (an entry with {@code sql:}), registered in {@link SmokeKinds#fileKinds}. smoke-check and
 *       deploy-env's inline smoke both take their kinds from {@link SmokeKinds}, so the kind works
 *       in both. Entries are parsed with {@link ChecksFile.Entry}, which names the input and entry
 *       in every error.
 * </ol>
 */
public sealed interface Check permits HttpCheck, SqlCheck {

  /** Unique within a run; it names the check in annotations, outputs and the JUnit report. */
  String name();

  /** What the check points at, safe to print: a URL for HTTP checks. */
  String target();

  /** Whether a failed attempt may pass later, so waiting and trying again makes sense. */
  default boolean retries(Outcome failed) {
    return true;
  }
}
