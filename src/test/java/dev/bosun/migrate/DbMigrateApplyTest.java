package dev.bosun.migrate;

import static dev.bosun.migrate.MigrationFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.testing.ActionHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * db-migrate apply end to end, as the runner runs it, against a real PostgreSQL database made for
 * each test.
 */
class DbMigrateApplyTest extends MigrationWorkspace {

  @Test
  void appliedByIsTheGitHubActorElseTheOsUserEvenWithoutUserVariables() {
    write(dir, "001_users.sql", "CREATE TABLE users (id int);");
    assertThat(action().run("db-migrate").exitCode()).isZero();
    write(dir, "002_orders.sql", "CREATE TABLE orders (id int);");

    ActionHarness.Result r =
        action().env("GITHUB_ACTOR", "").run("db-migrate"); // as in a container: no $USER

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(db.column("SELECT applied_by FROM bosun_schema_history ORDER BY installed_rank"))
        .containsExactly("octocat", System.getProperty("user.name"));
  }

  @Test
  void appliesPendingMigrationsInNumericOrderAndRecordsEachInTheLedger() {
    write(dir, "2_orders.sql", "CREATE TABLE orders (id int PRIMARY KEY, user_id int);");
    write(dir, "10_order_note.sql", "ALTER TABLE orders ADD COLUMN note text;");
    write(dir, "1_users.sql", "CREATE TABLE users (id int PRIMARY KEY);");

    ActionHarness.Result r = action().run("db-migrate");

    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
    assertThat(r.outputs())
        .containsEntry("applied-count", "3")
        .containsEntry("pending-count", "0")
        .containsEntry("schema-version", "10")
        .containsEntry("drift", "false");
    assertThat(
            db.column(
                "SELECT version || '|' || name || '|' || kind || '|' || applied_by || '|' || run_url "
                    + "FROM bosun_schema_history ORDER BY installed_rank"))
        .containsExactly(
            "1|users|versioned|octocat|https://github.com/acme/shop/actions/runs/4242",
            "2|orders|versioned|octocat|https://github.com/acme/shop/actions/runs/4242",
            "10|order_note|versioned|octocat|https://github.com/acme/shop/actions/runs/4242");
    assertThat(
            db.column(
                "SELECT count(*) FROM bosun_schema_history WHERE checksum ~ '^[0-9a-f]{32}$' "
                    + "AND execution_ms >= 0 AND applied_at <= now()"))
        .containsExactly("3");
    assertThat(r.summary())
        .contains("| 10 | order_note |")
        .contains("applied now")
        .contains("Drift: none");

    ActionHarness.Result again = action().run("db-migrate");
    assertThat(again.exitCode()).isZero();
    assertThat(again.outputs())
        .containsEntry("applied-count", "0")
        .containsEntry("schema-version", "10");
  }

  @Test
  void failingThirdOfFiveLeavesTwoAppliedNoTraceOfTheThirdAndPointsAtItsLine() {
    write(dir, "001_a.sql", "CREATE TABLE a (id int);");
    write(dir, "002_b.sql", "CREATE TABLE b (id int);");
    write(
        dir,
        "003_c.sql",
        "-- third\nCREATE TABLE c (id int);\n\nINSERT INTO c\n  SELECT id FROM no_such_table;\n");
    write(dir, "004_d.sql", "CREATE TABLE d (id int);");
    write(dir, "005_e.sql", "CREATE TABLE e (id int);");

    ActionHarness.Result r = action().run("db-migrate");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(db.column("SELECT version FROM bosun_schema_history ORDER BY installed_rank"))
        .containsExactly("001", "002");
    assertThat(db.tableExists("a")).isTrue();
    assertThat(db.tableExists("b")).isTrue();
    assertThat(db.tableExists("c")).as("no trace of the failed migration").isFalse();
    assertThat(db.tableExists("d")).isFalse();
    assertThat(r.stdout())
        .contains(
            "::error file="
                + dir
                + "/003_c.sql,line=5,title=db-migrate::relation "
                + "\"no_such_table\" does not exist [SQLSTATE 42P01]");
    assertThat(r.stdout().lines().filter(l -> l.startsWith("::error")).count()).isEqualTo(1);
    assertThat(r.outputs())
        .containsEntry("applied-count", "2")
        .containsEntry("schema-version", "002")
        .containsEntry("pending-count", "3");
    assertThat(r.summary()).contains("failed, rolled back").contains("not run");
    assertThat(r.stderr()).doesNotContain("at dev.bosun").doesNotContain("Exception");
  }

  @Test
  void twoConcurrentRunsApplyEachMigrationExactlyOnce() throws Exception {
    write(dir, "001_hits.sql", "CREATE TABLE hits (v int NOT NULL);");
    for (int i = 2; i <= 5; i++) {
      write(
          dir,
          String.format("%03d_hit.sql", i),
          "SELECT pg_sleep(0.1);\nINSERT INTO hits VALUES (" + i + ");");
    }
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<ActionHarness.Result>> runs = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      Path own = Files.createDirectories(tmp.resolve("run" + t));
      runs.add(
          pool.submit(
              () -> {
                start.await();
                return new ActionHarness(own)
                    .env("GITHUB_WORKSPACE", tmp.toString())
                    .input("dir", dir.toString())
                    .input("database-url", db.url())
                    .run("db-migrate");
              }));
    }
    start.countDown();
    int applied = 0;
    for (Future<ActionHarness.Result> f : runs) {
      ActionHarness.Result r = f.get();
      assertThat(r.exitCode()).as(r.stdout()).isZero();
      applied += Integer.parseInt(r.outputs().get("applied-count"));
    }
    pool.shutdown();

    assertThat(applied).isEqualTo(5);
    assertThat(
            db.column(
                "SELECT count(*) || '/' || count(DISTINCT version) FROM bosun_schema_history"))
        .containsExactly("5/5");
    assertThat(db.column("SELECT v FROM hits ORDER BY v")).containsExactly("2", "3", "4", "5");
  }

  @Test
  void changedFileIsDriftAndApplyRefusesUntilAllowed() throws Exception {
    write(dir, "001_a.sql", "CREATE TABLE a (id int);");
    assertThat(action().run("db-migrate").exitCode()).isZero();
    write(dir, "001_a.sql", "CREATE TABLE a (id bigint);");
    write(dir, "002_b.sql", "CREATE TABLE b (id int);");

    ActionHarness.Result status = action().input("mode", "status").run("db-migrate");
    assertThat(status.exitCode()).isZero();
    assertThat(status.outputs()).containsEntry("drift", "true").containsEntry("pending-count", "1");
    assertThat(status.stdout())
        .contains("::warning file=" + dir + "/001_a.sql,line=1,title=drift::");
    assertThat(status.summary()).contains("changed since applied");

    ActionHarness.Result refused = action().run("db-migrate");
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.stdout()).contains("::error title=allow-drift::The database has drifted");
    assertThat(db.tableExists("b")).isFalse();

    ActionHarness.Result allowed = action().input("allow-drift", "true").run("db-migrate");
    assertThat(allowed.exitCode()).as(allowed.stdout()).isZero();
    assertThat(db.tableExists("b")).isTrue();
  }

  @Test
  void repeatableMigrationsRunAfterVersionedOnesAndAgainOnlyWhenChanged() {
    write(dir, "V1__users.sql", "CREATE TABLE users (id int, active boolean);");
    write(
        dir,
        "R__active_users.sql",
        "CREATE OR REPLACE VIEW active_users AS SELECT id FROM users WHERE active;");

    ActionHarness.Result first = action().run("db-migrate");
    ActionHarness.Result same = action().run("db-migrate");
    write(
        dir,
        "R__active_users.sql",
        "CREATE OR REPLACE VIEW active_users AS SELECT id, active FROM users WHERE active;");
    ActionHarness.Result changed = action().run("db-migrate");

    assertThat(first.exitCode()).as(first.stdout()).isZero();
    assertThat(first.outputs())
        .containsEntry("applied-count", "2")
        .containsEntry("schema-version", "1");
    assertThat(same.outputs()).containsEntry("applied-count", "0");
    assertThat(changed.exitCode()).as(changed.stdout()).isZero();
    assertThat(changed.outputs())
        .containsEntry("applied-count", "1")
        .containsEntry("drift", "false");
    assertThat(
            db.column(
                "SELECT kind || ':' || name FROM bosun_schema_history ORDER BY installed_rank"))
        .containsExactly("versioned:users", "repeatable:active users", "repeatable:active users");
    assertThat(
            db.column(
                "SELECT count(*) FROM information_schema.columns WHERE table_name = 'active_users'"))
        .containsExactly("2");
  }

  @Test
  void lineEndingsAndBomAreNotDrift() {
    write(dir, "001_a.sql", "CREATE TABLE a (id int);\nCREATE TABLE a2 (id int);\n");
    assertThat(action().run("db-migrate").exitCode()).isZero();
    write(dir, "001_a.sql", "\uFEFFCREATE TABLE a (id int);\r\nCREATE TABLE a2 (id int);\r\n");

    ActionHarness.Result status = action().input("mode", "status").run("db-migrate");

    assertThat(status.outputs())
        .containsEntry("drift", "false")
        .containsEntry("pending-count", "0");
  }

  @Test
  void missingAndUnknownMigrationsAreDrift() throws Exception {
    write(dir, "001_a.sql", "CREATE TABLE a (id int);");
    write(dir, "002_b.sql", "CREATE TABLE b (id int);");
    write(dir, "003_c.sql", "CREATE TABLE c (id int);");
    assertThat(action().run("db-migrate").exitCode()).isZero();
    Files.delete(dir.resolve("002_b.sql"));

    ActionHarness.Result status = action().input("mode", "status").run("db-migrate");

    assertThat(status.outputs()).containsEntry("drift", "true");
    assertThat(status.summary()).contains("| 002 | b |").contains("applied, file missing");
    assertThat(status.outputs().get("plan")).contains("\"state\":\"applied, file missing\"");

    Files.delete(dir.resolve("003_c.sql"));
    ActionHarness.Result older =
        new ActionHarness(Files.createDirectories(tmp.resolve("again")))
            .env("GITHUB_WORKSPACE", tmp.toString())
            .input("dir", dir.toString())
            .input("database-url", db.url())
            .input("mode", "status")
            .run("db-migrate");
    assertThat(older.outputs()).containsEntry("drift", "true");
    assertThat(older.summary())
        .contains("| 003 | c |")
        .contains("applied by a newer version of the files");
  }

  @Test
  void planChangesNothingAndListsPendingWithLint() {
    write(dir, "001_a.sql", "CREATE TABLE a (id int);");
    write(dir, "002_drop.sql", "DROP TABLE a;");

    ActionHarness.Result plan = action().input("mode", "plan").run("db-migrate");

    assertThat(plan.exitCode()).as(plan.stdout()).isZero();
    assertThat(db.tableExists("bosun_schema_history")).as("plan creates no ledger").isFalse();
    assertThat(db.tableExists("a")).isFalse();
    assertThat(plan.outputs())
        .containsEntry("pending-count", "2")
        .containsEntry("applied-count", "0");
    assertThat(plan.outputs().get("plan"))
        .contains("\"script\":\"" + dir + "/002_drop.sql\"")
        .contains("\"rule\":\"ban-drop-table\"");
    assertThat(plan.stdout())
        .contains("::warning file=" + dir + "/002_drop.sql,line=1,title=lint ban-drop-table::");
  }

  @Test
  void duplicateVersionsAreBadInputWithTheExpectedForm() {
    write(dir, "015_a.sql", "SELECT 1;");
    write(dir, "15_b.sql", "SELECT 1;");

    ActionHarness.Result r = action().run("db-migrate");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout())
        .contains("::error title=dir::Input 'dir': duplicate migration version 15");
    assertThat(db.tableExists("bosun_schema_history")).isFalse();
  }

  @Test
  void unparseableNameIsBadInputShowingTheExpectedForm() {
    write(dir, "001_a.sql", "SELECT 1;");
    write(dir, "add-users.sql", "SELECT 1;");

    ActionHarness.Result r = action().run("db-migrate");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout())
        .contains("add-users.sql")
        .contains("Expected NNN_name.sql, for example 015_add_users.sql");
  }

  @Test
  void lockHeldByAnotherRunFailsClearlyAfterLockTimeout() throws Exception {
    write(dir, "001_a.sql", "CREATE TABLE a (id int);");
    try (var holder = db.connect();
        var s = holder.prepareStatement("SELECT pg_advisory_lock(?)")) {
      s.setLong(1, new Ledger("public").lockKey());
      s.execute();

      ActionHarness.Result r = action().input("lock-timeout", "1s").run("db-migrate");

      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.stdout())
          .contains("::error title=lock-timeout::Another db-migrate run held the migration lock");
      assertThat(db.tableExists("a")).isFalse();
    }
  }

  @Test
  void overallTimeoutCancelsAndRollsBackTheRunningMigration() {
    write(dir, "001_a.sql", "CREATE TABLE a (id int);");
    write(dir, "002_slow.sql", "CREATE TABLE slow (id int);\nSELECT pg_sleep(20);");

    ActionHarness.Result r = action().input("timeout", "2s").run("db-migrate");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains(
            "::error file=" + dir + "/002_slow.sql,line=2,title=db-migrate::The overall timeout");
    assertThat(db.tableExists("slow")).isFalse();
    assertThat(db.column("SELECT version FROM bosun_schema_history")).containsExactly("001");
  }

  @Test
  void statementTimeoutStopsALongStatementAndRollsItsMigrationBack() {
    write(dir, "001_slow.sql", "CREATE TABLE slow (id int);\nSELECT pg_sleep(10);");

    ActionHarness.Result r = action().input("statement-timeout", "500ms").run("db-migrate");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains(
            "::error file="
                + dir
                + "/001_slow.sql,line=2,title=db-migrate::canceling statement "
                + "due to statement timeout");
    assertThat(db.tableExists("slow")).isFalse();
  }

  @Test
  void planOnAMigratedDatabaseChangesNothing() {
    write(dir, "001_a.sql", "CREATE TABLE a (id int);");
    assertThat(action().run("db-migrate").exitCode()).isZero();
    write(dir, "002_b.sql", "CREATE TABLE b (id int);");
    List<String> before =
        db.column("SELECT installed_rank || version || checksum FROM bosun_schema_history");

    ActionHarness.Result plan = action().input("mode", "plan").run("db-migrate");

    assertThat(plan.exitCode()).isZero();
    assertThat(plan.outputs())
        .containsEntry("pending-count", "1")
        .containsEntry("schema-version", "001");
    assertThat(plan.outputs().get("plan"))
        .contains("\"version\":\"002\"")
        .doesNotContain("\"version\":\"001\"");
    assertThat(db.tableExists("b")).isFalse();
    assertThat(db.column("SELECT installed_rank || version || checksum FROM bosun_schema_history"))
        .isEqualTo(before);
  }

  @Test
  void libpqVariablesAreUsedWithoutAUrlAndTheirPasswordIsMasked() {
    write(dir, "001_a.sql", "CREATE TABLE a (id int);");
    write(dir, "002_bad.sql", "SELECT nope FROM a;");

    ActionHarness.Result r =
        new ActionHarness(tmp)
            .input("dir", dir.toString())
            .env("PGHOST", "127.0.0.1")
            .env("PGPORT", "5432")
            .env("PGUSER", "postgres")
            .env("PGDATABASE", db.name())
            .env("PGPASSWORD", "Pg-Env-Pa55word")
            .run("db-migrate");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(db.tableExists("a")).isTrue();
    assertThat(r.stdout())
        .contains("db-migrate apply on database " + db.name() + " on 127.0.0.1:5432")
        .contains("::add-mask::Pg-Env-Pa55word");
    assertThat(r.everything()).doesNotContain("Pg-Env-Pa55word");
  }

  @Test
  void secretUrlNeverAppearsInAnyOutput() {
    String password = "S3cret-Pa55word-xyz";
    String url =
        db.url()
            .replace("jdbc:postgresql://", "postgres://postgres:" + password + "@")
            .replace("?user=postgres", "");
    write(dir, "001_a.sql", "CREATE TABLE a (id int);");
    write(dir, "002_bad.sql", "SELECT * FROM missing_table;");

    ActionHarness.Result r =
        new ActionHarness(tmp)
            .input("dir", dir.toString())
            .input("database-url", url)
            .run("db-migrate");
    ActionHarness.Result bad =
        new ActionHarness(tmp)
            .input("dir", dir.toString())
            .input("database-url", "postgres://u:" + password + "@[bad")
            .run("db-migrate");

    assertThat(r.exitCode()).as(r.stdout()).isEqualTo(1);
    assertThat(db.tableExists("a")).isTrue();
    assertThat(r.stdout()).contains("::add-mask::" + password);
    assertThat(r.everything()).doesNotContain(password).doesNotContain(url);
    assertThat(bad.everything()).doesNotContain(password);
  }
}
