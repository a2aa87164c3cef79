package dev.bosun.image.login;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
import com.azure.identity.ClientAssertionCredentialBuilder;
import dev.bosun.actions.IdToken;
import dev.bosun.actions.OidcTokenClient;
import dev.bosun.azure.SignIn;
import dev.bosun.support.OutsideSystemException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Entra ID tokens through azure-identity's {@code ClientAssertionCredential}: the client assertion
 * is this job's GitHub OIDC token for audience {@code api://AzureADTokenExchange}, as {@code
 * azure/login} does with a federated credential.
 */
public final class AzureIdentityTokenSource implements EntraTokenSource {

  /** The audience Entra expects in a federated GitHub token in the public cloud. */
  public static final String AUDIENCE = "api://AzureADTokenExchange";

  private final OidcTokenClient oidc;
  private final String authorityHost;
  private final HttpClient httpClient;
  private final Consumer<String> mask;
  private final Duration timeout;
  private final String audience;

  /**
   * @param authorityHost {@code https://login.microsoftonline.com/} or a sovereign cloud's ({@code
   *     AZURE_AUTHORITY_HOST})
   * @param httpClient the Azure HTTP client, or null for the default (JDK HttpClient)
   * @param mask registers each token with the log's masker
   */
  public AzureIdentityTokenSource(
      OidcTokenClient oidc, String authorityHost, HttpClient httpClient, Consumer<String> mask) {
    this(oidc, authorityHost, AUDIENCE, httpClient, mask, SignIn.DEFAULT_TIMEOUT);
  }

  /**
   * @param audience the audience of the GitHub OIDC token, the cloud's ({@code
   *     AzureCloud.federationAudience})
   * @param timeout how long one token request may take (see {@link SignIn})
   */
  public AzureIdentityTokenSource(
      OidcTokenClient oidc,
      String authorityHost,
      String audience,
      HttpClient httpClient,
      Consumer<String> mask,
      Duration timeout) {
    this.audience = audience;
    this.timeout = timeout;
    this.oidc = oidc;
    this.authorityHost = authorityHost;
    this.httpClient = httpClient;
    this.mask = mask;
  }

  @Override
  public String accessToken(String tenantId, String clientId, String scope) {
    ClientAssertionCredentialBuilder builder =
        new ClientAssertionCredentialBuilder()
            .tenantId(tenantId)
            .clientId(clientId)
            .clientAssertion(
                () ->
                    oidc.token(audience)
                        .map(IdToken::jwt)
                        .orElseThrow(
                            () ->
                                new OutsideSystemException(
                                    "oidc",
                                    "No GitHub OIDC token: give the job 'permissions: id-token: write' for the ACR login")))
            .authorityHost(authorityHost)
            // instance discovery is a call to the public cloud; the authority is given, so it is
            // not needed
            .disableInstanceDiscovery();
    if (httpClient != null) {
      builder.httpClient(httpClient);
    }
    SignIn signIn =
        new SignIn(
            builder.build(),
            "OIDC federation for app " + clientId,
            authorityHost.replaceAll("/*$", "/") + tenantId,
            timeout);
    AccessToken token = signIn.getTokenSync(new TokenRequestContext().addScopes(scope));
    mask.accept(token.getToken());
    return token.getToken();
  }
}
