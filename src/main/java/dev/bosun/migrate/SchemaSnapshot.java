package dev.bosun.migrate;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The resulting schema after a verify run: each table with its columns, and the indexes. */
public record SchemaSnapshot(
    Map<String, List<String>> tables,
    List<String> indexes,
    List<String> constraints,
    List<String> extensions) {

  public static SchemaSnapshot read(Connection c) throws SQLException {
    Map<String, List<String>> tables = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT c.table_schema, c.table_name, c.column_name, c.data_type, c.is_nullable, "
                    + "c.column_default FROM information_schema.columns c JOIN information_schema.tables t "
                    + "ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
                    + "WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema') AND c.table_schema NOT LIKE 'pg_toast%' "
                    + "AND NOT (c.table_name = '"
                    + Ledger.TABLE
                    + "') "
                    + "ORDER BY c.table_schema, c.table_name, c.ordinal_position")) {
      while (rs.next()) {
        String table =
            (rs.getString(1).equals("public") ? "" : rs.getString(1) + ".") + rs.getString(2);
        String column =
            rs.getString(3)
                + " "
                + rs.getString(4)
                + ("NO".equals(rs.getString(5)) ? " not null" : "")
                + (rs.getString(6) == null ? "" : " default " + rs.getString(6));
        tables.computeIfAbsent(table, k -> new ArrayList<>()).add(column);
      }
    }
    List<String> indexes = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT indexdef FROM pg_indexes WHERE schemaname NOT IN ('pg_catalog', "
                    + "'information_schema') AND tablename <> '"
                    + Ledger.TABLE
                    + "' ORDER BY schemaname, tablename, indexname")) {
      while (rs.next()) {
        indexes.add(rs.getString(1));
      }
    }
    List<String> constraints = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) "
                    + "FROM pg_constraint WHERE contype IN ('f', 'c', 'x') AND connamespace NOT IN "
                    + "('pg_catalog'::regnamespace, 'information_schema'::regnamespace) ORDER BY 1")) {
      while (rs.next()) {
        constraints.add(rs.getString(1));
      }
    }
    List<String> extensions = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT extname || ' ' || extversion FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY 1")) {
      while (rs.next()) {
        extensions.add(rs.getString(1));
      }
    }
    return new SchemaSnapshot(tables, indexes, constraints, extensions);
  }

  /**
   * One line per column, index, constraint and extension, each naming its table, for comparing two
   * snapshots.
   */
  public List<String> lines() {
    List<String> out = new ArrayList<>();
    tables.forEach(
        (t, cols) -> {
          out.add("table " + t);
          cols.forEach(col -> out.add("column " + t + "." + col));
        });
    indexes.forEach(i -> out.add("index " + i));
    constraints.forEach(k -> out.add("constraint " + k));
    extensions.forEach(e -> out.add("extension " + e));
    return out;
  }

  /**
   * What {@code other} lacks ({@code - }) and what it has in addition ({@code + }), compared with
   * this one.
   */
  public List<String> differences(SchemaSnapshot other) {
    List<String> mine = lines();
    List<String> theirs = other.lines();
    List<String> out = new ArrayList<>();
    List<String> extra = new ArrayList<>(theirs);
    for (String l : mine) {
      if (!extra.remove(l)) {
        out.add("- " + l);
      }
    }
    extra.forEach(l -> out.add("+ " + l));
    return out;
  }

  /** A compact text form for the summary and the log. */
  public String render() {
    StringBuilder sb = new StringBuilder();
    tables.forEach(
        (t, cols) -> {
          sb.append("table ").append(t).append('\n');
          cols.forEach(col -> sb.append("  ").append(col).append('\n'));
        });
    if (!indexes.isEmpty()) {
      sb.append('\n');
      indexes.forEach(i -> sb.append(i).append('\n'));
    }
    if (!constraints.isEmpty()) {
      sb.append('\n');
      constraints.forEach(k -> sb.append("constraint ").append(k).append('\n'));
    }
    if (!extensions.isEmpty()) {
      sb.append("\nextensions: ").append(String.join(", ", extensions)).append('\n');
    }
    return sb.toString();
  }
}
