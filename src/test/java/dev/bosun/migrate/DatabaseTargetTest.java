package dev.bosun.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.support.BadInputException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseTargetTest {

  @Test
  void postgresUrlIsSplitIntoAJdbcUrlWithoutCredentials() {
    DatabaseTarget t =
        DatabaseTarget.parse(
            "postgres://app:p%40ss%2Fw0rd@db.example.com:6543/shop?sslmode=require");

    assertThat(t.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:6543/shop?sslmode=require");
    assertThat(t.user()).isEqualTo("app");
    assertThat(t.password()).isEqualTo("p@ss/w0rd");
    assertThat(t.toString()).doesNotContain("p@ss");
  }

  @Test
  void jdbcUrlLosesItsUserAndPasswordParameters() {
    DatabaseTarget t =
        DatabaseTarget.parse("jdbc:postgresql://h:5432/db?user=u&password=secret&ssl=true");

    assertThat(t.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db?ssl=true");
    assertThat(t.user()).isEqualTo("u");
    assertThat(t.password()).isEqualTo("secret");
  }

  @Test
  void libpqVariablesAreUsedWhenNoUrlIsGiven() {
    DatabaseTarget t =
        DatabaseTarget.fromPgEnv(
                Map.of(
                    "PGHOST",
                    "db",
                    "PGUSER",
                    "app",
                    "PGPASSWORD",
                    "pw",
                    "PGDATABASE",
                    "shop",
                    "PGSSLMODE",
                    "verify-full"))
            .orElseThrow();

    assertThat(t.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/shop?sslmode=verify-full");
    assertThat(t.user()).isEqualTo("app");
    assertThat(t.password()).isEqualTo("pw");
    assertThat(DatabaseTarget.fromPgEnv(Map.of("HOME", "/root"))).isEmpty();
  }

  @Test
  void otherUrlsAreBadInputWithoutEchoingTheSecret() {
    assertThatThrownBy(() -> DatabaseTarget.parse("mysql://root:topsecret@h/db"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("jdbc:postgresql://host:5432/app")
        .hasMessageNotContaining("topsecret");
  }
}
