package dev.bosun.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.testing.ActionHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * smoke-check's SQL checks (the 004 DB smoke test: row counts and extensions) against a real
 * database.
 */
class SqlSmokeCheckTest {

  static TestDatabase db;

  @TempDir Path tmp;

  @BeforeAll
  static void database() {
    db = TestDatabase.create();
    db.execute(
        "CREATE TABLE connector (id int); INSERT INTO connector SELECT generate_series(1, 16);"
            + "CREATE TABLE organization (id int, active boolean); INSERT INTO organization VALUES (1, true);");
  }

  @AfterAll
  static void drop() {
    if (db != null) {
      db.close();
    }
  }

  private ActionHarness smoke(String checksYaml) throws Exception {
    Path file = tmp.resolve("checks.yml");
    Files.writeString(file, checksYaml);
    return new ActionHarness(tmp)
        .input("checks-file", file.toString())
        .input("database-url", db.url())
        .input("timeout", "3s")
        .input("interval", "200ms");
  }

  @Test
  void rowCountsScalarsAndExtensionsPass() throws Exception {
    ActionHarness.Result r =
        smoke(
                """
        - name: connectors seeded
          sql: SELECT id FROM connector
          min-rows: 16
        - name: one organization
          sql: SELECT count(*) FROM organization
          equals: 1
        - name: organization active
          sql: SELECT active FROM organization
          equals: true
        """)
            .input("required-extensions", "plpgsql")
            .run("smoke-check");

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.outputs()).containsEntry("passed", "true");
    assertThat(r.outputs().get("results"))
        .contains("connectors seeded")
        .contains("extension plpgsql")
        .contains("/" + db.name());
  }

  @Test
  void tooFewRowsAndAMissingExtensionFailWithTheReason() throws Exception {
    ActionHarness.Result r =
        smoke(
                """
        - name: connectors seeded
          sql: SELECT id FROM connector
          min-rows: 17
        """)
            .input("required-extensions", "plpgsql\nno_such_ext")
            .run("smoke-check");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.outputs()).containsEntry("passed", "false");
    assertThat(r.stdout())
        .contains("expected at least 17 row(s) but got 16")
        .contains("extension no_such_ext is not installed");
  }

  @Test
  void requiredExtensionsAloneNeedNoUrlAndTheSecretUrlIsNeverPrinted() {
    String password = "Smoke-S3cret-pw-42";
    String url =
        db.url()
            .replace("jdbc:postgresql://", "postgres://postgres:" + password + "@")
            .replace("?user=postgres", "");

    ActionHarness.Result r =
        new ActionHarness(tmp)
            .input("database-url", url)
            .input("required-extensions", "plpgsql")
            .input("timeout", "3s")
            .run("smoke-check");

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.everything()).doesNotContain(password).doesNotContain(url);
  }

  @Test
  void sqlEntryWithoutADatabaseIsBadInput() throws Exception {
    Path file = tmp.resolve("c.yml");
    Files.writeString(file, "- sql: SELECT 1\n  equals: 1\n");

    ActionHarness.Result r =
        new ActionHarness(tmp).input("checks-file", file.toString()).run("smoke-check");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout()).contains("::error title=checks-file::").contains("no database is given");
  }

  @Test
  void aBrokenQueryFailsWithTheServerMessage() throws Exception {
    ActionHarness.Result r =
        smoke(
                """
        - name: typo
          sql: SELECT * FROM conector
        """)
            .run("smoke-check");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout()).contains("relation \"conector\" does not exist");
  }
}
