package dev.bosun.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The locked-work template: unlock in finally, and an unlock failure never hides the work's own
 * error.
 */
class AdvisoryLockTest {

  static TestDatabase db;
  static final long KEY = new Ledger("lock_test").lockKey();

  @BeforeAll
  static void database() {
    db = TestDatabase.create();
  }

  @AfterAll
  static void drop() {
    if (db != null) {
      db.close();
    }
  }

  @Test
  void lockIsReleasedWhenTheWorkFails() throws Exception {
    try (Connection c = db.connect()) {
      AdvisoryLock lock = new AdvisoryLock(c, KEY, "test", s -> {});

      assertThatThrownBy(
              () ->
                  lock.execute(
                      Duration.ofSeconds(1),
                      () -> {
                        assertThat(freeElsewhere()).as("held during the work").isFalse();
                        throw new SQLException("boom");
                      }))
          .hasMessage("boom");

      assertThat(freeElsewhere()).as("released after the failure").isTrue();
    }
  }

  @Test
  void unlockFailureIsAttachedToTheOriginalErrorNotThrownInstead() throws Exception {
    try (Connection c = db.connect()) {
      AdvisoryLock lock = new AdvisoryLock(c, KEY, "test", s -> {});
      int pid = pid(c);

      assertThatThrownBy(
              () ->
                  lock.execute(
                      Duration.ofSeconds(1),
                      () -> {
                        db.column(
                            "SELECT pg_terminate_backend("
                                + pid
                                + ")"); // the connection dies under the work
                        throw new SQLException("original failure");
                      }))
          .hasMessage("original failure")
          .satisfies(e -> assertThat(e.getSuppressed()).isNotEmpty());
    }
  }

  @Test
  void waitingLogsTheHolderOnceAndTimesOutClearly() throws Exception {
    List<String> log = new ArrayList<>();
    try (Connection holder = db.connect();
        Connection c = db.connect();
        PreparedStatement ps = holder.prepareStatement("SELECT pg_advisory_lock(?)")) {
      ps.setLong(1, KEY);
      ps.execute();
      AdvisoryLock lock = new AdvisoryLock(c, KEY, "public.bosun_schema_history", log::add);

      assertThatThrownBy(() -> lock.execute(Duration.ofMillis(600), () -> "never"))
          .hasMessageContaining(
              "held the migration lock on public.bosun_schema_history (held by backend pid "
                  + pid(holder));
      assertThat(log).hasSize(1);
    }
  }

  private static boolean freeElsewhere() throws SQLException {
    try (Connection other = db.connect();
        PreparedStatement ps = other.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
      ps.setLong(1, KEY);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  private static int pid(Connection c) throws SQLException {
    try (var s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
