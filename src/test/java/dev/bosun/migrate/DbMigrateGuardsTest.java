package dev.bosun.migrate;

import static dev.bosun.migrate.MigrationFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.testing.ActionHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The production guards (destructive lint, seed), the seed step and baselines, against a real
 * database.
 */
class DbMigrateGuardsTest extends MigrationWorkspace {

  Path seeds;

  @BeforeEach
  void prepare() throws Exception {
    seeds = Files.createDirectories(tmp.resolve("seed"));
    write(dir, "001_users.sql", "CREATE TABLE users (id int PRIMARY KEY, name text);");
  }

  @Test
  void destructiveChangeIsRefusedInProductionUntilAllowed() {
    write(dir, "002_legacy.sql", "CREATE TABLE legacy (id int);");
    assertThat(action().run("db-migrate").exitCode()).isZero();
    write(dir, "003_drop.sql", "ALTER TABLE users ADD COLUMN email text;\nDROP TABLE legacy;");

    ActionHarness.Result refused = action().input("environment", "production").run("db-migrate");

    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.stdout())
        .contains(
            "::error file="
                + dir
                + "/003_drop.sql,line=2,title=lint ban-drop-table::ban-drop-table: ")
        .contains(
            "::error title=allow-destructive::1 destructive change(s) pending for 'production'");
    assertThat(db.tableExists("legacy")).isTrue();
    assertThat(
            db.column(
                "SELECT count(*) FROM information_schema.columns WHERE column_name = 'email'"))
        .containsExactly("0");

    ActionHarness.Result allowed =
        action()
            .input("environment", "production")
            .input("allow-destructive", "true")
            .run("db-migrate");
    assertThat(allowed.exitCode()).as(allowed.stdout()).isZero();
    assertThat(db.tableExists("legacy")).isFalse();
  }

  @Test
  void destructiveChangeOutsideProductionIsAppliedWithAWarning() {
    write(dir, "002_wipe.sql", "DELETE FROM users;");

    ActionHarness.Result r = action().input("environment", "staging").run("db-migrate");

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.stdout())
        .contains(
            "::warning file=" + dir + "/002_wipe.sql,line=1,title=lint delete-without-where::");
    assertThat(r.summary()).contains("delete-without-where (destructive)");
  }

  @Test
  void environmentKindMarksProductionWhateverTheName() {
    write(dir, "002_t.sql", "TRUNCATE users;");

    ActionHarness.Result r =
        action()
            .input("environment", "live-eu")
            .input("environment-kind", "production")
            .run("db-migrate");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout()).contains("::error title=allow-destructive::");
    assertThat(db.tableExists("users")).isFalse();
  }

  @Test
  void seedInProductionIsRefusedBeforeAnythingRuns() {
    write(seeds, "01_users.sql", "INSERT INTO users VALUES (1, 'demo');");

    ActionHarness.Result r =
        action().input("environment", "prod").input("seed", seeds.toString()).run("db-migrate");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains(
            "::error title=allow-seed-in-production::Refusing to seed 'prod', a production environment");
    assertThat(db.tableExists("users")).as("nothing applied").isFalse();
  }

  @Test
  void seedRunsAfterMigrationsInOneTransactionAndIsAllowedInProductionWhenConfirmed() {
    write(seeds, "01_users.sql", "INSERT INTO users VALUES (1, 'demo');");
    write(seeds, "02_more.sql", "INSERT INTO users VALUES (2, 'demo2');");

    ActionHarness.Result r =
        action()
            .input("environment", "prod")
            .input("allow-seed-in-production", "true")
            .input("seed", seeds.toString())
            .run("db-migrate");

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(db.column("SELECT name FROM users ORDER BY id")).containsExactly("demo", "demo2");
    assertThat(r.summary())
        .contains("Seed: " + seeds.resolve("01_users.sql") + ", " + seeds.resolve("02_more.sql"));
  }

  @Test
  void failingSeedRollsBackEveryFileOfTheSeedButKeepsTheMigrations() {
    write(seeds, "01_ok.sql", "INSERT INTO users VALUES (1, 'demo');");
    write(seeds, "02_bad.sql", "INSERT INTO users VALUES (1, 'duplicate');");

    ActionHarness.Result r = action().input("seed", seeds.toString()).run("db-migrate");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains(
            "::error file="
                + seeds.resolve("02_bad.sql")
                + ",line=1,title=db-migrate::duplicate key");
    assertThat(db.tableExists("users")).isTrue();
    assertThat(db.column("SELECT count(*) FROM users")).containsExactly("0");
  }

  @Test
  void baselineMarksEverythingUpToAVersionAsApplied() {
    write(dir, "002_orders.sql", "CREATE TABLE orders (id int);");
    write(dir, "003_items.sql", "CREATE TABLE items (id int);");
    db.execute("CREATE TABLE users (id int PRIMARY KEY, name text); CREATE TABLE orders (id int);");

    ActionHarness.Result b =
        action().input("mode", "baseline").input("baseline-version", "2").run("db-migrate");
    assertThat(b.exitCode()).as(b.stdout()).isZero();
    assertThat(b.outputs())
        .containsEntry("schema-version", "2")
        .containsEntry("pending-count", "1");

    ActionHarness.Result apply = action().run("db-migrate");
    assertThat(apply.exitCode()).as(apply.stdout()).isZero();
    assertThat(apply.outputs())
        .containsEntry("applied-count", "1")
        .containsEntry("schema-version", "003");
    assertThat(
            db.column(
                "SELECT kind || ':' || version FROM bosun_schema_history ORDER BY installed_rank"))
        .containsExactly("baseline:2", "versioned:003");

    ActionHarness.Result again =
        action().input("mode", "baseline").input("baseline-version", "3").run("db-migrate");
    assertThat(again.exitCode()).isEqualTo(2);
    assertThat(again.stdout())
        .contains(
            "::error title=mode::Input 'mode': baseline only adopts a database without bosun history");
  }

  @Test
  void schemaMigrationsTableIsReportedAndImportedAsBaseline() {
    write(dir, "002_orders.sql", "CREATE TABLE orders (id int);");
    write(dir, "003_items.sql", "CREATE TABLE items (id int);");
    db.execute(
        "CREATE TABLE users (id int PRIMARY KEY, name text); CREATE TABLE orders (id int);"
            + "CREATE TABLE schema_migrations (version text PRIMARY KEY); INSERT INTO schema_migrations VALUES ('001'), ('002');");

    ActionHarness.Result refused = action().run("db-migrate");
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.stdout())
        .contains(
            "::notice title=legacy history::Found schema_migrations (2 rows, newest version 002)")
        .contains("::error title=baseline::This database already has a migration history");
    assertThat(db.tableExists("items")).isFalse();

    ActionHarness.Result imported = action().input("mode", "baseline").run("db-migrate");
    assertThat(imported.exitCode()).as(imported.stdout()).isZero();
    assertThat(imported.stdout())
        .contains(
            "Recorded baseline 002 (imported from schema_migrations (2 rows, newest version 002))");
    String summary = imported.summary(); // the step summary file still holds the refused run above
    assertThat(imported.stdout() + summary.substring(summary.indexOf("### db-migrate baseline")))
        .as("once adopted, nothing asks to adopt it again")
        .doesNotContain("mode: baseline")
        .doesNotContain("legacy history");

    ActionHarness.Result apply = action().run("db-migrate");
    assertThat(apply.exitCode()).as(apply.stdout()).isZero();
    assertThat(apply.outputs()).containsEntry("applied-count", "1");
    assertThat(db.tableExists("items")).isTrue();
  }

  @Test
  void prismaHistoryIsImported() throws Exception {
    Path prisma = Files.createDirectories(tmp.resolve("prisma"));
    write(prisma, "20240101000000_init/migration.sql", "CREATE TABLE a (id int);");
    write(prisma, "20240201000000_more/migration.sql", "CREATE TABLE b (id int);");
    db.execute(
        "CREATE TABLE a (id int); CREATE TABLE _prisma_migrations (id text PRIMARY KEY, checksum text, "
            + "finished_at timestamptz, migration_name text NOT NULL, logs text, rolled_back_at timestamptz, "
            + "started_at timestamptz NOT NULL DEFAULT now(), applied_steps_count int NOT NULL DEFAULT 0);"
            + "INSERT INTO _prisma_migrations (id, migration_name, finished_at) VALUES ('x', '20240101000000_init', now());");

    ActionHarness.Result status =
        action().input("dir", prisma.toString()).input("mode", "status").run("db-migrate");
    assertThat(status.summary())
        .contains("_prisma_migrations (1 row, newest version 20240101000000)");

    assertThat(
            action()
                .input("dir", prisma.toString())
                .input("mode", "baseline")
                .run("db-migrate")
                .exitCode())
        .isZero();
    ActionHarness.Result apply = action().input("dir", prisma.toString()).run("db-migrate");
    assertThat(apply.exitCode()).as(apply.stdout()).isZero();
    assertThat(apply.outputs())
        .containsEntry("applied-count", "1")
        .containsEntry("schema-version", "20240201000000");
  }
}
