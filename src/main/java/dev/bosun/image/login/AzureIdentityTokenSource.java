package dev.bosun.image.login;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
import com.azure.identity.ClientAssertionCredentialBuilder;
import dev.bosun.actions.IdToken;
import dev.bosun.actions.OidcTokenClient;
import dev.bosun.support.OutsideSystemException;
import java.util.function.Consumer;

/**
 * Entra ID tokens through azure-identity's {@code ClientAssertionCredential}: the client assertion
 * is this job's GitHub OIDC token for audience {@code api://AzureADTokenExchange}, as {@code
 * azure/login} does with a federated credential.
 */
public final class AzureIdentityTokenSource implements EntraTokenSource {

  /** The audience Entra expects in a federated GitHub token. */
  public static final String AUDIENCE = "api://AzureADTokenExchange";

  private final OidcTokenClient oidc;
  private final String authorityHost;
  private final HttpClient httpClient;
  private final Consumer<String> mask;

  /**
   * @param authorityHost {@code https://login.microsoftonline.com/} or a sovereign cloud's ({@code
   *     AZURE_AUTHORITY_HOST})
   * @param httpClient the Azure HTTP client, or null for the default (JDK HttpClient)
   * @param mask registers each token with the log's masker
   */
  public AzureIdentityTokenSource(
      OidcTokenClient oidc, String authorityHost, HttpClient httpClient, Consumer<String> mask) {
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
                    oidc.token(AUDIENCE)
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
    try {
      AccessToken token = builder.build().getTokenSync(new TokenRequestContext().addScopes(scope));
      mask.accept(token.getToken());
      return token.getToken();
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof OutsideSystemException ours) {
          // the GitHub OIDC step failed inside the assertion supplier; its message says what to fix
          throw ours;
        }
      }
      throw new OutsideSystemException(
          "azure",
          "Entra ID refused a token for client "
              + clientId
              + " in tenant "
              + tenantId
              + ": "
              + firstLine(e.getMessage())
              + ". Check the app's federated credential (subject must match"
              + " this repository and environment)",
          e);
    }
  }

  private static String firstLine(String s) {
    return s == null ? "no details" : s.lines().findFirst().orElse(s);
  }
}
