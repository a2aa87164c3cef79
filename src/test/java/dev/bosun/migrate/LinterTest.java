package dev.bosun.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each lint rule with SQL it must flag and look-alike SQL it must not. */
class LinterTest {

  static List<Arguments> truePositives() {
    return List.of(
        Arguments.of("drop-table", "DROP TABLE users;"),
        Arguments.of("drop-table", "drop table if exists public.users cascade;"),
        Arguments.of("drop-column", "ALTER TABLE users DROP COLUMN email;"),
        Arguments.of("drop-column", "ALTER TABLE users ADD COLUMN x int, DROP legacy;"),
        Arguments.of("truncate", "TRUNCATE orders;"),
        Arguments.of("delete-without-where", "DELETE FROM sessions;"),
        Arguments.of("update-without-where", "UPDATE users SET active = true;"),
        Arguments.of("alter-column-type", "ALTER TABLE users ALTER COLUMN id TYPE bigint;"),
        Arguments.of(
            "alter-column-type", "ALTER TABLE users ALTER name SET DATA TYPE varchar(200);"),
        Arguments.of("set-not-null", "ALTER TABLE users ALTER COLUMN email SET NOT NULL;"),
        Arguments.of("index-not-concurrent", "CREATE INDEX users_email ON users (email);"),
        Arguments.of(
            "index-not-concurrent",
            "CREATE UNIQUE INDEX IF NOT EXISTS u ON public.users USING btree (email);"),
        Arguments.of(
            "constraint-not-valid",
            "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id);"),
        Arguments.of(
            "constraint-not-valid",
            "ALTER TABLE orders ADD CONSTRAINT positive CHECK (total > 0);"),
        Arguments.of(
            "constraint-not-valid",
            "ALTER TABLE orders ADD COLUMN user_id int REFERENCES users (id);"),
        Arguments.of("rename-column", "ALTER TABLE users RENAME COLUMN email TO mail;"),
        Arguments.of("rename-column", "ALTER TABLE users RENAME email TO mail;"),
        Arguments.of("rename-table", "ALTER TABLE users RENAME TO accounts;"),
        Arguments.of(
            "volatile-default",
            "ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();"),
        Arguments.of("volatile-default", "ALTER TABLE users ADD COLUMN seq bigserial;"),
        Arguments.of(
            "volatile-default",
            "ALTER TABLE users ADD COLUMN r float8 NOT NULL DEFAULT random();"));
  }

  static List<Arguments> falsePositives() {
    return List.of(
        Arguments.of("drop-table", "DROP INDEX CONCURRENTLY users_email; DROP VIEW v;"),
        Arguments.of("drop-table", "COMMENT ON TABLE users IS 'we never DROP TABLE users';"),
        Arguments.of(
            "drop-column",
            "ALTER TABLE users DROP CONSTRAINT users_fk; ALTER TABLE users ALTER COLUMN a DROP DEFAULT;"),
        Arguments.of("drop-column", "ALTER TABLE users ALTER COLUMN a DROP NOT NULL;"),
        Arguments.of("truncate", "-- TRUNCATE orders;\nSELECT 'TRUNCATE';"),
        Arguments.of("delete-without-where", "DELETE FROM sessions WHERE expires_at < now();"),
        Arguments.of("update-without-where", "UPDATE users SET active = true WHERE id = 1;"),
        Arguments.of(
            "update-without-where", "CREATE TABLE o (u int REFERENCES users ON UPDATE SET NULL);"),
        Arguments.of(
            "alter-column-type",
            "CREATE TABLE n (id int); ALTER TABLE n ALTER COLUMN id TYPE bigint;"),
        Arguments.of("alter-column-type", "CREATE TYPE mood AS ENUM ('ok');"),
        Arguments.of(
            "set-not-null", "CREATE TABLE n (e text); ALTER TABLE n ALTER COLUMN e SET NOT NULL;"),
        Arguments.of(
            "set-not-null",
            "ALTER TABLE users ADD CONSTRAINT e_nn CHECK (email IS NOT NULL) NOT VALID;"),
        Arguments.of(
            "index-not-concurrent", "CREATE INDEX CONCURRENTLY users_email ON users (email);"),
        Arguments.of("index-not-concurrent", "CREATE TABLE n (e text); CREATE INDEX n_e ON n (e);"),
        Arguments.of(
            "constraint-not-valid",
            "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;"),
        Arguments.of("constraint-not-valid", "ALTER TABLE orders VALIDATE CONSTRAINT fk;"),
        Arguments.of(
            "constraint-not-valid", "CREATE TABLE o (u int REFERENCES users (id), CHECK (u > 0));"),
        Arguments.of("rename-column", "ALTER TABLE users RENAME CONSTRAINT a TO b;"),
        Arguments.of("rename-table", "ALTER INDEX users_email RENAME TO users_mail;"),
        Arguments.of(
            "volatile-default",
            "ALTER TABLE users ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();"),
        Arguments.of(
            "volatile-default", "ALTER TABLE users ADD COLUMN note text DEFAULT 'random()';"));
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
    Linter.Finding f =
        lint("\n" + sql).stream().filter(x -> x.rule().id().equals(rule)).findFirst().orElseThrow();
    assertThat(f.line()).isEqualTo(2);
    assertThat(f.message()).startsWith(rule + ": ").contains("Safer: ");
  }

  private static List<String> ids(String sql) {
    return lint(sql).stream().map(f -> f.rule().id()).toList();
  }

  private static List<Linter.Finding> lint(String sql) {
    return Linter.lint(
        PreparedMigration.of(Migration.of(Version.parseOrNull("1"), "x", "1_x.sql", sql)));
  }
}
