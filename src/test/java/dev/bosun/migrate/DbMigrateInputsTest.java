package dev.bosun.migrate;

import static dev.bosun.migrate.MigrationFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.testing.ActionHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad inputs: one ::error:: naming the input, exit 2, and nothing reaches a database. */
class DbMigrateInputsTest {

  @TempDir Path tmp;
  Path dir;

  @BeforeEach
  void files() throws Exception {
    dir = Files.createDirectories(tmp.resolve("m"));
    write(dir, "001_a.sql", "CREATE TABLE a (id int);");
  }

  private ActionHarness.Result run(String... inputs) {
    ActionHarness h = new ActionHarness(tmp).input("dir", dir.toString());
    for (int i = 0; i < inputs.length; i += 2) {
      h.input(inputs[i], inputs[i + 1]);
    }
    return h.run("db-migrate");
  }

  @Test
  void unknownMode() {
    ActionHarness.Result r = run("mode", "migrate");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout())
        .contains(
            "::error title=mode::Input 'mode' is 'migrate'; expected one of apply, status, plan, verify, baseline, down, repair.");
  }

  @Test
  void aChoiceInputTakesAnyCase() {
    ActionHarness.Result r = run("mode", " Status ");
    assertThat(r.stdout())
        .contains("::error title=database-url::Input 'database-url' is needed for mode status");
  }

  @Test
  void applyWithoutAnyDatabaseSaysHowToGiveOne() {
    ActionHarness.Result r = run();
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout())
        .contains("::error title=database-url::Input 'database-url' is needed for mode apply");
  }

  @Test
  void azureAdNeedsTheEntraUserInTheUrl() {
    ActionHarness.Result r =
        run(
            "auth",
            "azure-ad",
            "database-url",
            "postgres://server.postgres.database.azure.com/app");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout())
        .contains(
            "::error title=database-url::Input 'database-url' must name the Microsoft Entra user");
  }

  @Test
  void unknownAuth() {
    ActionHarness.Result r = run("auth", "kerberos", "database-url", "postgres://u@h/db");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout())
        .contains(
            "::error title=auth::Input 'auth' is 'kerberos'; expected one of password, azure-ad.");
  }

  @Test
  void badDurationsAndKinds() {
    assertThat(run("lock-timeout", "soon").stdout())
        .contains("::error title=lock-timeout::Input 'lock-timeout' is not a duration");
    assertThat(run("environment-kind", "live").stdout())
        .contains("::error title=environment-kind::");
    assertThat(run("schema", "bad;schema").stdout()).contains("::error title=schema::");
    assertThat(run("format", "liquibase").stdout()).contains("::error title=format::");
    assertThat(
            run("mode", "baseline", "baseline-version", "v2", "database-url", "postgres://u@h/db")
                .stdout())
        .contains("::error title=baseline-version::");
  }

  @Test
  void seedThatDoesNotExist() {
    ActionHarness.Result r =
        run(
            "seed",
            tmp.resolve("nope.sql").toString(),
            "database-url",
            "postgres://u@127.0.0.1:1/db");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout()).contains("::error title=seed::Input 'seed':");
  }

  // issue 19 item 9: zero is no timeout, and no lock wait; one rule for every duration
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"timeout", "lock-timeout"})
  void aZeroTimeoutIsRefused(String input) {
    ActionHarness.Result r = run(input, "0s", "database-url", "postgres://u@127.0.0.1:9/db");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout())
        .contains(
            "::error title="
                + input
                + "::Input '"
                + input
                + "' must be longer than zero (it is '0s')");
  }

  @Test
  void zeroStillMeansNoneWhereSaidSoButNegativeIsRefused() {
    ActionHarness.Result r =
        run("statement-timeout", "PT-1S", "database-url", "postgres://u@127.0.0.1:9/db");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout())
        .contains("::error title=statement-timeout::Input 'statement-timeout' is negative");
  }
}
