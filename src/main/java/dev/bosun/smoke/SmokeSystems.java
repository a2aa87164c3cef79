package dev.bosun.smoke;

import dev.bosun.actions.ActionRuntime;
import dev.bosun.migrate.DatabaseTarget;
import dev.bosun.migrate.JdbcConnector;
import dev.bosun.support.HttpClients;
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

  /**
   * HTTP through the JDK client (through the HTTPS_PROXY/HTTP_PROXY of the environment, minus
   * NO_PROXY), SQL through JDBC; making them connects to nothing.
   */
  public static SmokeSystems real(ActionRuntime runtime) {
    var proxy = HttpClients.proxy(runtime.env().all());
    return new SmokeSystems(
        timeout -> Probers.http(timeout, proxy), target -> new SqlProber(JdbcConnector.of(target)));
  }
}
