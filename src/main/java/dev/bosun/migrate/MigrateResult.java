package dev.bosun.migrate;

import java.util.List;

/**
 * What a run found and did, for the one writer that turns it into outputs, the summary and annotations.
 *
 * @param target where it ran, for people ("database app on db.example.com", "embedded PostgreSQL 17.5")
 * @param failure the migration that failed, or null
 * @param refusal why apply refused to start (drift, destructive change in production), or null
 * @param legacy history tables of other tools found in the database
 */
public record MigrateResult(Mode mode, String target, MigrationFormat format, List<History.Row> rows,
    List<Linter.Finding> findings, Failure failure, Refusal refusal, String schemaVersion, int appliedCount,
    List<LegacyTable> legacy, SchemaSnapshot schema, SeedRun seed, List<String> notes) {

  /** A migration that failed: where (from PostgreSQL's error position) and why. */
  public record Failure(String script, int line, String message, String sqlState, boolean partial) {}

  /** Apply refused to start; {@code gate} is the input that would allow it. */
  public record Refusal(String gate, String message) {}

  /** The seed step: files run, or why it was skipped. */
  public record SeedRun(List<String> files, long executionMs) {}

  public boolean drift() {
    return rows.stream().anyMatch(r -> r.state().drift());
  }

  public long pendingCount() {
    return rows.stream().filter(r -> r.state().pending()).count();
  }

  public List<History.Row> driftRows() {
    return rows.stream().filter(r -> r.state().drift()).toList();
  }
}
