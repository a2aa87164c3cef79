package dev.bosun.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.support.BadInputException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each lint rule with SQL it must flag and look-alike SQL it must not. */
class LinterTest {

  static List<Arguments> truePositives() {
    return List.of(
        Arguments.of("ban-drop-table", "DROP TABLE users;"),
        Arguments.of("ban-drop-table", "drop table if exists public.users cascade;"),
        Arguments.of("ban-drop-column", "ALTER TABLE users DROP COLUMN email;"),
        Arguments.of("ban-drop-column", "ALTER TABLE users ADD COLUMN x int, DROP legacy;"),
        Arguments.of("truncate", "TRUNCATE orders;"),
        Arguments.of("delete-without-where", "DELETE FROM sessions;"),
        Arguments.of("update-without-where", "UPDATE users SET active = true;"),
        Arguments.of("changing-column-type", "ALTER TABLE users ALTER COLUMN id TYPE bigint;"),
        Arguments.of(
            "changing-column-type", "ALTER TABLE users ALTER name SET DATA TYPE varchar(200);"),
        Arguments.of("set-not-null", "ALTER TABLE users ALTER COLUMN email SET NOT NULL;"),
        Arguments.of(
            "require-concurrent-index-creation", "CREATE INDEX users_email ON users (email);"),
        Arguments.of(
            "require-concurrent-index-creation",
            "CREATE UNIQUE INDEX IF NOT EXISTS u ON public.users USING btree (email);"),
        Arguments.of(
            "constraint-missing-not-valid",
            "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id);"),
        Arguments.of(
            "constraint-missing-not-valid",
            "ALTER TABLE orders ADD CONSTRAINT positive CHECK (total > 0);"),
        Arguments.of(
            "constraint-missing-not-valid",
            "ALTER TABLE orders ADD COLUMN user_id int REFERENCES users (id);"),
        Arguments.of("renaming-column", "ALTER TABLE users RENAME COLUMN email TO mail;"),
        Arguments.of("renaming-column", "ALTER TABLE users RENAME email TO mail;"),
        Arguments.of("renaming-table", "ALTER TABLE users RENAME TO accounts;"),
        Arguments.of(
            "adding-field-with-default",
            "ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();"),
        Arguments.of("adding-field-with-default", "ALTER TABLE users ADD COLUMN seq bigserial;"),
        Arguments.of(
            "adding-field-with-default",
            "ALTER TABLE users ADD COLUMN r float8 NOT NULL DEFAULT random();"),
        Arguments.of(
            "adding-field-with-default",
            "ALTER TABLE users ADD COLUMN n int GENERATED ALWAYS AS IDENTITY;"),
        Arguments.of("ban-drop-database", "DROP DATABASE IF EXISTS legacy;"),
        Arguments.of("require-concurrent-index-deletion", "DROP INDEX users_email;"),
        Arguments.of(
            "require-concurrent-index-deletion",
            "drop index if exists public.users_email cascade;"),
        Arguments.of(
            "disallowed-unique-constraint",
            "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);"),
        Arguments.of(
            "disallowed-unique-constraint", "ALTER TABLE users ADD COLUMN handle text UNIQUE;"),
        Arguments.of("disallowed-unique-constraint", "ALTER TABLE users ADD PRIMARY KEY (id);"),
        Arguments.of(
            "prefer-robust-stmts",
            "ALTER TABLE users ADD COLUMN billing_email text;\n"
                + "CREATE INDEX CONCURRENTLY IF NOT EXISTS users_billing ON users (billing_email);"),
        Arguments.of(
            "prefer-robust-stmts",
            "CREATE INDEX CONCURRENTLY users_a ON users (a);\n"
                + "CREATE INDEX CONCURRENTLY users_b ON users (b);"),
        Arguments.of(
            "prefer-robust-stmts",
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS users_a ON users (a);\n"
                + "ALTER TABLE users ADD CONSTRAINT a_positive CHECK (a > 0) NOT VALID;"),
        Arguments.of("transaction-nesting", "BEGIN;\nCREATE TABLE t (id int);\nCOMMIT;"),
        Arguments.of("transaction-nesting", "CREATE TABLE t (id int);\nROLLBACK;"),
        Arguments.of("require-timeout-settings", "ALTER TABLE users ADD COLUMN note text;"),
        Arguments.of(
            "require-timeout-settings",
            "SET statement_timeout = '1min';\nSET lock_timeout = 0;\n"
                + "ALTER TABLE users ADD COLUMN note text;"));
  }

  static List<Arguments> falsePositives() {
    return List.of(
        Arguments.of("ban-drop-table", "DROP INDEX CONCURRENTLY users_email; DROP VIEW v;"),
        Arguments.of("ban-drop-table", "COMMENT ON TABLE users IS 'we never DROP TABLE users';"),
        Arguments.of(
            "ban-drop-column",
            "ALTER TABLE users DROP CONSTRAINT users_fk; ALTER TABLE users ALTER COLUMN a DROP DEFAULT;"),
        Arguments.of("ban-drop-column", "ALTER TABLE users ALTER COLUMN a DROP NOT NULL;"),
        Arguments.of("truncate", "-- TRUNCATE orders;\nSELECT 'TRUNCATE';"),
        Arguments.of("delete-without-where", "DELETE FROM sessions WHERE expires_at < now();"),
        Arguments.of("update-without-where", "UPDATE users SET active = true WHERE id = 1;"),
        Arguments.of(
            "update-without-where", "CREATE TABLE o (u int REFERENCES users ON UPDATE SET NULL);"),
        Arguments.of(
            "changing-column-type",
            "CREATE TABLE n (id int); ALTER TABLE n ALTER COLUMN id TYPE bigint;"),
        Arguments.of("changing-column-type", "CREATE TYPE mood AS ENUM ('ok');"),
        Arguments.of(
            "set-not-null", "CREATE TABLE n (e text); ALTER TABLE n ALTER COLUMN e SET NOT NULL;"),
        Arguments.of(
            "set-not-null",
            "ALTER TABLE users ADD CONSTRAINT e_nn CHECK (email IS NOT NULL) NOT VALID;"),
        Arguments.of(
            "require-concurrent-index-creation",
            "CREATE INDEX CONCURRENTLY users_email ON users (email);"),
        Arguments.of(
            "require-concurrent-index-creation",
            "CREATE TABLE n (e text); CREATE INDEX n_e ON n (e);"),
        Arguments.of(
            "constraint-missing-not-valid",
            "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;"),
        Arguments.of("constraint-missing-not-valid", "ALTER TABLE orders VALIDATE CONSTRAINT fk;"),
        Arguments.of(
            "constraint-missing-not-valid",
            "CREATE TABLE o (u int REFERENCES users (id), CHECK (u > 0));"),
        Arguments.of("renaming-column", "ALTER TABLE users RENAME CONSTRAINT a TO b;"),
        Arguments.of("renaming-table", "ALTER INDEX users_email RENAME TO users_mail;"),
        Arguments.of(
            "adding-field-with-default",
            "ALTER TABLE users ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();"),
        Arguments.of(
            "adding-field-with-default",
            "ALTER TABLE users ADD COLUMN note text DEFAULT 'random()';"),
        Arguments.of(
            "adding-field-with-default",
            "CREATE TABLE n (id int); ALTER TABLE n ADD COLUMN t uuid DEFAULT gen_random_uuid();"),
        Arguments.of("ban-drop-database", "DROP TABLE databases; CREATE DATABASE reports;"),
        Arguments.of(
            "require-concurrent-index-deletion", "DROP INDEX CONCURRENTLY IF EXISTS users_email;"),
        Arguments.of(
            "require-concurrent-index-deletion",
            "CREATE INDEX tmp_idx ON users (a); DROP INDEX tmp_idx;"),
        Arguments.of(
            "disallowed-unique-constraint",
            "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX "
                + "users_email_idx;"),
        Arguments.of(
            "disallowed-unique-constraint",
            "CREATE TABLE n (e text); ALTER TABLE n ADD CONSTRAINT n_e UNIQUE (e);"),
        Arguments.of(
            "prefer-robust-stmts",
            "ALTER TABLE users ADD COLUMN billing_email text;\n"
                + "CREATE INDEX users_billing ON users (billing_email);"),
        Arguments.of(
            "prefer-robust-stmts",
            "CREATE INDEX CONCURRENTLY users_billing ON users (billing_email);"),
        Arguments.of(
            "prefer-robust-stmts",
            "ALTER TABLE users ADD COLUMN IF NOT EXISTS b text, "
                + "DROP CONSTRAINT IF EXISTS b_check, ADD CONSTRAINT b_check CHECK (b <> '') NOT VALID;\n"
                + "CREATE INDEX CONCURRENTLY IF NOT EXISTS users_b ON users (b);\nDROP INDEX CONCURRENTLY IF EXISTS users_old;"),
        Arguments.of(
            "transaction-nesting",
            "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;"),
        Arguments.of(
            "transaction-nesting",
            "DO $$ BEGIN PERFORM 1; END $$; SAVEPOINT s; RELEASE SAVEPOINT s;"),
        Arguments.of(
            "require-timeout-settings",
            "SET lock_timeout = '5s';\nSET statement_timeout TO '1min';\n"
                + "ALTER TABLE users ADD COLUMN note text;"),
        Arguments.of(
            "require-timeout-settings",
            "CREATE TABLE n (id int); ALTER TABLE n ADD COLUMN note text; "
                + "CREATE INDEX n_note ON n (note);"),
        Arguments.of(
            "renaming-column", "CREATE TABLE n (a int); ALTER TABLE n RENAME COLUMN a TO b;"),
        Arguments.of("renaming-table", "CREATE TABLE n (a int); ALTER TABLE n RENAME TO m;"));
  }

  @ParameterizedTest(name = "{0} flags {1}")
  @MethodSource("truePositives")
  void flags(String rule, String sql) {
    assertThat(ids(sql)).contains(rule);
  }

  @ParameterizedTest(name = "{0} leaves {1} alone")
  @MethodSource("falsePositives")
  void leavesAlone(String rule, String sql) {
    assertThat(ids(sql)).doesNotContain(rule);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("truePositives")
  void everyFindingSaysHowToDoItSafelyAndWhere(String rule, String sql) {
    String file = "-- a comment first\n" + sql;
    Linter.Finding f =
        lint(file).stream().filter(x -> x.rule().id().equals(rule)).findFirst().orElseThrow();
    int at = file.indexOf(f.statement());
    assertThat(at)
        .as("the statement as written in the file, not normalised: " + f.statement())
        .isPositive();
    assertThat(f.line()).isEqualTo(file.substring(0, at).split("\n", -1).length);
    assertThat(f.message()).startsWith(rule + ": ").contains("Safer: ");
  }

  @Test
  void excerptIsTheStatementAsWrittenOnOneLine() {
    Linter.Finding f =
        lint("CREATE INDEX idx_messages_tenant_created\n    ON messages (tenant_id, created_at);")
            .get(0);
    assertThat(f.statement())
        .isEqualTo("CREATE INDEX idx_messages_tenant_created ON messages (tenant_id, created_at)");
    String longer = "UPDATE users SET note = '" + "x".repeat(200) + "'";
    assertThat(lint(longer + ";").get(0).statement())
        .hasSize(100)
        .endsWith("…")
        .startsWith("UPDATE users SET note = 'xx");
  }

  @Test
  void aConstantDefaultRewritesTheTableOnlyBeforePostgres11() {
    String sql = "ALTER TABLE users ADD COLUMN active boolean NOT NULL DEFAULT true;";
    assertThat(ids(sql, settings("10"))).contains("adding-field-with-default");
    assertThat(ids(sql, settings("9.6"))).contains("adding-field-with-default");
    assertThat(ids(sql, settings("11"))).doesNotContain("adding-field-with-default");
    assertThat(ids(sql, settings("17"))).doesNotContain("adding-field-with-default");
    assertThat(ids("ALTER TABLE users ADD COLUMN note text DEFAULT NULL;", settings("10")))
        .doesNotContain("adding-field-with-default");
    assertThat(
            ids("ALTER TABLE users ADD COLUMN t uuid DEFAULT gen_random_uuid();", settings("17")))
        .contains("adding-field-with-default");
  }

  @Test
  void timeoutsOfTheRunCountAndAreReportedOncePerFile() {
    String sql = "ALTER TABLE users ADD COLUMN a text;\nALTER TABLE users ADD COLUMN b text;";
    assertThat(ids(sql)).containsOnlyOnce("require-timeout-settings");
    Linter.Settings withStatementTimeout =
        new Linter.Settings(
            PgVersion.parse("pg-version", "16"),
            Duration.ofSeconds(10),
            Duration.ofMinutes(1),
            Set.of());
    assertThat(ids(sql, withStatementTimeout)).doesNotContain("require-timeout-settings");
    assertThat(ids("SET lock_timeout TO DEFAULT;\n" + sql, withStatementTimeout))
        .contains("require-timeout-settings");
    assertThat(ids("RESET ALL;\n" + sql, withStatementTimeout))
        .contains("require-timeout-settings");
  }

  @Test
  void aLintIgnoreLineSuppressesTheNamedRulesOfTheStatementBelowWithItsReason() {
    List<Linter.Finding> found =
        lint(
            """
        -- bosun:lint-ignore ban-drop-column,require-timeout-settings unused since 4.2, see PR 88
        -- another comment may sit between
        ALTER TABLE users DROP COLUMN legacy;
        ALTER TABLE users DROP COLUMN other;
        """);
    assertThat(found)
        .filteredOn(f -> f.line() == 3)
        .extracting(f -> f.rule().id())
        .containsExactlyInAnyOrder("ban-drop-column", "require-timeout-settings");
    assertThat(found)
        .filteredOn(f -> f.line() == 3)
        .allSatisfy(
            f ->
                assertThat(f.suppression())
                    .contains(new Linter.Suppression(1, "unused since 4.2, see PR 88")));
    assertThat(found)
        .filteredOn(f -> f.line() == 4)
        .singleElement()
        .satisfies(f -> assertThat(f.suppressed()).isFalse());
  }

  @Test
  void lintIgnoreOfTheRunTurnsRulesOff() {
    Linter.Settings s =
        new Linter.Settings(
            PgVersion.parse("pg-version", "16"),
            Duration.ofSeconds(10),
            Duration.ZERO,
            Set.of(LintRule.REQUIRE_TIMEOUT_SETTINGS));
    assertThat(ids("ALTER TABLE users ADD COLUMN a text;", s)).isEmpty();
  }

  @Test
  void aLintIgnoreWithoutReasonOrWithAnUnknownRuleIsBadInputNamingTheLine() {
    assertThatThrownBy(() -> lint("-- bosun:lint-ignore ban-drop-table\nDROP TABLE t;"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("1_x.sql line 1")
        .hasMessageContaining("no reason");
    assertThatThrownBy(
            () -> lint("SELECT 1;\n  -- bosun:lint-ignore drop-table it is empty\nDROP TABLE t;"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("1_x.sql line 2")
        .hasMessageContaining("'drop-table' is not a lint rule (did you mean ban-drop-table?)");
    assertThatThrownBy(() -> lint("-- bosun:lint-ignore\nDROP TABLE t;"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("needs a rule and a reason");
  }

  private static Linter.Settings settings(String pg) {
    return new Linter.Settings(
        PgVersion.parse("pg-version", pg), Duration.ofSeconds(10), Duration.ZERO, Set.of());
  }

  private static List<String> ids(String sql, Linter.Settings settings) {
    return Linter.lint(Migration.of(Version.parseOrNull("1"), "x", "1_x.sql", sql), settings)
        .stream()
        .map(f -> f.rule().id())
        .toList();
  }

  private static List<String> ids(String sql) {
    return lint(sql).stream().map(f -> f.rule().id()).toList();
  }

  private static List<Linter.Finding> lint(String sql) {
    return Linter.lint(Migration.of(Version.parseOrNull("1"), "x", "1_x.sql", sql));
  }
}
