package dev.bosun.deploy.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.ClientAssertionCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import dev.bosun.actions.IdToken;
import dev.bosun.actions.OidcTokenClient;
import dev.bosun.support.BadInputException;
import java.util.Optional;

/**
 * Picks how bosun signs in to Azure: OIDC federation in Actions (the job's GitHub token as client
 * assertion, no stored secret), else a client secret, else {@code DefaultAzureCredential} (az
 * login, managed identity) locally.
 */
public final class AzureCredentials {

  /** The audience Entra ID expects for GitHub federated credentials. */
  public static final String FEDERATION_AUDIENCE = "api://AzureADTokenExchange";

  private AzureCredentials() {}

  /** How the credential was chosen, for the log. */
  public record Choice(TokenCredential credential, String description) {}

  public static Choice choose(
      Optional<String> clientId,
      Optional<String> tenantId,
      Optional<String> clientSecret,
      boolean oidcAvailable,
      OidcTokenClient oidc,
      AzureSettings settings) {
    if (clientId.isPresent() != tenantId.isPresent()) {
      throw new BadInputException(
          clientId.isPresent() ? "azure-tenant-id" : "azure-client-id",
          "Inputs 'azure-client-id' and 'azure-tenant-id' go together: set both (the app registration's client ID "
              + "and its directory's tenant ID), or neither to use DefaultAzureCredential.");
    }
    if (clientId.isPresent() && clientSecret.isPresent()) {
      ClientSecretCredentialBuilder b =
          new ClientSecretCredentialBuilder()
              .clientId(clientId.get())
              .tenantId(tenantId.get())
              .clientSecret(clientSecret.get());
      configure(b, settings);
      return new Choice(b.build(), "client secret for app " + clientId.get());
    }
    if (clientId.isPresent()) {
      if (!oidcAvailable) {
        throw new BadInputException(
            "azure-client-id",
            "Input 'azure-client-id' without 'azure-client-secret' signs in "
                + "with OIDC federation, and this job has no OIDC token: add 'permissions: id-token: write' to the job "
                + "(and a federated credential for this repository to the app registration), or set 'azure-client-secret'.");
      }
      ClientAssertionCredentialBuilder b =
          new ClientAssertionCredentialBuilder()
              .clientId(clientId.get())
              .tenantId(tenantId.get())
              .clientAssertion(
                  () ->
                      oidc.token(FEDERATION_AUDIENCE)
                          .map(IdToken::jwt)
                          .orElseThrow(
                              () ->
                                  new BadInputException(
                                      "azure-client-id",
                                      "No OIDC token: add 'permissions: id-token: write' to the job.")));
      b.authorityHost(settings.authorityHost()).httpClient(settings.httpClient());
      if (!settings.isPublicCloud()) {
        b.disableInstanceDiscovery();
      }
      return new Choice(b.build(), "OIDC federation for app " + clientId.get());
    }
    DefaultAzureCredentialBuilder b =
        new DefaultAzureCredentialBuilder()
            .authorityHost(settings.authorityHost())
            .httpClient(settings.httpClient());
    return new Choice(
        b.build(), "DefaultAzureCredential (az login, environment or managed identity)");
  }

  private static void configure(ClientSecretCredentialBuilder b, AzureSettings settings) {
    b.authorityHost(settings.authorityHost()).httpClient(settings.httpClient());
    if (!settings.isPublicCloud()) {
      b.disableInstanceDiscovery();
    }
  }
}
