package dev.bosun.migrate;

import static dev.bosun.migrate.MigrationFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.testing.ActionHarness;
import org.junit.jupiter.api.Test;

/**
 * warn-after: a ::warning and a summary line for each migration slower than it, and nothing for the
 * fast ones.
 */
class DbMigrateWarnAfterTest extends MigrationWorkspace {

  @Test
  void slowMigrationsGetAWarningAndASummaryLine() {
    write(dir, "001_fast.sql", "CREATE TABLE a (id int);");
    write(dir, "002_slow.sql", "SELECT pg_sleep(1.2);\nCREATE TABLE b (id int);");

    ActionHarness.Result r = action().input("warn-after", "1s").run("db-migrate");

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.stdout())
        .containsPattern(
            "::warning file="
                + java.util.regex.Pattern.quote(dir + "/002_slow.sql")
                + ",line=1,title=warn-after::.*002_slow\\.sql took [0-9.]+ ?m?s, longer than warn-after \\(1\\.0s\\)\\.");
    assertThat(r.stdout().lines().filter(l -> l.startsWith("::warning")).count()).isEqualTo(1);
    assertThat(r.summary()).contains("**Slow:** " + dir + "/002_slow.sql took");

    write(dir, "003_quick.sql", "CREATE TABLE c (id int);");
    ActionHarness.Result off = action().run("db-migrate");
    assertThat(off.stdout()).doesNotContain("warn-after");
  }
}
