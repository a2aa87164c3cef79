package dev.bosun.migrate;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.identity.ClientAssertionCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import dev.bosun.actions.ActionEnv;
import dev.bosun.actions.ActionsOidcClient;
import dev.bosun.actions.IdToken;
import dev.bosun.actions.Log;
import dev.bosun.azure.AzureCloud;
import dev.bosun.azure.SignIn;
import dev.bosun.support.BosunException;
import dev.bosun.support.OutsideSystemException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The password for {@code auth: azure-ad}: a Microsoft Entra access token for Azure Database for
 * PostgreSQL, fetched for each new connection (tokens expire) and masked at once. In Actions with
 * {@code AZURE_CLIENT_ID} and {@code AZURE_TENANT_ID} it federates the job's OIDC token; otherwise
 * azure-identity's default chain (environment, workload or managed identity, Azure CLI as after
 * {@code azure/login} or {@code az login}). The cloud ({@code azure-environment}) sets both the
 * authority and the scope, which differs per cloud.
 */
public final class AzureAdPassword implements Supplier<String> {

  /** The public cloud's scope, as {@code az account get-access-token --resource-type oss-rdbms}. */
  public static final String SCOPE = AzureCloud.AZURE_CLOUD.postgresScope();

  private final TokenCredential credential;
  private final String scope;
  private final Consumer<String> mask;

  AzureAdPassword(TokenCredential credential, Consumer<String> mask) {
    this(credential, SCOPE, mask);
  }

  AzureAdPassword(TokenCredential credential, String scope, Consumer<String> mask) {
    this.credential = credential;
    this.scope = scope;
    this.mask = mask;
  }

  public static AzureAdPassword from(ActionEnv env, Log log, AzureCloud cloud) {
    return from(env, log, cloud, null);
  }

  /** {@code http} replaces the SDK's HTTP client (tests); null in production. */
  static AzureAdPassword from(
      ActionEnv env, Log log, AzureCloud cloud, com.azure.core.http.HttpClient http) {
    return new AzureAdPassword(
        credential(env, log, cloud, http), cloud.postgresScope(), log::addMask);
  }

  @Override
  public String get() {
    AccessToken token;
    try {
      token = credential.getTokenSync(new TokenRequestContext().addScopes(scope));
    } catch (BosunException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new OutsideSystemException(
          "azure-ad",
          "Could not get a Microsoft Entra token for Azure Database for "
              + "PostgreSQL: "
              + e.getMessage()
              + ". In Actions, set AZURE_CLIENT_ID and AZURE_TENANT_ID with "
              + "'permissions: id-token: write', or run azure/login first; locally, run az login.",
          e);
    }
    if (token == null || token.getToken() == null || token.getToken().isEmpty()) {
      throw new OutsideSystemException(
          "azure-ad", "Microsoft Entra returned no access token for " + scope);
    }
    mask.accept(token.getToken());
    return token.getToken();
  }

  /**
   * The credential, bounded and explained by {@link SignIn}. {@code http} replaces the SDK's HTTP
   * client, so tests can reach a local Entra stand-in; null in production.
   */
  static TokenCredential credential(
      ActionEnv env, Log log, AzureCloud cloud, com.azure.core.http.HttpClient http) {
    var clientId = env.get("AZURE_CLIENT_ID");
    var tenantId = env.get("AZURE_TENANT_ID");
    if (env.inActions()
        && env.oidcRequestUrl().isPresent()
        && clientId.isPresent()
        && tenantId.isPresent()) {
      ActionsOidcClient oidc = new ActionsOidcClient(env, log);
      ClientAssertionCredentialBuilder b =
          new ClientAssertionCredentialBuilder()
              .clientId(clientId.get())
              .tenantId(tenantId.get())
              .clientAssertion(
                  () ->
                      oidc.token(cloud.federationAudience())
                          .map(IdToken::jwt)
                          .orElseThrow(
                              () ->
                                  new OutsideSystemException(
                                      "azure-ad",
                                      "No GitHub OIDC token: give the job 'permissions: id-token: write'.")))
              .authorityHost(cloud.authorityHost())
              // the authority comes from azure-environment; instance discovery would only be one
              // more call to check it
              .disableInstanceDiscovery();
      if (http != null) {
        b.httpClient(http);
      }
      return new SignIn(
          b.build(),
          "OIDC federation for app " + clientId.get(),
          cloud.authorityHost() + tenantId.get(),
          SignIn.DEFAULT_TIMEOUT);
    }
    DefaultAzureCredentialBuilder b =
        new DefaultAzureCredentialBuilder().authorityHost(cloud.authorityHost());
    if (http != null) {
      b.httpClient(http);
    }
    return new SignIn(
        b.build(),
        "DefaultAzureCredential (azure/login, az login, environment or managed identity)",
        cloud.authorityHost() + tenantId.orElse(""),
        SignIn.DEFAULT_TIMEOUT.multipliedBy(2));
  }
}
