package dev.bosun.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTest {

  @Test
  void semicolonsInStringsCommentsIdentifiersAndDollarQuotesDoNotSplit() {
    String sql =
        """
        -- a comment; with a semicolon
        INSERT INTO t VALUES ('a;b', E'it\\'s;', "odd;name");
        /* block; /* nested; */ still comment */
        CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 1; END; $body$ LANGUAGE plpgsql;
        SELECT $$x;y$$
        """;

    List<SqlScript.Statement> s = SqlScript.parse(sql);

    assertThat(s).extracting(SqlScript.Statement::line).containsExactly(2, 4, 5);
    assertThat(s.get(0).code()).isEqualTo("INSERT INTO T VALUES ('', E'', \"odd;name\")");
    assertThat(s.get(1).code()).isEqualTo("CREATE FUNCTION F() RETURNS INT AS $$ LANGUAGE PLPGSQL");
    assertThat(s.get(2).text()).isEqualTo("SELECT $$x;y$$");
  }

  @Test
  void beginAtomicBodyIsOneStatement() {
    String sql =
        "CREATE FUNCTION g(a int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN a > 0 THEN 1 ELSE 0 END; "
            + "SELECT 2; END;\nSELECT 3;";

    assertThat(SqlScript.parse(sql)).hasSize(2);
  }

  @Test
  void errorPositionMapsToTheFileLine() {
    SqlScript.Statement s =
        SqlScript.parse("\n\nINSERT INTO t\n  SELECT x\n  FROM missing;").get(0);

    assertThat(s.line()).isEqualTo(3);
    assertThat(s.lineOf(s.text().indexOf("missing") + 1)).isEqualTo(5);
  }

  @Test
  void wrappingBeginCommitIsDroppedAndNonTransactionalStatementsAreFound() {
    Migration m =
        Migration.of(
            Version.parseOrNull("1"),
            "x",
            "1_x.sql",
            "BEGIN;\nCREATE TABLE t (id int);\nCOMMIT;\n");
    assertThat(PreparedMigration.of(m).statements()).hasSize(1);

    Migration idx =
        Migration.of(
            Version.parseOrNull("2"),
            "i",
            "2_i.sql",
            "-- bosun:no-transaction\nCREATE UNIQUE INDEX CONCURRENTLY i ON t (id);");
    PreparedMigration p = PreparedMigration.of(idx);
    assertThat(p.nonTransactional()).isTrue();
    assertThat(p.nonTransactionalLine()).isEqualTo(2);
    assertThat(idx.noTransactionHeader()).isTrue();
  }

  @Test
  void nonTransactionalDetectorKnowsTheCommonStatements() {
    assertThat(SqlKinds.nonTransactional("VACUUM ANALYZE T")).isTrue();
    assertThat(SqlKinds.nonTransactional("REINDEX INDEX CONCURRENTLY I")).isTrue();
    assertThat(SqlKinds.nonTransactional("DROP INDEX CONCURRENTLY I")).isTrue();
    assertThat(SqlKinds.nonTransactional("CREATE INDEX I ON T (A)")).isFalse();
    assertThat(SqlKinds.nonTransactional("REFRESH MATERIALIZED VIEW CONCURRENTLY V")).isFalse();
  }
}
