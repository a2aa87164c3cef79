package dev.bosun.deploy;

import com.azure.core.credential.TokenCredential;
import dev.bosun.actions.ActionRuntime;
import dev.bosun.deploy.azure.AcrCredentials;
import dev.bosun.deploy.azure.AzureSettings;
import dev.bosun.image.registry.RegistryClient;
import dev.bosun.image.registry.RegistryCredential;
import dev.bosun.image.registry.RegistryCredentials;
import dev.bosun.support.HttpClients;
import dev.bosun.support.HttpRetry;
import dev.bosun.support.Sleeper;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** The registry and smoke adapters used outside tests. */
final class ProductionAdapters {

  private ProductionAdapters() {}

  /**
   * The registry client, signed in with registry-username/registry-password when given; else, for
   * an Azure Container Registry with Azure sign-in configured, with the deploying identity; else
   * anonymous.
   */
  static ImageInspector images(
      ActionRuntime runtime, DeploySystems.Access access, Supplier<TokenCredential> azure) {
    return new RegistryImages(
        new RegistryClient(
            credentials(
                runtime,
                access,
                azure,
                AcrCredentials::isAcrHost,
                AzureSettings.of(access.azureCloud()),
                HttpClients.standard()),
            runtime.log()::info));
  }

  static RegistryCredentials credentials(
      ActionRuntime runtime,
      DeploySystems.Access access,
      Supplier<TokenCredential> azure,
      Predicate<String> isAcr,
      AzureSettings settings,
      HttpClient client) {
    Optional<RegistryCredential> given =
        access
            .registryUsername()
            .flatMap(
                user ->
                    access
                        .registryPassword()
                        .map(password -> new RegistryCredential(user, password)));
    if (given.isPresent()) {
      return registry -> given;
    }
    return new AcrCredentials(
        azure,
        settings,
        access.azureTenantId(),
        HttpRetry.standard(client, "registry", Duration.ofMinutes(1), runtime.log()::info),
        isAcr,
        runtime.log()::addMask);
  }

  static SmokeRunner smoke(ActionRuntime runtime) {
    return new EngineSmokeRunner(runtime, Sleeper.REAL, Clock.systemUTC());
  }
}
