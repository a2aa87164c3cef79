package dev.bosun.migrate;

import static dev.bosun.migrate.MigrationFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.testing.ActionHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed midway (its JVM killed, or its connection terminated) leaves no half-applied
 * migration, and the next run finishes the job.
 */
class DbMigrateKillTest {

  static TestDatabase db;

  @TempDir Path tmp;

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
  void killingTheProcessMidMigrationLeavesNothingHalfApplied() throws Exception {
    db.execute("DROP SCHEMA IF EXISTS k1 CASCADE");
    Path dir = Files.createDirectories(tmp.resolve("m"));
    write(dir, "001_a.sql", "CREATE TABLE k1_a (id int);");
    write(
        dir,
        "002_slow.sql",
        "CREATE TABLE k1_half (id int);\nINSERT INTO k1_half VALUES (1);\nSELECT pg_sleep(4);\n"
            + "CREATE TABLE k1_after (id int);");
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb =
        new ProcessBuilder(
                java, "-cp", System.getProperty("java.class.path"), "dev.bosun.Main", "db-migrate")
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("child.log").toFile());
    Map<String, String> env = pb.environment();
    env.put("INPUT_DIR", dir.toString());
    env.put("INPUT_DATABASE-URL", db.url());
    env.put("INPUT_SCHEMA", "k1");
    Process child = pb.start();
    try {
      waitFor(
          () ->
              !db.column(
                      "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                          + "AND query LIKE '%pg_sleep(4)%' AND pid <> pg_backend_pid()")
                  .isEmpty(),
          Duration.ofSeconds(30));
    } finally {
      child.destroyForcibly().waitFor();
    }
    // The server notices the dead client when the sleeping statement ends, then rolls the
    // transaction back.
    waitFor(
        () ->
            db.column(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                        + "AND application_name = 'bosun db-migrate'")
                .isEmpty(),
        Duration.ofSeconds(30));

    assertThat(db.tableExists("k1_a")).isTrue();
    assertThat(db.tableExists("k1_half")).as("no trace of the killed migration").isFalse();
    assertThat(db.column("SELECT version FROM k1.bosun_schema_history")).containsExactly("001");

    ActionHarness.Result next =
        new ActionHarness(tmp)
            .input("dir", dir.toString())
            .input("database-url", db.url())
            .input("schema", "k1")
            .run("db-migrate");
    assertThat(next.exitCode()).as(next.stdout()).isZero();
    assertThat(db.column("SELECT version FROM k1.bosun_schema_history ORDER BY installed_rank"))
        .containsExactly("001", "002");
    assertThat(db.tableExists("k1_after")).isTrue();
  }

  @Test
  void terminatedConnectionFailsTheRunAndRollsBackTheMigration() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("t"));
    write(dir, "001_t.sql", "CREATE TABLE k2_t (id int);\nSELECT pg_sleep(30);");
    Thread killer =
        new Thread(
            () -> {
              try {
                waitFor(
                    () ->
                        !db.column(
                                "SELECT pid FROM pg_stat_activity WHERE query LIKE '%pg_sleep(30)%' "
                                    + "AND pid <> pg_backend_pid()")
                            .isEmpty(),
                    Duration.ofSeconds(30));
                db.column(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(30)%' "
                        + "AND pid <> pg_backend_pid()");
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    killer.start();

    ActionHarness.Result r =
        new ActionHarness(tmp)
            .input("dir", dir.toString())
            .input("database-url", db.url())
            .input("schema", "k2")
            .run("db-migrate");
    killer.join();

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout()).contains("::error file=" + dir + "/001_t.sql,line=2,title=db-migrate::");
    assertThat(db.tableExists("k2_t")).isFalse();
    assertThat(db.column("SELECT count(*) FROM k2.bosun_schema_history")).containsExactly("0");
  }

  interface Check {
    boolean ok();
  }

  static void waitFor(Check check, Duration max) throws InterruptedException {
    Instant end = Instant.now().plus(max);
    while (!check.ok()) {
      if (Instant.now().isAfter(end)) {
        throw new AssertionError("condition not reached within " + max);
      }
      Thread.sleep(100);
    }
  }
}
