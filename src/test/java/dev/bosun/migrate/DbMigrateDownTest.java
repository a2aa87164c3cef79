package dev.bosun.migrate;

import static dev.bosun.migrate.MigrationFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.testing.ActionHarness;
import org.junit.jupiter.api.Test;

/**
 * target (up to a version) and mode: down with numbered .down.sql and Flyway U files, on a real
 * PostgreSQL.
 */
class DbMigrateDownTest extends MigrationWorkspace {

  private void threeWithDowns() {
    write(dir, "001_users.sql", "CREATE TABLE users (id int PRIMARY KEY);");
    write(dir, "001_users.down.sql", "DROP TABLE users;");
    write(dir, "002_orders.sql", "CREATE TABLE orders (id int PRIMARY KEY, user_id int);");
    write(dir, "002_orders.down.sql", "DROP TABLE orders;");
    write(dir, "003_note.sql", "ALTER TABLE orders ADD COLUMN note text;");
    write(dir, "003_note.down.sql", "ALTER TABLE orders DROP COLUMN note;");
  }

  @Test
  void targetAppliesUpToAndIncludingItAndPlanShowsTheSameCut() {
    threeWithDowns();

    ActionHarness.Result plan =
        action().input("mode", "plan").input("target", "2").run("db-migrate");
    ActionHarness.Result r = action().input("target", "002").run("db-migrate");

    assertThat(plan.exitCode()).as(plan.stdout()).isZero();
    assertThat(plan.summary())
        .contains("db-migrate plan: 2 would run up to target 2, 1 after it")
        .contains("| 003 | note |")
        .contains("pending, after target");
    assertThat(plan.outputs().get("plan"))
        .contains("\"target\":\"2\"")
        .contains("\"version\":\"002\"")
        .doesNotContain("\"version\":\"003\"");
    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.outputs())
        .containsEntry("applied-count", "2")
        .containsEntry("schema-version", "002")
        .containsEntry("pending-count", "1");
    assertThat(db.column("SELECT version FROM bosun_schema_history ORDER BY installed_rank"))
        .containsExactly("001", "002");
    assertThat(
            db.column(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'orders' "
                    + "ORDER BY ordinal_position"))
        .containsExactly("id", "user_id");
  }

  @Test
  void targetThatNamesNoMigrationIsBadInputBeforeConnecting() {
    threeWithDowns();

    ActionHarness.Result r = action().input("target", "7").run("db-migrate");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout())
        .contains(
            "::error title=target::Input 'target': no migration has version 7 (the versions "
                + "run from 001 to 003).");
    assertThat(db.tableExists("bosun_schema_history")).isFalse();
  }

  @Test
  void downToATargetRevertsNewestFirstEachWithItsLedgerRow() {
    threeWithDowns();
    assertThat(action().run("db-migrate").exitCode()).isZero();

    ActionHarness.Result r = action().input("mode", "down").input("target", "1").run("db-migrate");

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.stdout())
        .containsSubsequence(
            "Reverting " + dir + "/003_note.sql with " + dir + "/003_note.down.sql",
            "Reverting " + dir + "/002_orders.sql");
    assertThat(r.outputs())
        .containsEntry("reverted-count", "2")
        .containsEntry("schema-version", "001")
        .containsEntry("pending-count", "2");
    assertThat(db.column("SELECT version FROM bosun_schema_history ORDER BY installed_rank"))
        .containsExactly("001");
    assertThat(db.tableExists("orders")).isFalse();
    assertThat(db.tableExists("users")).isTrue();
    assertThat(r.summary())
        .contains("db-migrate down: 2 reverted, schema version 001")
        .contains("reverted now");

    ActionHarness.Result up = action().run("db-migrate");
    assertThat(up.outputs())
        .containsEntry("applied-count", "2")
        .containsEntry("schema-version", "003");
  }

  @Test
  void downByStepsWithFlywayUndoFiles() {
    write(dir, "V1__users.sql", "CREATE TABLE users (id int);");
    write(dir, "V2__orders.sql", "CREATE TABLE orders (id int);");
    write(dir, "U2__orders.sql", "DROP TABLE orders;");
    assertThat(action().run("db-migrate").exitCode()).isZero();

    ActionHarness.Result r = action().input("mode", "down").input("steps", "1").run("db-migrate");

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.outputs())
        .containsEntry("reverted-count", "1")
        .containsEntry("schema-version", "1");
    assertThat(db.tableExists("orders")).isFalse();

    ActionHarness.Result noUndo =
        action().input("mode", "down").input("steps", "1").run("db-migrate");
    assertThat(noUndo.exitCode()).isEqualTo(2);
    assertThat(noUndo.stdout())
        .contains(
            "::error title=dir::Input 'dir': "
                + dir
                + "/V1__users.sql (version 1) has no "
                + "down migration, so nothing was reverted. Add U1__users.sql beside it");
    assertThat(db.tableExists("users")).isTrue();
  }

  @Test
  void aFailingDownIsRolledBackWithItsRowAndStopsThere() {
    threeWithDowns();
    write(dir, "002_orders.down.sql", "DROP TABLE orders;\nDROP TABLE no_such_table;");
    assertThat(action().run("db-migrate").exitCode()).isZero();

    ActionHarness.Result r = action().input("mode", "down").input("target", "0").run("db-migrate");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains(
            "::error file="
                + dir
                + "/002_orders.down.sql,line=2,title=db-migrate::table "
                + "\"no_such_table\" does not exist");
    assertThat(r.outputs())
        .containsEntry("reverted-count", "1")
        .containsEntry("schema-version", "002");
    assertThat(db.column("SELECT version FROM bosun_schema_history ORDER BY installed_rank"))
        .containsExactly("001", "002");
    assertThat(db.tableExists("orders")).as("the failed down was rolled back").isTrue();
    assertThat(r.summary()).contains("down failed, rolled back");
  }

  @Test
  void downInProductionIsRefusedUnlessAllowDestructive() {
    threeWithDowns();
    assertThat(action().run("db-migrate").exitCode()).isZero();

    ActionHarness.Result refused =
        action()
            .input("mode", "down")
            .input("steps", "1")
            .input("environment", "production")
            .run("db-migrate");
    ActionHarness.Result allowed =
        action()
            .input("mode", "down")
            .input("steps", "1")
            .input("environment", "production")
            .input("allow-destructive", "true")
            .run("db-migrate");

    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.stdout())
        .contains(
            "::error title=allow-destructive::Refusing to run down migrations on "
                + "'production', a production environment");
    assertThat(allowed.exitCode()).as(allowed.stdout()).isZero();
    assertThat(allowed.outputs()).containsEntry("reverted-count", "1");
    assertThat(db.column("SELECT max(version) FROM bosun_schema_history")).containsExactly("002");
  }

  @Test
  void downInputsAreCheckedBeforeConnecting() {
    threeWithDowns();
    write(dir, "009_orphan.down.sql", "SELECT 1;");

    ActionHarness.Result orphan =
        action().input("mode", "down").input("steps", "1").run("db-migrate");
    assertThat(orphan.exitCode()).isEqualTo(2);
    assertThat(orphan.stdout())
        .contains(
            "::error title=dir::Input 'dir': "
                + dir
                + "/009_orphan.down.sql undoes "
                + "version 009, but no migration has that version.");

    write(dir, "009_orphan.down.sql", "");
    java.nio.file.Path orphanFile = dir.resolve("009_orphan.down.sql");
    orphanFile.toFile().delete();
    assertThat(action().input("mode", "down").run("db-migrate").stdout())
        .contains("::error title=target::Mode down needs exactly one of 'target'");
    assertThat(
            action()
                .input("mode", "down")
                .input("steps", "1")
                .input("target", "1")
                .run("db-migrate")
                .stdout())
        .contains("::error title=steps::Mode down needs exactly one of");
    assertThat(action().input("steps", "2").run("db-migrate").stdout())
        .contains("::error title=steps::Input 'steps' is only for mode: down.");
    assertThat(action().input("mode", "down").input("steps", "x").run("db-migrate").stdout())
        .contains("::error title=steps::Input 'steps' must be a whole number");
    assertThat(db.tableExists("bosun_schema_history")).isFalse();
  }
}
