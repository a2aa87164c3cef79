package dev.bosun.migrate;

import static dev.bosun.migrate.MigrationFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.testing.ActionHarness;
import org.junit.jupiter.api.Test;

/**
 * mode: repair on a real PostgreSQL: a reviewed changed file, and a non-transactional migration
 * that failed midway.
 */
class DbMigrateRepairTest extends MigrationWorkspace {

  @Test
  void repairReRecordsTheChecksumOfAChangedFileWithTheActorAndReason() {
    write(dir, "001_a.sql", "CREATE TABLE a (id int);");
    write(dir, "002_b.sql", "CREATE TABLE b (id int);");
    assertThat(action().run("db-migrate").exitCode()).isZero();
    write(dir, "001_a.sql", "-- the table every order hangs off\nCREATE TABLE a (id int);");
    assertThat(action().run("db-migrate").stdout()).contains("::error title=allow-drift::");

    ActionHarness.Result r =
        action().input("mode", "repair").input("reason", "PR 42: comment only").run("db-migrate");

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.summary())
        .contains("db-migrate repair: 1 record(s) repaired")
        .contains("checksum re-recorded")
        .contains("Repaired 1 record(s) as octocat, reason: PR 42: comment only");
    assertThat(
            db.column(
                "SELECT kind || '|' || version || '|' || name || '|' || applied_by || '|' || reason "
                    + "FROM bosun_schema_history WHERE kind = 'repair'"))
        .containsExactly("repair|001|checksum re-recorded: a|octocat|PR 42: comment only");
    ActionHarness.Result status = action().input("mode", "status").run("db-migrate");
    assertThat(status.outputs())
        .containsEntry("drift", "false")
        .containsEntry("schema-version", "002")
        .containsEntry("pending-count", "0");
    assertThat(action().run("db-migrate").exitCode()).isZero();
  }

  @Test
  void aNonTransactionalMigrationThatFailedMidwayBlocksUntilRepairClearsItsRecord() {
    write(dir, "001_t.sql", "CREATE TABLE t (id int, email text);");
    write(
        dir,
        "002_idx.sql",
        "-- bosun:no-transaction\nCREATE INDEX CONCURRENTLY t_email ON t (email);\n"
            + "CREATE INDEX CONCURRENTLY t_bad ON t (nope);");

    ActionHarness.Result failed = action().run("db-migrate");

    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.stdout())
        .contains(
            "::error file="
                + dir
                + "/002_idx.sql,line=3,title=db-migrate::column \"nope\" "
                + "does not exist")
        .contains("the next run refuses until the record is cleared with mode: repair");
    assertThat(
            db.column(
                "SELECT version || ':' || kind FROM bosun_schema_history ORDER BY installed_rank"))
        .containsExactly("001:versioned", "002:failed");
    assertThat(failed.summary()).contains("failed midway outside a transaction: needs repair");

    write(
        dir,
        "002_idx.sql",
        "-- bosun:no-transaction\nCREATE INDEX CONCURRENTLY IF NOT EXISTS t_email ON t (email);\n"
            + "CREATE INDEX CONCURRENTLY t_id ON t (id);");
    ActionHarness.Result blocked = action().run("db-migrate");
    assertThat(blocked.exitCode()).isEqualTo(1);
    assertThat(blocked.stdout())
        .contains(
            "::error title=repair::"
                + dir
                + "/002_idx.sql failed midway outside a "
                + "transaction in an earlier run");
    assertThat(action().input("mode", "status").run("db-migrate").outputs())
        .containsEntry("schema-version", "001");

    ActionHarness.Result noReason = action().input("mode", "repair").run("db-migrate");
    assertThat(noReason.exitCode()).isEqualTo(2);
    assertThat(noReason.stdout())
        .contains("::error title=reason::Input 'reason' is required for mode: repair");

    ActionHarness.Result repaired =
        action()
            .input("mode", "repair")
            .input("reason", "t_email kept, file made re-runnable")
            .run("db-migrate");
    assertThat(repaired.exitCode()).as(repaired.stdout()).isZero();
    assertThat(repaired.summary()).contains("failed record cleared, runs again");
    assertThat(
            db.column(
                "SELECT version || ':' || kind || ':' || reason FROM bosun_schema_history WHERE kind <> 'versioned'"))
        .containsExactly("002:repair:t_email kept, file made re-runnable");

    ActionHarness.Result again = action().run("db-migrate");
    assertThat(again.exitCode()).as(again.stdout()).isZero();
    assertThat(again.outputs())
        .containsEntry("applied-count", "1")
        .containsEntry("schema-version", "002");
    assertThat(db.column("SELECT indexname FROM pg_indexes WHERE tablename = 't' ORDER BY 1"))
        .containsExactly("t_email", "t_id");
  }

  @Test
  void repairWithNothingToRepairSaysSo() {
    write(dir, "001_a.sql", "CREATE TABLE a (id int);");
    assertThat(action().run("db-migrate").exitCode()).isZero();

    ActionHarness.Result r =
        action().input("mode", "repair").input("reason", "checking").run("db-migrate");

    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout())
        .contains("Nothing to repair: no applied file changed and no migration failed midway.");
    assertThat(db.column("SELECT count(*) FROM bosun_schema_history WHERE kind = 'repair'"))
        .containsExactly("0");
  }
}
