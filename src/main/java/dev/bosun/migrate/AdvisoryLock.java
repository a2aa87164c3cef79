package dev.bosun.migrate;

import dev.bosun.support.OutsideSystemException;
import dev.bosun.support.Sleeper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * A session-level PostgreSQL advisory lock around a piece of work. All locked work goes through
 * {@link #execute}: it waits at most the lock timeout, unlocks in {@code finally}, and an unlock
 * failure never hides the work's own error. A killed run drops its connection, and PostgreSQL
 * releases the lock with it.
 */
public final class AdvisoryLock {

  /** Work done while holding the lock. */
  @FunctionalInterface
  public interface Work<T> {
    T call() throws SQLException;
  }

  private final Connection connection;
  private final long key;
  private final String what;
  private final Consumer<String> log;
  private final Clock clock;
  private final Sleeper sleeper;

  public AdvisoryLock(Connection connection, long key, String what, Consumer<String> log) {
    this(connection, key, what, log, Clock.systemUTC(), Sleeper.REAL);
  }

  /** With the clock and the pause between tries injected, so tests need not wait for real. */
  public AdvisoryLock(
      Connection connection,
      long key,
      String what,
      Consumer<String> log,
      Clock clock,
      Sleeper sleeper) {
    this.connection = connection;
    this.key = key;
    this.what = what;
    this.log = log;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  public <T> T execute(Duration wait, Work<T> work) throws SQLException {
    acquire(wait);
    Throwable failure = null;
    try {
      return work.call();
    } catch (SQLException | RuntimeException | Error e) {
      failure = e;
      throw e;
    } finally {
      try {
        unlock();
      } catch (SQLException | RuntimeException e) {
        if (failure != null) {
          failure.addSuppressed(e);
        } else {
          throw new OutsideSystemException(
              "database",
              "Could not release the migration lock on "
                  + what
                  + ": "
                  + e.getMessage()
                  + ". It is released when the connection closes.",
              e);
        }
      }
    }
  }

  private void acquire(Duration wait) throws SQLException {
    Instant end = clock.instant().plus(wait);
    boolean told = false;
    long pause = 50;
    while (true) {
      try (PreparedStatement ps = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
        ps.setLong(1, key);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          if (rs.getBoolean(1)) {
            return;
          }
        }
      }
      if (!told) {
        log.accept(
            "Waiting for another db-migrate run to release the lock on "
                + what
                + holder()
                + " (up to "
                + dev.bosun.support.Durations.format(wait)
                + ")");
        told = true;
      }
      if (clock.instant().plusMillis(pause).isAfter(end)) {
        throw new OutsideSystemException(
            "lock-timeout",
            "Another db-migrate run held the migration lock on "
                + what
                + holder()
                + " for longer than lock-timeout ("
                + dev.bosun.support.Durations.format(wait)
                + "). Wait for it to finish, or raise lock-timeout.");
      }
      try {
        sleeper.sleep(Duration.ofMillis(pause));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new OutsideSystemException(
            "lock-timeout", "Interrupted while waiting for the migration lock on " + what);
      }
      pause = Math.min(500, pause * 2);
    }
  }

  private String holder() {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT l.pid, a.application_name, a.client_addr FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid "
                + "WHERE l.locktype = 'advisory' AND l.granted AND ((l.classid::bigint << 32) | l.objid::bigint) = ? LIMIT 1")) {
      ps.setLong(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return " (held by backend pid "
              + rs.getInt(1)
              + (rs.getString(2) == null || rs.getString(2).isEmpty() ? "" : ", " + rs.getString(2))
              + ")";
        }
      }
    } catch (SQLException ignored) {
      // only decoration for the message
    }
    return "";
  }

  private void unlock() throws SQLException {
    if (connection.isClosed()) {
      return;
    }
    if (!connection.getAutoCommit()) {
      connection.rollback();
      connection.setAutoCommit(true);
    }
    try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
      ps.setLong(1, key);
      ps.executeQuery().close();
    }
  }
}
