package dev.bosun.migrate;

import static dev.bosun.migrate.MigrationFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.testing.ActionHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plan and verify without a database: the embedded throwaway PostgreSQL, also when running as root. */
class EmbeddedVerifyTest {

  @TempDir
  Path tmp;

  static Path examples() {
    String project = System.getenv().getOrDefault("BOSUN_PROJECT_DIR", ".");
    return Path.of(project, "examples", "migrations");
  }

  @Test
  void verifyRunsTheExamplesAndReportsLintAndTheResultingSchema() throws Exception {
    ActionHarness.Result r = new ActionHarness(tmp).input("dir", examples().toString()).input("mode", "verify")
        .run("db-migrate");

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.outputs()).containsEntry("applied-count", "6").containsEntry("schema-version", "006");
    assertThat(r.stdout()).contains("Started a throwaway PostgreSQL 17.5")
        .contains("::warning file=" + examples() + "/006_order_total_bigint.sql,line=3,title=lint alter-column-type::");
    if ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0) {
      assertThat(r.stdout()).contains("(as nobody: initdb refuses root)");
    }
    assertThat(r.summary()).contains("Resulting schema").contains("table orders").contains("status text not null")
        .contains("CREATE INDEX orders_created_at ON public.orders").contains("ran outside a transaction")
        .contains("constraint orders orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id)");
  }

  @Test
  void verifyFailsOnABrokenMigrationWithItsFileAndLine() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("m"));
    write(dir, "001_a.sql", "CREATE TABLE a (id int);");
    write(dir, "002_b.sql", "\nALTER TABLE a ADD COLUMN b int REFERENCES nowhere (id);");

    ActionHarness.Result r = new ActionHarness(tmp).input("dir", dir.toString()).input("mode", "verify").run("db-migrate");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout()).contains("::error file=" + dir + "/002_b.sql,line=2,title=db-migrate::relation \"nowhere\" does not exist");
  }

  @Test
  void planWithoutADatabaseListsEveryMigrationAsPendingAndProvesItApplies() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("p"));
    write(dir, "V1__init.sql", "CREATE TABLE a (id int);");
    write(dir, "V2__drop.sql", "DROP TABLE a;");

    ActionHarness.Result r = new ActionHarness(tmp).input("dir", dir.toString()).input("mode", "plan").run("db-migrate");

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.outputs()).containsEntry("applied-count", "0").containsEntry("pending-count", "2");
    assertThat(r.outputs().get("plan")).contains("\"rule\":\"drop-table\"");
    assertThat(r.summary()).contains("db-migrate plan: 2 would run").contains("No database-url");
  }

  @Test
  void asRootTheServerRunsAsNobody() throws Exception {
    boolean root = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
    assertThat(EmbeddedPostgres.dropRoot()).isEqualTo(root
        ? java.util.List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--")
        : java.util.List.of());
  }
}
