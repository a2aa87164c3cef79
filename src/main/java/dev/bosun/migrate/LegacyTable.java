package dev.bosun.migrate;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Another tool's history table: {@code schema_migrations} (hand-rolled numbered SQL, Rails,
 * golang-migrate), Prisma's {@code _prisma_migrations} or Flyway's {@code flyway_schema_history}.
 * Found so a database run by hand can be adopted with a baseline.
 *
 * @param highest the newest version it records as applied, or null when none could be read
 */
public record LegacyTable(String table, int rows, Version highest) {

  public String describe() {
    return table
        + " ("
        + rows
        + " row"
        + (rows == 1 ? "" : "s")
        + (highest == null ? "" : ", newest version " + highest.text())
        + ")";
  }

  /**
   * Finds {@code schema_migrations} and {@code _prisma_migrations} in any schema on the search
   * path's database.
   */
  public static List<LegacyTable> find(Connection c) throws SQLException {
    List<LegacyTable> found = new ArrayList<>();
    List<String[]> tables = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT table_schema, table_name FROM information_schema.tables "
                    + "WHERE table_name IN ('schema_migrations', '_prisma_migrations', 'flyway_schema_history') ORDER BY 1, 2")) {
      while (rs.next()) {
        tables.add(new String[] {rs.getString(1), rs.getString(2)});
      }
    }
    for (String[] t : tables) {
      String qualified = Ledger.quote(t[0]) + "." + Ledger.quote(t[1]);
      boolean prisma = t[1].equals("_prisma_migrations");
      String sql =
          prisma
              ? "SELECT migration_name FROM "
                  + qualified
                  + " WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL"
              : t[1].equals(FlywayHistory.TABLE)
                  ? "SELECT version FROM "
                      + qualified
                      + " WHERE success AND version IS NOT NULL "
                      + "AND type NOT IN ('SCHEMA', 'TABLE', 'DELETE') AND type NOT LIKE 'UNDO%'"
                  : "SELECT version::text FROM " + qualified;
      int rows = 0;
      Version highest = null;
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(sql)) {
        while (rs.next()) {
          rows++;
          String v = rs.getString(1);
          if (v != null && prisma) {
            v = v.contains("_") ? v.substring(0, v.indexOf('_')) : v;
          }
          Version parsed = Version.parseOrNull(v == null ? null : v.trim());
          if (parsed != null && (highest == null || parsed.compareTo(highest) > 0)) {
            highest = parsed;
          }
        }
      } catch (SQLException unreadable) {
        // a table of the same name with another shape: report it without a version
      }
      found.add(new LegacyTable((t[0].equals("public") ? "" : t[0] + ".") + t[1], rows, highest));
    }
    return found;
  }
}
