package dev.bosun.migrate;

import static dev.bosun.migrate.MigrationFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.testing.ActionHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * plan and verify without a database: the embedded throwaway PostgreSQL, also when running as root.
 */
class EmbeddedVerifyTest {

  @TempDir Path tmp;

  static Path examples() {
    String project = System.getenv().getOrDefault("BOSUN_PROJECT_DIR", ".");
    return Path.of(project, "examples", "migrations");
  }

  @Test
  void verifyRunsTheExamplesAndReportsLintAndTheResultingSchema() throws Exception {
    // in Actions, dir must be inside the workspace: run the examples from a copy there
    Path examples = Files.createDirectories(tmp.resolve("examples"));
    try (var files = Files.list(examples())) {
      for (Path f : files.toList()) {
        Files.copy(f, examples.resolve(f.getFileName()));
      }
    }
    ActionHarness.Result r =
        new ActionHarness(tmp)
            .input("dir", examples.toString())
            .input("mode", "verify")
            .run("db-migrate");

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.outputs())
        .containsEntry("applied-count", "6")
        .containsEntry("schema-version", "006");
    assertThat(r.stdout())
        .contains("Started a throwaway PostgreSQL 17.5")
        .contains(
            "::warning file="
                + examples
                + "/006_order_total_bigint.sql,line=3,title=lint changing-column-type::")
        .contains(
            "::warning file="
                + examples
                + "/006_order_total_bigint.sql,line=3,title=lint require-timeout-settings::")
        .as("the examples show the safe patterns: only 006 has findings")
        .doesNotContain("003_order_status.sql,line=")
        .doesNotContain("004_validate_order_status.sql,line=")
        .doesNotContain("005_orders_created_at_index.sql,line=");
    if ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0) {
      assertThat(r.stdout()).contains("(as nobody: initdb refuses root)");
    }
    assertThat(r.summary())
        .contains("Resulting schema")
        .contains("table orders")
        .contains("status text not null")
        .contains("CREATE INDEX orders_created_at ON public.orders")
        .contains("ran outside a transaction")
        .contains(
            "constraint orders orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id)");
  }

  @Test
  void verifyFailsOnABrokenMigrationWithItsFileAndLine() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("m"));
    write(dir, "001_a.sql", "CREATE TABLE a (id int);");
    write(dir, "002_b.sql", "\nALTER TABLE a ADD COLUMN b int REFERENCES nowhere (id);");

    ActionHarness.Result r =
        new ActionHarness(tmp)
            .input("dir", dir.toString())
            .input("mode", "verify")
            .run("db-migrate");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains(
            "::error file="
                + dir
                + "/002_b.sql,line=2,title=db-migrate::relation \"nowhere\" does not exist");
  }

  @Test
  void verifyRoundTripsEachMigrationWithADownAndReportsTheOnesWhoseDownIsWrong() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("rt"));
    write(dir, "001_users.sql", "CREATE TABLE users (id int PRIMARY KEY);");
    write(dir, "001_users.down.sql", "DROP TABLE users;");
    write(
        dir,
        "002_email.sql",
        "ALTER TABLE users ADD COLUMN email text;\nCREATE INDEX users_email ON users (email);");
    write(
        dir,
        "002_email.down.sql",
        "ALTER TABLE users DROP COLUMN email;"); // right: the index goes with the column
    write(dir, "003_note.sql", "ALTER TABLE users ADD COLUMN note text;");
    write(
        dir,
        "003_note.down.sql",
        "ALTER TABLE users DROP COLUMN note, DROP COLUMN email;"); // wrong: drops too much
    write(dir, "004_orders.sql", "CREATE TABLE orders (id int, total int NOT NULL);");
    write(
        dir,
        "004_orders.down.sql",
        "ALTER TABLE orders DROP COLUMN total;"); // wrong: leaves the table behind
    write(dir, "005_later.sql", "CREATE TABLE later (id int);");

    ActionHarness.Result r =
        new ActionHarness(tmp)
            .input("dir", dir.toString())
            .input("mode", "verify")
            .run("db-migrate");

    assertThat(r.exitCode()).as(r.stdout()).isEqualTo(1);
    assertThat(r.stdout())
        .contains(
            "::error file="
                + dir
                + "/003_note.down.sql,line=1,title=round trip::"
                + dir
                + "/003_note.down.sql does not undo "
                + dir
                + "/003_note.sql (up, down, up on the throwaway database): "
                + "the schema differs: after down: - column users.email text; after down: - index CREATE INDEX users_email ON "
                + "public.users USING btree (email); after up again: - column users.email text")
        .contains(
            "::error file="
                + dir
                + "/004_orders.down.sql,line=1,title=round trip::"
                + dir
                + "/004_orders.down.sql does not undo "
                + dir
                + "/004_orders.sql (up, down, up on the throwaway database): "
                + "Applying it again after its down migration failed: line 1: relation \"orders\" already exists");
    assertThat(r.stdout().lines().filter(l -> l.startsWith("::error")).count()).isEqualTo(2);
    assertThat(r.outputs()).containsEntry("applied-count", "3");
    assertThat(r.summary())
        .contains(
            "3 migrations verified on a throwaway database, 2 down migration(s) do not round-trip")
        .contains(
            "| `" + dir + "/001_users.sql` | `" + dir + "/001_users.down.sql` | round-trips |")
        .contains(
            "| `" + dir + "/002_email.sql` | `" + dir + "/002_email.down.sql` | round-trips |")
        .contains("| 005 | later |")
        .contains("not run")
        .contains("verify stopped after " + dir + "/004_orders.sql");
  }

  @Test
  void planWithoutADatabaseListsEveryMigrationAsPendingAndProvesItApplies() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("p"));
    write(dir, "V1__init.sql", "CREATE TABLE a (id int);");
    write(dir, "V2__drop.sql", "DROP TABLE a;");

    ActionHarness.Result r =
        new ActionHarness(tmp).input("dir", dir.toString()).input("mode", "plan").run("db-migrate");

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.outputs()).containsEntry("applied-count", "0").containsEntry("pending-count", "2");
    assertThat(r.outputs().get("plan")).contains("\"rule\":\"ban-drop-table\"");
    assertThat(r.summary()).contains("db-migrate plan: 2 would run").contains("No database-url");
  }

  @Test
  void killingBosunStopsTheEmbeddedServerToo() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("k"));
    write(dir, "001_slow.sql", "SELECT pg_sleep(60);");
    Path log = tmp.resolve("child.log");
    String javaBin = ProcessHandle.current().info().command().orElse("java");
    Process child =
        new ProcessBuilder(
                javaBin,
                "-cp",
                System.getProperty("java.class.path"),
                "dev.bosun.Main",
                "db-migrate",
                "--mode",
                "verify",
                "--dir",
                dir.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    java.util.regex.Pattern started = java.util.regex.Pattern.compile("on 127\\.0\\.0\\.1:(\\d+)");
    int port = 0;
    for (int i = 0; i < 600 && port == 0; i++) {
      var m = started.matcher(Files.readString(log));
      if (m.find() && Files.readString(log).contains("Applying")) {
        port = Integer.parseInt(m.group(1));
      } else {
        Thread.sleep(100);
      }
    }
    assertThat(port).as(Files.readString(log)).isPositive();

    child.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook runs

    boolean gone = false;
    for (int i = 0; i < 150 && !gone; i++) {
      try (var socket = new java.net.Socket("127.0.0.1", port)) {
        Thread.sleep(100);
      } catch (java.io.IOException refused) {
        gone = true;
      }
    }
    assertThat(gone).as("the embedded server stopped with its parent").isTrue();
  }

  @Test
  void leftoversOfKilledRunsAreRemovedButLiveAndYoungOnesKept() throws Exception {
    java.nio.file.attribute.FileTime old =
        java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(3600));
    Path dead = Files.createDirectories(tmp.resolve("bosun-pg-data-dead"));
    Files.writeString(dead.resolve("postmaster.pid"), "999999999\n");
    Path live = Files.createDirectories(tmp.resolve("bosun-pg-data-live"));
    Files.writeString(live.resolve("postmaster.pid"), ProcessHandle.current().pid() + "\n");
    Path log = Files.writeString(tmp.resolve("bosun-pg-1.log"), "old log");
    Path young = Files.createDirectories(tmp.resolve("bosun-pg-data-young"));
    for (Path p : java.util.List.of(dead, live, log)) {
      Files.setLastModifiedTime(p, old);
    }

    EmbeddedPostgres.removeStale(tmp, java.time.Duration.ofMinutes(10));

    assertThat(dead).doesNotExist();
    assertThat(log).doesNotExist();
    assertThat(live).exists();
    assertThat(young).exists();
  }

  @Test
  void asRootTheServerRunsAsNobody() throws Exception {
    boolean root = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
    assertThat(EmbeddedPostgres.dropRoot())
        .isEqualTo(
            root
                ? java.util.List.of(
                    "/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--")
                : java.util.List.of());
  }
}
