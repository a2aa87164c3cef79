package dev.bosun.deploy;

import dev.bosun.actions.ActionRuntime;
import dev.bosun.actions.ActionsOidcClient;
import dev.bosun.actions.OidcTokenClient;
import dev.bosun.deploy.azure.ArmContainerApps;
import dev.bosun.deploy.azure.AzureCredentials;
import dev.bosun.deploy.azure.AzureSettings;
import dev.bosun.deploy.github.GitHubLedger;
import dev.bosun.support.HttpRetry;
import dev.bosun.support.Sleeper;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Builds the deploy service's outside systems from the run's inputs. Production uses the public cloud and real
 * clients; tests swap in WireMock endpoints, a fake clock and fast polling through the same constructor.
 */
public record DeployWiring(
    AzureSettings azure,
    Clock clock,
    Sleeper sleeper,
    DeployService.Polling polling,
    HttpClient http,
    BiFunction<ActionRuntime, Access, ImageInspector> images,
    Function<ActionRuntime, SmokeRunner> smoke) {

  /** Where to sign in and which repository the deployments are recorded in. */
  public record Access(Optional<String> azureClientId, Optional<String> azureTenantId,
      Optional<String> azureClientSecret, Optional<String> githubToken, String repository,
      Optional<String> registryUsername, Optional<String> registryPassword) {}

  public static DeployWiring standard() {
    return new DeployWiring(AzureSettings.publicCloud(), Clock.systemUTC(), Sleeper.REAL,
        DeployService.Polling.standard(),
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NORMAL)
            .build(),
        ProductionAdapters::images, ProductionAdapters::smoke);
  }

  public OidcTokenClient oidc(ActionRuntime runtime) {
    return new ActionsOidcClient(runtime.env(), runtime.log(), http, Duration.ofSeconds(60));
  }

  public DeployService service(ActionRuntime runtime, Access access) {
    OidcTokenClient oidc = oidc(runtime);
    return new DeployService(arm(runtime, access, oidc), ledger(runtime, access), images.apply(runtime, access), oidc,
        smoke.apply(runtime), clock, sleeper, runtime.log(), polling);
  }

  public StatusService status(ActionRuntime runtime, Access access) {
    HttpRetry probe = new HttpRetry(http, "/api/version", dev.bosun.support.Backoff.standard(), Duration.ofSeconds(20),
        2, sleeper, clock, runtime.log()::info);
    return new StatusService(arm(runtime, access, oidc(runtime)), ledger(runtime, access),
        images.apply(runtime, access), new VersionProbe(probe));
  }

  private ContainerApps arm(ActionRuntime runtime, Access access, OidcTokenClient oidc) {
    boolean oidcAvailable = runtime.env().oidcRequestUrl().isPresent() && runtime.env().oidcRequestToken().isPresent();
    return new ArmContainerApps(() -> {
      AzureCredentials.Choice choice = AzureCredentials.choose(access.azureClientId(), access.azureTenantId(),
          access.azureClientSecret(), oidcAvailable, oidc, azure);
      runtime.log().info("Azure sign-in: " + choice.description());
      return choice.credential();
    }, access.azureTenantId().orElse(null), azure);
  }

  private DeploymentLedger ledger(ActionRuntime runtime, Access access) {
    return access.githubToken()
        .<DeploymentLedger>map(token -> new GitHubLedger(runtime.env().apiUrl(), access.repository(), token,
            new HttpRetry(http, "GitHub", dev.bosun.support.Backoff.standard(), Duration.ofMinutes(2), 6, sleeper,
                clock, runtime.log()::info)))
        .orElseGet(MissingTokenLedger::new);
  }
}
