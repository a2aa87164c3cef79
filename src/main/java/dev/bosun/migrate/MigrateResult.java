package dev.bosun.migrate;

import java.time.Duration;
import java.util.List;

/**
 * What a run found and did, for the one writer that turns it into outputs, the summary and
 * annotations.
 *
 * @param target where it ran, for people ("database app on db.example.com", "embedded PostgreSQL
 *     17.5")
 * @param failure the migration that failed, or null
 * @param refusal why apply refused to start (drift, destructive change in production), or null
 * @param legacy history tables of other tools found in the database
 * @param slow migrations that took longer than {@code warn-after}
 * @param roundTrips for verify: each migration with a down file, and whether up, down, up gave the
 *     same schema
 * @param revertedCount for down: how many migrations were reverted
 * @param targetVersion the {@code target} input, shown with the cut it made; null for none
 */
public record MigrateResult(
    Mode mode,
    String target,
    MigrationFormat format,
    List<History.Row> rows,
    List<Linter.Finding> findings,
    Failure failure,
    Refusal refusal,
    String schemaVersion,
    int appliedCount,
    List<LegacyTable> legacy,
    SchemaSnapshot schema,
    SeedRun seed,
    List<String> notes,
    List<Slow> slow,
    List<RoundTrip> roundTrips,
    int revertedCount,
    Version targetVersion) {

  public MigrateResult(
      Mode mode,
      String target,
      MigrationFormat format,
      List<History.Row> rows,
      List<Linter.Finding> findings,
      Failure failure,
      Refusal refusal,
      String schemaVersion,
      int appliedCount,
      List<LegacyTable> legacy,
      SchemaSnapshot schema,
      SeedRun seed,
      List<String> notes) {
    this(
        mode,
        target,
        format,
        rows,
        findings,
        failure,
        refusal,
        schemaVersion,
        appliedCount,
        legacy,
        schema,
        seed,
        notes,
        List.of(),
        List.of(),
        0,
        null);
  }

  /** A migration that failed: where (from PostgreSQL's error position) and why. */
  public record Failure(
      String script, int line, String message, String sqlState, boolean partial) {}

  /** Apply refused to start; {@code gate} is the input that would allow it. */
  public record Refusal(String gate, String message) {}

  /** The seed step: files run, or why it was skipped. */
  public record SeedRun(List<String> files, long executionMs) {}

  /** A migration (or down migration) slower than {@code warn-after}. */
  public record Slow(String script, long executionMs, Duration limit) {}

  /**
   * The up, down, up check of one migration: {@code differences} lists the schema lines that differ
   * (empty when it round-trips); {@code error} is the failure of the down (or second up), or null.
   */
  public record RoundTrip(
      String script, String downScript, List<String> differences, String error) {
    public boolean ok() {
      return differences.isEmpty() && error == null;
    }
  }

  public MigrateResult with(
      List<Slow> newSlow, List<RoundTrip> newRoundTrips, int reverted, Version targetV) {
    return new MigrateResult(
        mode,
        target,
        format,
        rows,
        findings,
        failure,
        refusal,
        schemaVersion,
        appliedCount,
        legacy,
        schema,
        seed,
        notes,
        newSlow,
        newRoundTrips,
        reverted,
        targetV);
  }

  public boolean drift() {
    return rows.stream().anyMatch(r -> r.state().drift());
  }

  /** Migrations not applied (any more): to run now, after the target, or just reverted. */
  public long pendingCount() {
    return rows.stream()
        .filter(
            r ->
                r.state().pending()
                    || r.state() == History.State.AFTER_TARGET
                    || r.state() == History.State.REVERTED_NOW)
        .count();
  }

  /** Migrations this run would apply (plan) or applies next: pending and not after the target. */
  public long runnableCount() {
    return rows.stream().filter(r -> r.state().pending()).count();
  }

  public List<History.Row> driftRows() {
    return rows.stream().filter(r -> r.state().drift()).toList();
  }

  public List<RoundTrip> brokenRoundTrips() {
    return roundTrips.stream().filter(t -> !t.ok()).toList();
  }
}
