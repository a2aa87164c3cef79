package dev.bosun.migrate;

import dev.bosun.actions.ActionRuntime;
import dev.bosun.azure.AzureCloud;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * db-migrate's outside systems: {@link #real} in production, replaced in tests.
 *
 * @param password connects to a database with the password in its URL or the PG* variables
 * @param azureAd connects with a Microsoft Entra token of the given cloud as the password, fetched
 *     fresh for each connection
 * @param embedded starts a throwaway PostgreSQL for verify (and plan without a database)
 */
public record MigrateSystems(
    Function<DatabaseTarget, Connector> password,
    BiFunction<DatabaseTarget, AzureCloud, Connector> azureAd,
    Supplier<EmbeddedPostgres> embedded) {

  /**
   * JDBC, Entra tokens through the Actions OIDC token, the embedded server; making them connects to
   * nothing.
   */
  public static MigrateSystems real(ActionRuntime runtime) {
    return new MigrateSystems(
        JdbcConnector::of,
        (target, cloud) ->
            new JdbcConnector(target, AzureAdPassword.from(runtime.env(), runtime.log(), cloud)),
        () -> EmbeddedPostgres.start(runtime.log()::info));
  }
}
