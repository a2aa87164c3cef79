package dev.bosun.migrate;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Flyway's {@code flyway_schema_history}, read for {@code mode: baseline}: what it says is applied
 * now (each version with its description, its baseline, and the migrations that failed midway),
 * after its undo and repair rows.
 */
public record FlywayHistory(String table, List<Applied> applied) {

  /**
   * One migration Flyway's table shows as applied, a baseline, or failed; {@code version} is null
   * for a repeatable.
   */
  public record Applied(
      Version version, String description, String kind, String installedBy, long executionMs) {}

  static final String TABLE = "flyway_schema_history";

  /**
   * The first {@code flyway_schema_history} table in the database, by schema name, if there is one.
   */
  public static Optional<FlywayHistory> find(Connection c) throws SQLException {
    String qualified = null;
    String shown = null;
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT table_schema FROM information_schema.tables WHERE table_name = '"
                    + TABLE
                    + "' ORDER BY table_schema = 'public' DESC, 1 LIMIT 1")) {
      if (rs.next()) {
        qualified = Ledger.quote(rs.getString(1)) + "." + Ledger.quote(TABLE);
        shown = (rs.getString(1).equals("public") ? "" : rs.getString(1) + ".") + TABLE;
      }
    }
    if (qualified == null) {
      return Optional.empty();
    }
    // keyed by version (or description for repeatables) so later rows replace earlier ones, as
    // Flyway reads them
    Map<String, Applied> state = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT version, description, type, installed_by, execution_time, success FROM "
                    + qualified
                    + " ORDER BY installed_rank")) {
      while (rs.next()) {
        Version v = Version.parseOrNull(rs.getString(1));
        String description = rs.getString(2);
        String type = rs.getString(3) == null ? "" : rs.getString(3).toUpperCase(Locale.ROOT);
        String key = v != null ? "V" + v.parts() : "R" + description;
        if (type.equals("SCHEMA") || type.equals("TABLE")) {
          continue; // Flyway's marker for the schemas it created, not a migration
        }
        if (type.startsWith("UNDO") || type.equals("DELETE")) {
          state.remove(key); // undone (Teams undo) or marked deleted by repair: no longer applied
          continue;
        }
        String kind =
            !rs.getBoolean(6)
                ? "failed"
                : type.contains("BASELINE") ? "baseline" : v == null ? "repeatable" : "versioned";
        if (kind.equals("baseline") && v == null) {
          continue;
        }
        state.put(key, new Applied(v, description, kind, rs.getString(4), rs.getLong(5)));
      }
    }
    return Optional.of(new FlywayHistory(shown, new ArrayList<>(state.values())));
  }

  public long failedCount() {
    return applied.stream().filter(a -> a.kind().equals("failed")).count();
  }
}
