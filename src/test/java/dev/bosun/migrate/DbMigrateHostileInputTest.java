package dev.bosun.migrate;

import static dev.bosun.migrate.MigrationFiles.write;

import dev.bosun.testing.HostileInput;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Values, file names and SQL that try to inject workflow commands through db-migrate's table,
 * notes, lint findings and errors (issue 19, item 1), against a real database.
 */
class DbMigrateHostileInputTest extends MigrationWorkspace {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "environment",
        "baseline-version",
        "seed",
        "schema",
        "mode",
        "format",
        "dir",
        "lock-timeout"
      })
  void noInputCarriesAnInjectedCommand(String input) {
    write(dir, "001_users.sql", "CREATE TABLE users (id int PRIMARY KEY);");

    HostileInput.assertNoInjectedCommands(
        action().input(input, HostileInput.VALUE).run("db-migrate"));
  }

  @Test
  void anEndlessSeedOrMigrationIsBadInputThatStatesTheLimit() throws Exception {
    write(dir, "001_users.sql", "CREATE TABLE users (id int PRIMARY KEY);");

    var seed = action().input("seed", "/dev/zero").run("db-migrate");
    Files.createSymbolicLink(dir.resolve("002_zero.sql"), java.nio.file.Path.of("/dev/zero"));
    var migration = action().local().run("db-migrate");

    org.assertj.core.api.Assertions.assertThat(seed.exitCode()).isEqualTo(2);
    org.assertj.core.api.Assertions.assertThat(seed.stdout())
        .contains("::error title=seed::")
        .contains("which leads outside the workspace");
    org.assertj.core.api.Assertions.assertThat(migration.exitCode())
        .as(migration.stderr())
        .isEqualTo(2);
    org.assertj.core.api.Assertions.assertThat(migration.stdout() + migration.stderr())
        .contains("is larger than the limit of 64 MiB");
    org.assertj.core.api.Assertions.assertThat(db.tableExists("users")).isFalse();
  }

  @Test
  void fileNamesAndStatementsDoNotEither() throws Exception {
    write(dir, "001_users.sql", "CREATE TABLE users (id int PRIMARY KEY);");
    write(
        dir,
        "002_comment.sql",
        "COMMENT ON TABLE users IS 'x\n::error::PWNED\n::set-output name=pwned::1';");
    write(
        dir,
        "003_drop.sql",
        "DROP TABLE users /* x\n::error::PWNED\n::set-output name=pwned::1\n*/;");

    // PostgreSQL quotes the bad value, line breaks and all, in its error
    write(dir, "004_cast.sql", "SELECT 'x\n::error::PWNED\n::set-output name=pwned::1'::int;");
    for (String mode : new String[] {"plan", "status", "apply"}) {
      HostileInput.assertNoInjectedCommands(
          action().input("mode", mode).input("allow-destructive", "true").run("db-migrate"));
    }
  }
}
