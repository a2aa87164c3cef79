package dev.bosun.migrate;

import static dev.bosun.migrate.MigrationFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.bosun.testing.ActionHarness;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The lint inputs end to end against a real PostgreSQL: in-file suppressions and lint-ignore,
 * pg-version against the server's own release, lint-base on a real git repository (made with the
 * git CLI), and sarif-file validated against the SARIF 2.1.0 JSON schema (OASIS,
 * sarif-2.1/schema/sarif-schema-2.1.0.json in oasis-tcs/sarif-spec).
 */
class DbMigrateLintTest extends MigrationWorkspace {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aSuppressedFindingShowsItsReasonInTheSummaryAndIsNotAnnotated() {
    write(
        dir, "001_users.sql", "CREATE TABLE users (id int PRIMARY KEY, handle text, legacy text);");
    assertThat(action().run("db-migrate").exitCode()).isZero();
    write(
        dir,
        "002_cleanup.sql",
        """
        -- bosun:lint-ignore ban-drop-column legacy has been unused since 4.2 (PR 812)
        ALTER TABLE users DROP COLUMN legacy;
        ALTER TABLE users RENAME COLUMN handle TO nick;
        """);

    ActionHarness.Result r =
        action().input("mode", "plan").input("statement-timeout", "1m").run("db-migrate");

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.stdout())
        .doesNotContain("title=lint ban-drop-column")
        .contains("::warning file=" + dir + "/002_cleanup.sql,line=3,title=lint renaming-column::");
    assertThat(r.summary())
        .contains("suppressed: legacy has been unused since 4.2 (PR 812)")
        .contains("`ALTER TABLE users RENAME COLUMN handle TO nick`");
    assertThat(r.outputs().get("plan"))
        .contains("\"suppressed\":\"legacy has been unused since 4.2 (PR 812)\"");

    ActionHarness.Result applied = action().input("statement-timeout", "1m").run("db-migrate");
    assertThat(applied.exitCode()).as(applied.stdout()).isZero();
    assertThat(applied.stdout())
        .contains(
            "Lint ban-drop-column (destructive) at "
                + dir
                + "/002_cleanup.sql line 2: "
                + "ALTER TABLE users DROP COLUMN legacy (suppressed: legacy has been unused since 4.2 (PR 812))");
  }

  @Test
  void aSuppressedDestructiveFindingStillNeedsAllowDestructiveInProduction() {
    write(dir, "001_users.sql", "CREATE TABLE users (id int PRIMARY KEY, legacy text);");
    assertThat(action().run("db-migrate").exitCode()).isZero();
    write(
        dir,
        "002_drop.sql",
        "-- bosun:lint-ignore ban-drop-column reviewed\nALTER TABLE users DROP COLUMN legacy;");

    ActionHarness.Result r = action().input("environment", "production").run("db-migrate");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout()).contains("title=allow-destructive::");
    assertThat(
            db.column(
                "SELECT count(*) FROM information_schema.columns WHERE column_name = 'legacy'"))
        .containsExactly("1");
  }

  @Test
  void badLintIgnoreLinesAndInputsAreBadInputBeforeAnythingRuns() {
    write(
        dir, "001_users.sql", "-- bosun:lint-ignore ban-drop-table\nCREATE TABLE users (id int);");

    ActionHarness.Result noReason = action().run("db-migrate");

    assertThat(noReason.exitCode()).isEqualTo(2);
    assertThat(noReason.stdout())
        .contains("::error title=dir::")
        .contains("001_users.sql line 1")
        .contains("no reason");
    assertThat(db.tableExists("users")).isFalse();

    write(dir, "001_users.sql", "CREATE TABLE users (id int);");
    ActionHarness.Result unknown =
        action().input("lint-ignore", "require-timeout-settings\nrename-column").run("db-migrate");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.stdout())
        .contains(
            "::error title=lint-ignore::Input 'lint-ignore': 'rename-column' is not a "
                + "lint rule (did you mean renaming-column?)");
    ActionHarness.Result version = action().input("pg-version", "eleven").run("db-migrate");
    assertThat(version.exitCode()).isEqualTo(2);
    assertThat(version.stdout())
        .contains("::error title=pg-version::Input 'pg-version' must be a PostgreSQL version");
    assertThat(db.tableExists("users")).isFalse();
  }

  @Test
  void lintIgnoreTurnsRulesOffForTheRun() {
    write(dir, "001_users.sql", "CREATE TABLE users (id int);");
    assertThat(action().run("db-migrate").exitCode()).isZero();
    write(dir, "002_note.sql", "ALTER TABLE users ADD COLUMN note text;");

    ActionHarness.Result on = action().input("mode", "plan").run("db-migrate");
    ActionHarness.Result off =
        action()
            .input("mode", "plan")
            .input("lint-ignore", "require-timeout-settings")
            .run("db-migrate");

    assertThat(on.stdout()).contains("title=lint require-timeout-settings::");
    assertThat(off.exitCode()).isZero();
    assertThat(off.stdout()).doesNotContain("title=lint ");
    assertThat(off.outputs().get("plan")).contains("\"lint\":[]");
  }

  @Test
  void pgVersionJudgesByTheGivenReleaseElseTheServersOwn() {
    write(dir, "001_users.sql", "CREATE TABLE users (id int);");
    assertThat(action().run("db-migrate").exitCode()).isZero();
    write(
        dir,
        "002_active.sql",
        "ALTER TABLE users ADD COLUMN active boolean NOT NULL DEFAULT true;");

    ActionHarness.Result server = action().input("mode", "plan").run("db-migrate");
    ActionHarness.Result old =
        action().input("mode", "plan").input("pg-version", "10").run("db-migrate");

    assertThat(db.column("SHOW server_version_num").get(0))
        .matches("1[1-9]\\d{4}"); // the server is 11 or later
    assertThat(server.stdout()).doesNotContain("adding-field-with-default");
    assertThat(old.exitCode()).isZero();
    assertThat(old.stdout())
        .contains(
            "::warning file="
                + dir
                + "/002_active.sql,line=1,title=lint "
                + "adding-field-with-default::adding-field-with-default: ");
  }

  @Test
  void lintBaseLintsOnlyWhatWasAddedOrChangedSinceTheRef() throws Exception {
    Path repo = tmp;
    git(repo, "init", "-q", "-b", "main");
    write(dir, "001_users.sql", "CREATE TABLE users (id int, email text);");
    write(dir, "002_old.sql", "ALTER TABLE users ADD COLUMN old_flag boolean;");
    git(repo, "add", "migrations");
    git(repo, "commit", "-q", "-m", "first");
    git(repo, "checkout", "-q", "-b", "feature");
    write(dir, "003_rename.sql", "ALTER TABLE users RENAME COLUMN email TO mail;");
    git(repo, "add", "migrations");
    git(repo, "commit", "-q", "-m", "rename");
    write(dir, "004_untracked.sql", "DROP INDEX users_mail;");

    ActionHarness.Result r =
        action().input("mode", "plan").input("lint-base", "main").run("db-migrate");

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.stdout())
        .contains("title=lint renaming-column::")
        .contains("title=lint require-concurrent-index-deletion::")
        .doesNotContain("002_old.sql,line=1,title=lint");
    assertThat(r.outputs().get("plan"))
        .doesNotContain("\"script\":\"" + dir + "/002_old.sql\",\"line\"");

    ActionHarness.Result missing =
        action().input("mode", "plan").input("lint-base", "origin/main").run("db-migrate");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.stdout())
        .contains("::error title=lint-base::Input 'lint-base': git has no commit 'origin/main'")
        .contains("fetch-depth: 0");
  }

  @Test
  void lintBaseOutsideAGitCheckoutIsBadInput() {
    write(dir, "001_users.sql", "CREATE TABLE users (id int);");

    ActionHarness.Result r = action().input("lint-base", "main").run("db-migrate");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout())
        .contains(
            "::error title=lint-base::Input 'lint-base' needs the migrations in a git checkout");
    assertThat(db.tableExists("users")).isFalse();
  }

  @Test
  void sarifFileIsValidSarif210WithEveryRuleAndTheFindingsAtTheirLines() throws Exception {
    write(dir, "001_users.sql", "CREATE TABLE users (id int, email text, legacy text);");
    assertThat(action().run("db-migrate").exitCode()).isZero();
    write(
        dir,
        "002_changes.sql",
        """
        CREATE INDEX users_email ON users (email);
        -- bosun:lint-ignore ban-drop-column nothing reads it since 4.2
        ALTER TABLE users DROP COLUMN legacy;
        """);

    ActionHarness.Result r =
        action()
            .input("mode", "plan")
            .input("sarif-file", "reports/db-migrate.sarif")
            .run("db-migrate");

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    Path sarif = tmp.resolve("reports/db-migrate.sarif");
    JsonNode log = JSON.readTree(Files.readString(sarif, StandardCharsets.UTF_8));
    assertThat(schemaErrors(log)).isEmpty();
    assertThat(log.path("version").asText()).isEqualTo("2.1.0");
    JsonNode run = log.path("runs").get(0);
    assertThat(run.path("tool").path("driver").path("rules")).hasSize(LintRule.values().length);
    List<String> results = new ArrayList<>();
    for (JsonNode n : run.path("results")) {
      JsonNode loc = n.path("locations").get(0).path("physicalLocation");
      results.add(
          n.path("ruleId").asText()
              + "@"
              + loc.path("artifactLocation").path("uri").asText()
              + ":"
              + loc.path("region").path("startLine").asInt()
              + (n.has("suppressions")
                  ? " suppressed: " + n.path("suppressions").get(0).path("justification").asText()
                  : ""));
      assertThat(
              run.path("tool")
                  .path("driver")
                  .path("rules")
                  .get(n.path("ruleIndex").asInt())
                  .path("id")
                  .asText())
          .isEqualTo(n.path("ruleId").asText());
    }
    assertThat(results)
        .contains(
            "require-concurrent-index-creation@migrations/002_changes.sql:1",
            "ban-drop-column@migrations/002_changes.sql:3 suppressed: nothing reads it since 4.2");
  }

  @Test
  void sarifFileWithoutFindingsIsStillWrittenAndValid() throws Exception {
    write(dir, "001_users.sql", "CREATE TABLE users (id int);");

    ActionHarness.Result r = action().input("sarif-file", "out.sarif").run("db-migrate");

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    JsonNode log =
        JSON.readTree(Files.readString(tmp.resolve("out.sarif"), StandardCharsets.UTF_8));
    assertThat(schemaErrors(log)).isEmpty();
    assertThat(log.path("runs").get(0).path("results")).isEmpty();
    // the validator is really checking: a run without its tool is not SARIF
    assertThat(schemaErrors(JSON.readTree("{\"version\":\"2.1.0\",\"runs\":[{\"results\":[]}]}")))
        .isNotEmpty();
  }

  @Test
  void sarifFileOutsideTheWorkspaceIsBadInput() {
    write(dir, "001_users.sql", "CREATE TABLE users (id int);");

    ActionHarness.Result r = action().input("sarif-file", "../elsewhere.sarif").run("db-migrate");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout()).contains("::error title=sarif-file::");
    assertThat(db.tableExists("users")).isFalse();
  }

  /** What the SARIF 2.1.0 schema (draft-04) finds wrong with a log; empty when it is valid. */
  static Set<ValidationMessage> schemaErrors(JsonNode log) throws IOException {
    try (InputStream schema =
        DbMigrateLintTest.class.getResourceAsStream("/sarif/sarif-schema-2.1.0.json")) {
      JsonSchema s = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema);
      return s.validate(log);
    }
  }

  private static void git(Path repo, String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "git",
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@example.invalid",
                "-c",
                "commit.gpgsign=false"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(repo.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
  }
}
