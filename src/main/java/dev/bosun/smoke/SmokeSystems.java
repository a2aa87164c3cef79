package dev.bosun.smoke;

import dev.bosun.actions.ActionRuntime;
import dev.bosun.migrate.DatabaseTarget;
import dev.bosun.migrate.JdbcConnector;
import java.time.Duration;
import java.util.function.Function;

/**
 * smoke-check's outside systems: {@link #real} in production, replaced in tests.
 *
 * @param http the probers for HTTP checks, given the longest one attempt may take
 * @param sql the prober for SQL checks against one database
 */
public record SmokeSystems(
    Function<Duration, Probers> http, Function<DatabaseTarget, Prober<SqlCheck>> sql) {

  /** HTTP through the JDK client, SQL through JDBC; making them connects to nothing. */
  public static SmokeSystems real(ActionRuntime runtime) {
    return new SmokeSystems(Probers::http, target -> new SqlProber(JdbcConnector.of(target)));
  }
}
