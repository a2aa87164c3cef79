package dev.bosun.migrate;

import static dev.bosun.migrate.MigrationFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.testing.ActionHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Files with statements PostgreSQL cannot run in a transaction: refused unless the header or the
 * input allows them.
 */
class NonTransactionalMigrationTest extends MigrationWorkspace {

  @BeforeEach
  void prepare() throws Exception {
    write(dir, "001_t.sql", "CREATE TABLE t (id int, email text);");
  }

  @Test
  void concurrentIndexWithoutHeaderIsRefusedBeforeAnythingRuns() {
    write(dir, "002_idx.sql", "\nCREATE INDEX CONCURRENTLY t_email ON t (email);");

    ActionHarness.Result r = action().run("db-migrate");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout())
        .contains(
            "::error title=allow-non-transactional::"
                + dir
                + "/002_idx.sql line 2: "
                + "CREATE INDEX CONCURRENTLY T_EMAIL cannot run inside a transaction");
    assertThat(db.tableExists("t")).as("nothing half-applied").isFalse();
  }

  @Test
  void headerLetsTheFileRunOutsideATransactionAndTheSummarySaysSo() {
    write(
        dir,
        "002_idx.sql",
        "-- bosun:no-transaction\nCREATE INDEX CONCURRENTLY t_email ON t (email);");

    ActionHarness.Result r = action().run("db-migrate");

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(db.column("SELECT indexname FROM pg_indexes WHERE tablename = 't'"))
        .containsExactly("t_email");
    assertThat(
            db.column(
                "SELECT version || ':' || transactional FROM bosun_schema_history ORDER BY installed_rank"))
        .containsExactly("001:true", "002:false");
    assertThat(r.summary())
        .contains("| 002 | idx |")
        .contains("ran outside a transaction (CREATE INDEX CONCURRENTLY T_EMAIL at line 2)");
  }

  @Test
  void inputAllowsItForEveryFile() {
    write(dir, "002_vacuum.sql", "VACUUM t;");

    ActionHarness.Result r = action().input("allow-non-transactional", "true").run("db-migrate");

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.outputs()).containsEntry("applied-count", "2");
  }

  @Test
  void commitInsideAMigrationIsRefused() {
    write(dir, "002_commit.sql", "INSERT INTO t VALUES (1);\nCOMMIT;\nINSERT INTO t VALUES (2);");

    ActionHarness.Result r = action().run("db-migrate");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout()).contains("002_commit.sql line 2: 'COMMIT' controls the transaction");
    assertThat(db.tableExists("t")).isFalse();
  }
}
