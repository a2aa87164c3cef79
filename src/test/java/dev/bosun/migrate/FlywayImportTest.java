package dev.bosun.migrate;

import static dev.bosun.migrate.MigrationFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.testing.ActionHarness;
import org.junit.jupiter.api.Test;

/**
 * mode: baseline adopts a database that Flyway ran: its versions, descriptions, baseline and failed
 * migrations.
 */
class FlywayImportTest extends MigrationWorkspace {

  /**
   * The history table exactly as Flyway 11 creates it on PostgreSQL:
   * PostgreSQLDatabase.getRawCreateScript in flyway/flyway
   * (flyway-database/flyway-database-postgresql), with its primary key and its index on success.
   */
  private void createFlywayHistory() {
    db.execute(
        "CREATE TABLE \"public\".\"flyway_schema_history\" (\n"
            + "    \"installed_rank\" INT NOT NULL,\n"
            + "    \"version\" VARCHAR(50),\n"
            + "    \"description\" VARCHAR(200) NOT NULL,\n"
            + "    \"type\" VARCHAR(20) NOT NULL,\n"
            + "    \"script\" VARCHAR(1000) NOT NULL,\n"
            + "    \"checksum\" INTEGER,\n"
            + "    \"installed_by\" VARCHAR(100) NOT NULL,\n"
            + "    \"installed_on\" TIMESTAMP NOT NULL DEFAULT now(),\n"
            + "    \"execution_time\" INTEGER NOT NULL,\n"
            + "    \"success\" BOOLEAN NOT NULL\n"
            + ");\n"
            + "ALTER TABLE \"public\".\"flyway_schema_history\" ADD CONSTRAINT \"flyway_schema_history_pk\" PRIMARY KEY "
            + "(\"installed_rank\");\n"
            + "CREATE INDEX \"flyway_schema_history_s_idx\" ON \"public\".\"flyway_schema_history\" (\"success\");");
  }

  private void flywayRow(
      int rank,
      String version,
      String description,
      String type,
      String script,
      Integer checksum,
      boolean success) {
    db.execute(
        "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, "
            + "installed_by, execution_time, success) VALUES ("
            + rank
            + ", "
            + (version == null ? "NULL" : "'" + version + "'")
            + ", '"
            + description
            + "', '"
            + type
            + "', '"
            + script
            + "', "
            + checksum
            + ", 'deployer', 12, "
            + success
            + ")");
  }

  @Test
  void baselineImportsFlywaysVersionsDescriptionsBaselineAndFailures() {
    createFlywayHistory();
    flywayRow(1, "1", "<< Flyway Baseline >>", "BASELINE", "<< Flyway Baseline >>", null, true);
    flywayRow(2, "2", "orders", "SQL", "V2__orders.sql", 1946347128, true);
    flywayRow(3, "2.1", "undone", "SQL", "V2_1__undone.sql", 11, true);
    flywayRow(4, "2.1", "undone", "UNDO_SQL", "U2_1__undone.sql", 12, true);
    flywayRow(5, "3", "orders index", "SQL", "V3__orders_index.sql", -95513, false);
    db.execute("CREATE TABLE users (id int); CREATE TABLE orders (id int, user_id int)");
    write(dir, "V1__users.sql", "CREATE TABLE users (id int);");
    write(dir, "V2__orders.sql", "CREATE TABLE orders (id int, user_id int);");
    write(
        dir,
        "V3__orders_index.sql",
        "-- bosun:no-transaction\nCREATE INDEX CONCURRENTLY orders_user ON orders (user_id);");
    write(dir, "V4__note.sql", "ALTER TABLE orders ADD COLUMN note text;");

    ActionHarness.Result before = action().run("db-migrate");
    ActionHarness.Result r = action().input("mode", "baseline").run("db-migrate");

    assertThat(before.exitCode()).isEqualTo(1);
    assertThat(before.stdout())
        .contains(
            "::error title=baseline::This database already has a migration history in "
                + "[flyway_schema_history (3 rows, newest version 2.1)]");
    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(
            db.column(
                "SELECT version || '|' || kind || '|' || name || '|' || applied_by FROM bosun_schema_history "
                    + "ORDER BY installed_rank"))
        .containsExactly(
            "1|baseline|baseline (imported from flyway_schema_history: << Flyway Baseline >>)|octocat",
            "2|versioned|orders|deployer (Flyway)",
            "3|failed|orders index|deployer (Flyway)");
    assertThat(r.outputs()).containsEntry("schema-version", "2");
    assertThat(r.summary())
        .contains("Imported 3 record(s) from flyway_schema_history, 1 of them failed")
        .contains("| 1 | users |")
        .contains("covered by baseline")
        .contains("| 3 | orders index |")
        .contains("failed midway outside a transaction: needs repair");

    ActionHarness.Result blocked = action().run("db-migrate");
    assertThat(blocked.exitCode()).isEqualTo(1);
    assertThat(blocked.stdout())
        .contains("::error title=repair::" + dir + "/V3__orders_index.sql failed midway");
    assertThat(
            action()
                .input("mode", "repair")
                .input("reason", "index checked: not there")
                .run("db-migrate")
                .exitCode())
        .isZero();
    ActionHarness.Result after = action().run("db-migrate");
    assertThat(after.exitCode()).as(after.stdout()).isZero();
    assertThat(after.outputs())
        .containsEntry("applied-count", "2")
        .containsEntry("schema-version", "4")
        .containsEntry("drift", "false");
  }
}
