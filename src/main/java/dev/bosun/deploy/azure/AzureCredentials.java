package dev.bosun.deploy.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.ClientAssertionCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import dev.bosun.actions.IdToken;
import dev.bosun.actions.OidcTokenClient;
import dev.bosun.azure.AzureCloud;
import dev.bosun.azure.SignIn;
import dev.bosun.support.BadInputException;
import java.time.Duration;
import java.util.Optional;

/**
 * Picks how bosun signs in to Azure: OIDC federation in Actions (the job's GitHub token as client
 * assertion, no stored secret), else a client secret, else {@code DefaultAzureCredential} (az
 * login, managed identity) locally.
 */
public final class AzureCredentials {

  /** The audience Entra ID expects for GitHub federated credentials in the public cloud. */
  public static final String FEDERATION_AUDIENCE = AzureCloud.AZURE_CLOUD.federationAudience();

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
    String authority = settings.authorityHost() + tenantId.orElse("");
    if (clientId.isPresent() && clientSecret.isPresent()) {
      ClientSecretCredentialBuilder b =
          new ClientSecretCredentialBuilder()
              .clientId(clientId.get())
              .tenantId(tenantId.get())
              .clientSecret(clientSecret.get())
              .authorityHost(settings.authorityHost())
              .httpClient(settings.httpClient())
              // the authority comes from azure-environment; instance discovery would only be one
              // more call to check it
              .disableInstanceDiscovery();
      return choice(
          b.build(),
          "client secret for app " + clientId.get(),
          authority,
          settings.signInTimeout());
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
                      oidc.token(AzureCloud.of(settings.environment()).federationAudience())
                          .map(IdToken::jwt)
                          .orElseThrow(
                              () ->
                                  new BadInputException(
                                      "azure-client-id",
                                      "No OIDC token: add 'permissions: id-token: write' to the job.")))
              .authorityHost(settings.authorityHost())
              .httpClient(settings.httpClient())
              .disableInstanceDiscovery();
      return choice(
          b.build(),
          "OIDC federation for app " + clientId.get(),
          authority,
          settings.signInTimeout());
    }
    DefaultAzureCredentialBuilder b =
        new DefaultAzureCredentialBuilder()
            .authorityHost(settings.authorityHost())
            .httpClient(settings.httpClient());
    // the chain tries the environment, workload and managed identity, then the Azure CLI, one after
    // the other
    return choice(
        b.build(),
        "DefaultAzureCredential (az login, environment or managed identity)",
        authority,
        settings.signInTimeout().multipliedBy(2));
  }

  private static Choice choice(
      TokenCredential credential, String who, String authority, Duration timeout) {
    SignIn signIn = new SignIn(credential, who, authority, timeout);
    return new Choice(signIn, signIn.describe());
  }
}
