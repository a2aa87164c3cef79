package dev.bosun.migrate;

import static dev.bosun.migrate.MigrationFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.testing.ActionHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Transaction-mode poolers break the session lock: refused by URL, or by a real PgBouncer's
 * behaviour; direct-url goes round.
 */
class ConnectionPoolerTest extends MigrationWorkspace {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "postgres://app:pw@ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech/neondb?sslmode=require|a pooled Neon host (ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech)",
        "postgres://postgres.abcdefgh:pw@aws-0-eu-central-1.pooler.supabase.com:6543/postgres|Supabase's transaction pooler (aws-0-eu-central-1.pooler.supabase.com:6543)",
        "postgres://app:pw@127.0.0.1:1/app?pgbouncer=true|a URL marked pgbouncer=true"
      })
  void knownPooledUrlsAreRefusedBeforeConnecting(String url, String what) {
    write(dir, "001_a.sql", "CREATE TABLE a (id int);");

    ActionHarness.Result r =
        new ActionHarness(tmp)
            .input("dir", dir.toString())
            .input("database-url", url)
            .run("db-migrate");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout())
        .contains(
            "::error title=database-url::Input 'database-url' points at "
                + what
                + ", a transaction-mode connection pooler")
        .contains("Set direct-url to the direct, unpooled connection");
    assertThat(r.everything()).doesNotContain(":pw@");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "postgres://app:pw@ep-cool-darkness-123456.us-east-2.aws.neon.tech/neondb",
    "postgres://postgres.abcdefgh:pw@aws-0-eu-central-1.pooler.supabase.com:5432/postgres",
    "postgres://app:pw@db.abcdefgh.supabase.co:5432/postgres"
  })
  void directHostsAreNotTakenForPoolers(String url) {
    assertThat(ConnectionPooler.byUrl(DatabaseTarget.parse(url))).isEmpty();
  }

  @Test
  void aRealPgBouncerInTransactionModeIsRefusedAndDirectUrlGoesRoundIt() throws Exception {
    write(dir, "001_a.sql", "CREATE TABLE a (id int);");
    try (PgBouncer bouncer = PgBouncer.start(db.name())) {
      ActionHarness.Result refused =
          new ActionHarness(tmp)
              .input("dir", dir.toString())
              .input("database-url", bouncer.url("tx"))
              .run("db-migrate");
      boolean refusedFirst = !db.tableExists("bosun_schema_history");
      ActionHarness.Result session =
          new ActionHarness(tmp)
              .input("dir", dir.toString())
              .input("database-url", bouncer.url("session"))
              .run("db-migrate");
      write(dir, "002_b.sql", "CREATE TABLE b (id int);");
      ActionHarness.Result direct =
          new ActionHarness(tmp)
              .input("dir", dir.toString())
              .input("database-url", bouncer.url("tx"))
              .input("direct-url", db.url())
              .run("db-migrate");

      assertThat(refused.exitCode()).as(refused.stdout()).isEqualTo(2);
      assertThat(refused.stdout())
          .contains(
              "::error title=database-url::Input 'database-url' points at a connection "
                  + "pooler that gave two connections the same server session, a transaction-mode connection pooler");
      assertThat(refusedFirst).as("refused before anything changed").isTrue();
      assertThat(session.exitCode())
          .as("a session-mode pooler keeps the lock's session: " + session.stdout())
          .isZero();
      assertThat(session.outputs()).containsEntry("applied-count", "1");
      assertThat(direct.exitCode()).as(direct.stdout()).isZero();
      assertThat(direct.outputs()).containsEntry("applied-count", "1");
      assertThat(db.tableExists("b")).isTrue();
    }
  }
}
