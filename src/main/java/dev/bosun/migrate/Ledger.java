package dev.bosun.migrate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The history table {@code bosun_schema_history} in a chosen schema: one row per applied migration
 * or baseline.
 */
public final class Ledger {

  public static final String TABLE = "bosun_schema_history";

  /**
   * One history row. {@code version} is null for a repeatable migration; {@code kind} is versioned,
   * repeatable or baseline.
   */
  public record Entry(
      long rank,
      Version version,
      String name,
      String kind,
      String script,
      String checksum,
      Instant appliedAt,
      String appliedBy,
      long executionMs,
      String runUrl,
      boolean transactional) {

    public boolean baseline() {
      return "baseline".equals(kind);
    }

    /**
     * A non-transactional migration that failed midway: some of it may be applied; mode: repair
     * clears it.
     */
    public boolean failed() {
      return "failed".equals(kind);
    }

    /** An audit row written by mode: repair. */
    public boolean repair() {
      return "repair".equals(kind);
    }
  }

  private final String schema;

  public Ledger(String schema) {
    this.schema = schema;
  }

  public String schema() {
    return schema;
  }

  public String qualifiedName() {
    return quote(schema) + "." + TABLE;
  }

  /**
   * The advisory-lock key: a stable number derived from the table's qualified name, so runs on one
   * ledger serialize.
   */
  public long lockKey() {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(("bosun:" + schema + "." + TABLE).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return 0x626f73756e000000L ^ crc.getValue();
  }

  public boolean exists(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = ? AND tablename = ?")) {
      ps.setString(1, schema);
      ps.setString(2, TABLE);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /**
   * Creates the schema and table when missing; run under the advisory lock so two first runs do not
   * race.
   */
  public void create(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA IF NOT EXISTS " + quote(schema));
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + qualifiedName()
              + " ("
              + "installed_rank bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
              + "version text, "
              + "name text NOT NULL, "
              + "kind text NOT NULL, "
              + "script text NOT NULL, "
              + "checksum text, "
              + "applied_at timestamptz NOT NULL DEFAULT now(), "
              + "applied_by text NOT NULL, "
              + "execution_ms bigint NOT NULL, "
              + "run_url text, "
              + "transactional boolean NOT NULL DEFAULT true)");
      // added for mode: repair; ledgers made before it get the column on their next locked run
      s.execute("ALTER TABLE " + qualifiedName() + " ADD COLUMN IF NOT EXISTS reason text");
    }
  }

  /**
   * Removes one row: a reverted migration (with its down, in one transaction) or a cleared failure.
   */
  public void delete(Connection c, long rank) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM " + qualifiedName() + " WHERE installed_rank = ?")) {
      ps.setLong(1, rank);
      ps.executeUpdate();
    }
  }

  /** Marks a row as failed midway (a non-transactional down that stopped part way). */
  public void markFailed(Connection c, long rank) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE " + qualifiedName() + " SET kind = 'failed' " + "WHERE installed_rank = ?")) {
      ps.setLong(1, rank);
      ps.executeUpdate();
    }
  }

  /** Re-records the checksum of an applied migration whose file changed. */
  public void updateChecksum(Connection c, long rank, String checksum) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE " + qualifiedName() + " SET checksum = ? " + "WHERE installed_rank = ?")) {
      ps.setString(1, checksum);
      ps.setLong(2, rank);
      ps.executeUpdate();
    }
  }

  /** The audit row of one repair: what was done to which migration, by whom and why. */
  public void insertRepair(
      Connection c,
      Ledger.Entry repaired,
      String what,
      String checksum,
      String appliedBy,
      String runUrl,
      String reason)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO "
                + qualifiedName()
                + " (version, name, kind, script, checksum, applied_by, execution_ms, run_url, reason) "
                + "VALUES (?, ?, 'repair', ?, ?, ?, 0, ?, ?)")) {
      ps.setString(1, repaired.version() == null ? null : repaired.version().text());
      ps.setString(2, what + ": " + repaired.name());
      ps.setString(3, repaired.script());
      ps.setString(4, checksum);
      ps.setString(5, appliedBy);
      ps.setString(6, runUrl);
      ps.setString(7, reason);
      ps.executeUpdate();
    }
  }

  public List<Entry> read(Connection c) throws SQLException {
    List<Entry> entries = new ArrayList<>();
    if (!exists(c)) {
      return entries;
    }
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT installed_rank, version, name, kind, script, checksum, "
                    + "(extract(epoch FROM applied_at) * 1000)::bigint, "
                    + "applied_by, execution_ms, run_url, transactional FROM "
                    + qualifiedName()
                    + " ORDER BY installed_rank")) {
      while (rs.next()) {
        entries.add(
            new Entry(
                rs.getLong(1),
                Version.parseOrNull(rs.getString(2)),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                Instant.ofEpochMilli(rs.getLong(7)),
                rs.getString(8),
                rs.getLong(9),
                rs.getString(10),
                rs.getBoolean(11)));
      }
    }
    return entries;
  }

  /**
   * Records a migration: {@code kind} versioned or repeatable, or failed for one that stopped
   * midway outside a transaction.
   */
  public void insert(
      Connection c,
      Migration m,
      String kind,
      String appliedBy,
      long executionMs,
      String runUrl,
      boolean transactional)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO "
                + qualifiedName()
                + " (version, name, kind, script, checksum, applied_by, execution_ms, run_url, transactional) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, m.version() == null ? null : m.version().text());
      ps.setString(2, m.name());
      ps.setString(3, kind);
      ps.setString(4, m.script());
      ps.setString(5, m.checksum());
      ps.setString(6, appliedBy);
      ps.setLong(7, executionMs);
      ps.setString(8, runUrl);
      ps.setBoolean(9, transactional);
      ps.executeUpdate();
    }
  }

  /**
   * A row imported from another tool's history (Flyway's): kind versioned, repeatable or failed.
   */
  public void insertImported(
      Connection c,
      Version version,
      String name,
      String kind,
      String script,
      String checksum,
      String appliedBy,
      long executionMs,
      String runUrl)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO "
                + qualifiedName()
                + " (version, name, kind, script, checksum, applied_by, execution_ms, run_url, transactional) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, version == null ? null : version.text());
      ps.setString(2, name);
      ps.setString(3, kind);
      ps.setString(4, script);
      ps.setString(5, checksum);
      ps.setString(6, appliedBy);
      ps.setLong(7, executionMs);
      ps.setString(8, runUrl);
      ps.setBoolean(9, !kind.equals("failed"));
      ps.executeUpdate();
    }
  }

  public void insertBaseline(
      Connection c, Version version, String description, String appliedBy, String runUrl)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO "
                + qualifiedName()
                + " (version, name, kind, script, checksum, applied_by, execution_ms, run_url) "
                + "VALUES (?, ?, 'baseline', '<< baseline >>', NULL, ?, 0, ?)")) {
      ps.setString(1, version.text());
      ps.setString(2, description);
      ps.setString(3, appliedBy);
      ps.setString(4, runUrl);
      ps.executeUpdate();
    }
  }

  static String quote(String ident) {
    return "\"" + ident.replace("\"", "\"\"") + "\"";
  }
}
