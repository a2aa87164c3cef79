package dev.bosun.smoke;

import dev.bosun.migrate.Connector;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Runs one attempt at a {@link SqlCheck}: a fresh connection, a read-only session with {@code
 * statement_timeout}, the query, then the expectation. Database errors are failed outcomes, so the
 * service retries them.
 */
public final class SqlProber implements Prober<SqlCheck> {

  private final Connector connector;

  public SqlProber(Connector connector) {
    this.connector = connector;
  }

  @Override
  public Outcome probe(SqlCheck check, Duration timeout) {
    long start = System.nanoTime();
    try (Connection c = connector.open();
        Statement s = c.createStatement()) {
      s.execute("SET default_transaction_read_only = on");
      s.execute("SET statement_timeout = " + Math.max(1, timeout.toMillis()));
      s.setEscapeProcessing(false);
      try (ResultSet rs = s.executeQuery(check.sql())) {
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (check.equals().isPresent()) {
          if (!rs.next()) {
            return Outcome.failed(
                null,
                ms,
                "expected " + check.equals().get() + " but the query returned no rows",
                "");
          }
          Object value = rs.getObject(1);
          String actual = value == null ? "null" : value.toString();
          return same(actual, check.equals().get())
              ? Outcome.passed(null, ms)
              : Outcome.failed(
                  null, ms, "expected " + check.equals().get() + " but got " + actual, "");
        }
        long rows = 0;
        long needed = check.minRows().orElse(0L);
        while (rows < Math.max(needed, 1) && rs.next()) {
          rows++;
        }
        while (rs.next()) {
          rows++;
        }
        if (rows < needed) {
          return Outcome.failed(
              null,
              ms,
              check.hint().orElse("expected at least " + needed + " row(s) but got " + rows),
              "");
        }
        return Outcome.passed(null, ms);
      }
    } catch (SQLException e) {
      long ms = (System.nanoTime() - start) / 1_000_000;
      return Outcome.failed(
          null,
          ms,
          "SQL error: "
              + e.getMessage().lines().findFirst().orElse("")
              + (e.getSQLState() == null ? "" : " [SQLSTATE " + e.getSQLState() + "]"),
          "");
    }
  }

  /**
   * Text equality, numbers by value ({@code 16 == 16.0}), booleans as {@code true/false} or {@code
   * t/f}.
   */
  static boolean same(String actual, String expected) {
    if (actual.equals(expected)) {
      return true;
    }
    try {
      return new BigDecimal(actual.trim()).compareTo(new BigDecimal(expected.trim())) == 0;
    } catch (NumberFormatException notNumbers) {
      String a = actual.trim().toLowerCase(java.util.Locale.ROOT);
      String e = expected.trim().toLowerCase(java.util.Locale.ROOT);
      return (a.equals("t") || a.equals("true")) && (e.equals("t") || e.equals("true"))
          || (a.equals("f") || a.equals("false")) && (e.equals("f") || e.equals("false"));
    }
  }
}
