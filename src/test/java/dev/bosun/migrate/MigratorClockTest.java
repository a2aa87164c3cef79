package dev.bosun.migrate;

import static dev.bosun.migrate.MigrationFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.support.OutsideSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Migrator service on its injected clock and sleeper: durations, warn-after and the lock wait
 * are judged by the clock it is given, so these tests never wait for real; and the one execution
 * template keeps a failing seed all or nothing.
 */
class MigratorClockTest extends MigrationWorkspace {

  @Test
  void durationsAndWarnAfterComeFromTheInjectedClock() {
    write(dir, "001_users.sql", "CREATE TABLE users (id int);");
    write(dir, "002_orders.sql", "CREATE TABLE orders (id int);");
    SteppingClock clock = new SteppingClock(Duration.ofMinutes(4));

    MigrateResult r =
        migrator(clock, d -> {}).run(request(Mode.APPLY, Duration.ofMinutes(10), List.of()));

    assertThat(r.failure()).isNull();
    assertThat(r.appliedCount()).isEqualTo(2);
    // each migration reads the clock at its start, around its statements and at its end: >= 3 steps
    assertThat(r.slow())
        .extracting(MigrateResult.Slow::script)
        .containsExactly(dir + "/001_users.sql", dir + "/002_orders.sql");
    assertThat(r.slow())
        .allSatisfy(
            s -> assertThat(s.executionMs()).isGreaterThan(Duration.ofMinutes(10).toMillis()));
    assertThat(db.column("SELECT execution_ms FROM bosun_schema_history ORDER BY installed_rank"))
        .allSatisfy(
            ms ->
                assertThat(Long.parseLong(ms))
                    .isGreaterThanOrEqualTo(Duration.ofMinutes(4).toMillis()));
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void waitingForAnotherRunsLockEndsAtLockTimeoutOnTheInjectedClock() throws Exception {
    write(dir, "001_users.sql", "CREATE TABLE users (id int);");
    SteppingClock clock = new SteppingClock(Duration.ZERO);
    List<Duration> pauses = new ArrayList<>();
    try (Connection other = db.connect();
        Statement st = other.createStatement()) {
      st.execute("SELECT pg_advisory_lock(" + new Ledger("public").lockKey() + ")");

      assertThatThrownBy(
              () ->
                  migrator(
                          clock,
                          d -> {
                            pauses.add(d);
                            clock.advance(d);
                          })
                      .run(request(Mode.APPLY, Duration.ZERO, List.of())))
          .isInstanceOf(OutsideSystemException.class)
          .hasMessageContaining("for longer than lock-timeout (10m)");
    }
    assertThat(pauses)
        .isNotEmpty()
        .allSatisfy(p -> assertThat(p).isLessThanOrEqualTo(Duration.ofMillis(500)));
    assertThat(pauses.stream().reduce(Duration.ZERO, Duration::plus))
        .isBetween(Duration.ofMinutes(9), Duration.ofMinutes(10));
    assertThat(db.tableExists("users")).isFalse();
  }

  @Test
  void aFailingSeedIsRolledBackWholeWithTheFileAndLineOfItsError() throws Exception {
    write(dir, "001_users.sql", "CREATE TABLE users (id int PRIMARY KEY);");
    Path seeds = Files.createDirectories(tmp.resolve("seed"));
    write(seeds, "1_users.sql", "INSERT INTO users VALUES (1);");
    write(seeds, "2_more.sql", "INSERT INTO users VALUES (2);\nINSERT INTO users VALUES (1);");

    MigrateResult r =
        migrator(new SteppingClock(Duration.ZERO), d -> {})
            .run(request(Mode.APPLY, Duration.ZERO, List.of(seeds)));

    assertThat(r.failure()).isNotNull();
    assertThat(r.failure().script()).isEqualTo(seeds.resolve("2_more.sql").toString());
    assertThat(r.failure().line()).isEqualTo(2);
    assertThat(r.failure().partial()).isFalse();
    assertThat(db.column("SELECT count(*) FROM users")).containsExactly("0");
  }

  private Migrator migrator(Clock clock, dev.bosun.support.Sleeper sleeper) {
    return new Migrator(db::connect, "test database", s -> {}, null, clock, sleeper);
  }

  private MigrateRequest request(Mode mode, Duration warnAfter, List<Path> seeds) {
    return new MigrateRequest(
        mode,
        dir,
        MigrationFormat.NUMBERED,
        "public",
        Duration.ofMinutes(10),
        Duration.ZERO,
        Duration.ofHours(1000),
        false,
        false,
        false,
        false,
        "test",
        null,
        seeds,
        true,
        "tester",
        null,
        null,
        0,
        "",
        warnAfter,
        LintOptions.NONE);
  }

  /** A clock that moves on by {@code step} each time it is read, and when told to. */
  static final class SteppingClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final Duration step;

    SteppingClock(Duration step) {
      this.step = step;
    }

    synchronized void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public synchronized Instant instant() {
      Instant t = now;
      now = now.plus(step);
      return t;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
