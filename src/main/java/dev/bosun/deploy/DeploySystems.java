package dev.bosun.deploy;

import com.azure.core.credential.TokenCredential;
import dev.bosun.actions.ActionRuntime;
import dev.bosun.actions.ActionsOidcClient;
import dev.bosun.actions.OidcTokenClient;
import dev.bosun.azure.AzureCloud;
import dev.bosun.deploy.azure.ArmContainerApps;
import dev.bosun.deploy.azure.AzureCredentials;
import dev.bosun.deploy.azure.AzureSettings;
import dev.bosun.deploy.azure.ContainerApps;
import dev.bosun.deploy.config.EnvironmentSpec;
import dev.bosun.deploy.github.GitHubLedger;
import dev.bosun.deploy.gitops.GitOpsClients;
import dev.bosun.deploy.kubernetes.KubeClients;
import dev.bosun.deploy.kubernetes.Kubeconfig;
import dev.bosun.deploy.target.DeployTarget;
import dev.bosun.deploy.target.Polling;
import dev.bosun.deploy.target.TargetContext;
import dev.bosun.deploy.target.Targets;
import dev.bosun.support.Backoff;
import dev.bosun.support.HttpClients;
import dev.bosun.support.HttpRetry;
import dev.bosun.support.Sleeper;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * deploy-env's outside systems, made from the run's inputs. Production uses the public cloud and
 * real clients; tests swap in WireMock endpoints, a fake clock and fast polling through the same
 * constructor.
 *
 * @param targets the deploy targets by name
 * @param endpoints base URLs by target name for the targets' APIs, set only by tests
 */
public record DeploySystems(
    AzureSettings azure,
    Clock clock,
    Sleeper sleeper,
    Polling polling,
    HttpClient http,
    Images images,
    Function<ActionRuntime, SmokeRunner> smoke,
    Targets targets,
    Map<String, String> endpoints) {

  public DeploySystems {
    endpoints = Map.copyOf(endpoints);
  }

  /** The standard targets on their public endpoints. */
  public DeploySystems(
      AzureSettings azure,
      Clock clock,
      Sleeper sleeper,
      Polling polling,
      HttpClient http,
      Images images,
      Function<ActionRuntime, SmokeRunner> smoke) {
    this(azure, clock, sleeper, polling, http, images, smoke, Targets.STANDARD, Map.of());
  }

  /** The same wiring with a test's base URL for {@code target}'s API. */
  public DeploySystems withEndpoint(String target, String baseUrl) {
    Map<String, String> more = new java.util.HashMap<>(endpoints);
    more.put(target, baseUrl);
    return new DeploySystems(azure, clock, sleeper, polling, http, images, smoke, targets, more);
  }

  /** Makes the registry adapter; it may sign in to ACR with the run's Azure identity. */
  @FunctionalInterface
  public interface Images {
    ImageInspector create(ActionRuntime runtime, Access access, Supplier<TokenCredential> azure);
  }

  /**
   * Where to sign in and which repository the deployments are recorded in.
   *
   * @param targetInputs the inputs only some targets use ({@code ssh-key}), by input name; secrets
   *     already masked
   */
  public record Access(
      Optional<String> azureClientId,
      Optional<String> azureTenantId,
      Optional<String> azureClientSecret,
      Optional<String> githubToken,
      String repository,
      Optional<String> registryUsername,
      Optional<String> registryPassword,
      Map<String, String> targetInputs,
      AzureCloud azureCloud) {

    public Access {
      targetInputs = Map.copyOf(targetInputs);
    }

    /** In the public cloud. */
    public Access(
        Optional<String> azureClientId,
        Optional<String> azureTenantId,
        Optional<String> azureClientSecret,
        Optional<String> githubToken,
        String repository,
        Optional<String> registryUsername,
        Optional<String> registryPassword,
        Map<String, String> targetInputs) {
      this(
          azureClientId,
          azureTenantId,
          azureClientSecret,
          githubToken,
          repository,
          registryUsername,
          registryPassword,
          targetInputs,
          AzureCloud.AZURE_CLOUD);
    }
  }

  public static DeploySystems real() {
    return new DeploySystems(
        AzureSettings.publicCloud(),
        Clock.systemUTC(),
        Sleeper.REAL,
        Polling.standard(),
        HttpClients.builder().followRedirects(HttpClient.Redirect.NORMAL).build(),
        ProductionAdapters::images,
        ProductionAdapters::smoke);
  }

  public OidcTokenClient oidc(ActionRuntime runtime) {
    return new ActionsOidcClient(runtime.env(), runtime.log(), http, Duration.ofSeconds(60));
  }

  public DeployService service(ActionRuntime runtime, Access access) {
    OidcTokenClient oidc = oidc(runtime);
    Supplier<TokenCredential> azureCredential = credential(runtime, access, oidc);
    return new DeployService(
        opener(runtime, access, azureCredential),
        ledger(runtime, access),
        images.create(runtime, access, azureCredential),
        oidc,
        smoke.apply(runtime),
        clock,
        runtime.log());
  }

  public StatusService status(ActionRuntime runtime, Access access) {
    HttpRetry probe =
        new HttpRetry(
            http,
            "/api/version",
            Backoff.standard(),
            Duration.ofSeconds(20),
            2,
            sleeper,
            clock,
            runtime.log()::info);
    Supplier<TokenCredential> azureCredential = credential(runtime, access, oidc(runtime));
    return new StatusService(
        opener(runtime, access, azureCredential),
        ledger(runtime, access),
        images.create(runtime, access, azureCredential),
        new VersionProbe(probe));
  }

  /**
   * The Azure identity, chosen on first use and then shared by ARM and ACR, so a plan without Azure
   * still parses.
   */
  private Supplier<TokenCredential> credential(
      ActionRuntime runtime, Access access, OidcTokenClient oidc) {
    boolean oidcAvailable =
        runtime.env().oidcRequestUrl().isPresent() && runtime.env().oidcRequestToken().isPresent();
    return new Supplier<>() {
      private TokenCredential chosen;

      @Override
      public synchronized TokenCredential get() {
        if (chosen == null) {
          AzureCredentials.Choice choice =
              AzureCredentials.choose(
                  access.azureClientId(),
                  access.azureTenantId(),
                  access.azureClientSecret(),
                  oidcAvailable,
                  oidc,
                  azure.forCloud(access.azureCloud()));
          runtime.log().info("Azure sign-in: " + choice.description());
          chosen = choice.credential();
        }
        return chosen;
      }
    };
  }

  /**
   * Opens an environment's target with this run's context; every client is lazy, so opening calls
   * nothing.
   */
  private Function<EnvironmentSpec, DeployTarget> opener(
      ActionRuntime runtime, Access access, Supplier<TokenCredential> azureCredential) {
    java.nio.file.Path workspace =
        java.nio.file.Path.of(runtime.env().get("GITHUB_WORKSPACE").orElse(""));
    TargetContext context =
        new TargetContext(
            runtime.log(),
            clock,
            sleeper,
            polling,
            http,
            access.targetInputs(),
            endpoints,
            Map.of(
                ContainerApps.class,
                arm(access, azureCredential),
                KubeClients.class,
                new KubeClients(
                    runtime.env().all(), workspace, Kubeconfig.SERVICE_ACCOUNT, clock, sleeper),
                GitOpsClients.class,
                new GitOpsClients(
                    runtime.env().runUrl(), runtime.env().apiUrl(), http, clock, sleeper)));
    return env -> targets.open(env, context);
  }

  private ContainerApps arm(Access access, Supplier<TokenCredential> credential) {
    return new ArmContainerApps(
        credential, access.azureTenantId().orElse(null), azure.forCloud(access.azureCloud()));
  }

  /** The GitHub REST calls, all with bosun's retries. */
  HttpRetry githubHttp(ActionRuntime runtime) {
    return new HttpRetry(
        http,
        "GitHub",
        Backoff.standard(),
        Duration.ofMinutes(2),
        6,
        sleeper,
        clock,
        runtime.log()::info);
  }

  private DeploymentLedger ledger(ActionRuntime runtime, Access access) {
    return access
        .githubToken()
        .<DeploymentLedger>map(
            token ->
                new GitHubLedger(
                    runtime.env().apiUrl(), access.repository(), token, githubHttp(runtime)))
        .orElseGet(MissingTokenLedger::new);
  }
}
