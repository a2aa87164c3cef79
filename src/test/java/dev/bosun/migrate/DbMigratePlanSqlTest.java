package dev.bosun.migrate;

import static dev.bosun.migrate.MigrationFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.testing.ActionHarness;
import org.junit.jupiter.api.Test;

/**
 * plan shows the SQL of each pending migration in the summary, folded per file and cut with a count
 * of the rest.
 */
class DbMigratePlanSqlTest extends MigrationWorkspace {

  @Test
  void planSummaryFoldsEachPendingFilesSqlAndCutsLongOnes() {
    write(dir, "001_a.sql", "CREATE TABLE a (id int);");
    assertThat(action().run("db-migrate").exitCode()).isZero();
    write(dir, "002_b.sql", "-- ``` cannot close the block\nCREATE TABLE b (id int);");
    StringBuilder longFile = new StringBuilder();
    for (int i = 1; i <= MigrateReport.SQL_LINES + 15; i++) {
      longFile.append("INSERT INTO a VALUES (").append(i).append(");\n");
    }
    write(dir, "003_rows.sql", longFile.toString());

    ActionHarness.Result plan = action().input("mode", "plan").run("db-migrate");

    assertThat(plan.exitCode()).as(plan.stdout()).isZero();
    assertThat(plan.summary())
        .contains("#### SQL that would run")
        .contains(
            "<details><summary>"
                + dir
                + "/002_b.sql (2 lines)</summary>\n\n````sql\n-- ``` cannot close the block\n"
                + "CREATE TABLE b (id int);\n````")
        .contains("<details><summary>" + dir + "/003_rows.sql (75 lines)</summary>")
        .contains("INSERT INTO a VALUES (60);\n```\n… 15 more line(s) not shown")
        .doesNotContain("INSERT INTO a VALUES (61);")
        .doesNotContain("001_a.sql (1 line)");
    assertThat(plan.stdout()).doesNotContain("INSERT INTO a VALUES");
  }
}
