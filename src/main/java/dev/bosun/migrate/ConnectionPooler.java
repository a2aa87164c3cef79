package dev.bosun.migrate;

import dev.bosun.support.BadInputException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds transaction-mode connection poolers (PgBouncer, Neon's {@code -pooler} hosts, Supabase's
 * pooled port 6543): they hand each transaction to whichever server session is free, so the
 * session-level advisory lock that keeps two runs apart no longer protects anything.
 */
public final class ConnectionPooler {

  private static final Pattern URL =
      Pattern.compile("(?i)jdbc:postgresql://([^/?]*)(?:/[^?]*)?(?:\\?(.*))?");

  private ConnectionPooler() {}

  /**
   * What the URL shows: a Neon pooled host, Supabase's transaction pooler, or Prisma's {@code
   * pgbouncer=true} mark.
   */
  public static Optional<String> byUrl(DatabaseTarget t) {
    Matcher m = URL.matcher(t.jdbcUrl());
    if (!m.matches()) {
      return Optional.empty();
    }
    for (String hostPort : m.group(1).split(",")) {
      String host = hostPort.replaceFirst(":\\d+$", "").toLowerCase(Locale.ROOT);
      String port =
          hostPort.matches(".*:\\d+$") ? hostPort.substring(hostPort.lastIndexOf(':') + 1) : "5432";
      if (host.contains("-pooler.")) {
        return Optional.of("a pooled Neon host (" + host + ")");
      }
      if (host.endsWith(".pooler.supabase.com") && port.equals("6543")) {
        return Optional.of("Supabase's transaction pooler (" + host + ":6543)");
      }
    }
    String query = m.group(2) == null ? "" : "&" + m.group(2).toLowerCase(Locale.ROOT) + "&";
    if (query.contains("&pgbouncer=true&")) {
      return Optional.of("a URL marked pgbouncer=true");
    }
    return Optional.empty();
  }

  /**
   * Whether two client connections were handed the same server session, one after the other.
   * Directly connected that never happens (each open connection is its own backend); a
   * transaction-mode pooler hands the second connection the backend the first one just released. A
   * session-mode pooler keeps them apart, as it should.
   */
  public static boolean sharesSessions(Connection first, Connector connector) throws SQLException {
    int a = backendPid(first);
    try (Connection second = connector.open()) {
      return backendPid(second) == a;
    }
  }

  /** The refusal, naming the input the URL came from and how to reach the database directly. */
  public static BadInputException refusal(String input, String what) {
    return new BadInputException(
        input,
        "Input '"
            + input
            + "' points at "
            + what
            + ", a transaction-mode connection "
            + "pooler: db-migrate's lock is a session-level advisory lock, which such a pooler breaks, so two runs could "
            + "apply the same migration. Set direct-url to the direct, unpooled connection (Neon: the host without "
            + "-pooler; Supabase: port 5432 or db.<project>.supabase.co; PgBouncer: the server behind it), as "
            + "DIRECT_DATABASE_URL often holds.");
  }

  private static int backendPid(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
