package dev.bosun.image.login;

import dev.bosun.azure.AzureCloud;
import dev.bosun.support.BadInputException;
import java.util.Optional;

/**
 * The login inputs, checked together.
 *
 * @param registry the registry the image goes to (the credentials are for it)
 * @param username {@code registry-username}, or empty
 * @param password {@code registry-password}, or empty
 * @param githubToken {@code github-token} (default {@code GITHUB_TOKEN}), or empty
 * @param githubActor the user the GitHub token belongs to, as GHCR's user name
 * @param azureClientId the Entra app (or managed identity) trusted for this repository's OIDC
 *     tokens, or empty
 * @param azureTenantId its tenant, or empty
 * @param azureCloud the cloud of the Entra sign-in for ACR ({@code azure-environment})
 */
public record LoginRequest(
    LoginMode mode,
    String registry,
    Optional<String> username,
    Optional<String> password,
    Optional<String> githubToken,
    String githubActor,
    Optional<String> azureClientId,
    Optional<String> azureTenantId,
    AzureCloud azureCloud) {

  /** A login in the public Azure cloud. */
  public LoginRequest(
      LoginMode mode,
      String registry,
      Optional<String> username,
      Optional<String> password,
      Optional<String> githubToken,
      String githubActor,
      Optional<String> azureClientId,
      Optional<String> azureTenantId) {
    this(
        mode,
        registry,
        username,
        password,
        githubToken,
        githubActor,
        azureClientId,
        azureTenantId,
        AzureCloud.AZURE_CLOUD);
  }

  public LoginRequest {
    if (username.isPresent() != password.isPresent()) {
      throw new BadInputException(
          username.isPresent() ? "registry-password" : "registry-username",
          "registry-username and registry-password go together; give both or neither");
    }
    if (azureClientId.isPresent() != azureTenantId.isPresent()) {
      throw new BadInputException(
          azureClientId.isPresent() ? "azure-tenant-id" : "azure-client-id",
          "azure-client-id and azure-tenant-id go together; give both for an ACR login through OIDC");
    }
    switch (mode) {
      case PASSWORD -> {
        if (username.isEmpty()) {
          throw new BadInputException(
              "registry-username",
              "login: password needs registry-username and " + "registry-password");
        }
      }
      case GHCR -> {
        if (githubToken.isEmpty()) {
          throw new BadInputException(
              "github-token",
              "login: ghcr needs a token: set github-token: "
                  + "${{ secrets.GITHUB_TOKEN }} and give the job 'permissions: packages: write'");
        }
      }
      case ACR -> {
        if (azureClientId.isEmpty()) {
          throw new BadInputException(
              "azure-client-id",
              "login: acr needs azure-client-id and azure-tenant-id (the "
                  + "Entra app with a federated credential for this repository) and 'permissions: id-token: write'");
        }
      }
      default -> {}
    }
    // effectiveMode(registry) == ACR, from the parameters: the fields are not set yet
    if (mode == LoginMode.ACR
        || mode == LoginMode.AUTO
            && username.isEmpty()
            && isAcr(registry)
            && azureClientId.isPresent()) {
      azureCloud.checkRegistry(AzureCloud.INPUT, registry);
    }
  }

  /** The mode {@code auto} resolves to for {@code forRegistry}. */
  public LoginMode effectiveMode(String forRegistry) {
    if (mode != LoginMode.AUTO) {
      return forRegistry.equals(registry) || mode == LoginMode.ACR && isAcr(forRegistry)
          ? mode
          : LoginMode.NONE;
    }
    if (forRegistry.equals(registry) && username.isPresent()) {
      return LoginMode.PASSWORD;
    }
    if (forRegistry.equals("ghcr.io") && githubToken.isPresent()) {
      return LoginMode.GHCR;
    }
    if (isAcr(forRegistry) && azureClientId.isPresent()) {
      return LoginMode.ACR;
    }
    return LoginMode.NONE;
  }

  static boolean isAcr(String registry) {
    return registry.matches("[a-z0-9-]+\\.azurecr\\.(io|cn|us)");
  }

  @Override
  public String toString() {
    return "LoginRequest[mode="
        + mode
        + ", registry="
        + registry
        + ", username="
        + username.orElse("")
        + "]";
  }
}
