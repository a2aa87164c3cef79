package dev.bosun.image;

import dev.bosun.actions.ActionEnv;
import dev.bosun.actions.ActionRuntime;
import dev.bosun.actions.ActionsOidcClient;
import dev.bosun.azure.SignIn;
import dev.bosun.image.build.Buildah;
import dev.bosun.image.build.DockerBuildx;
import dev.bosun.image.build.ImageBuilder;
import dev.bosun.image.build.ProcessRunner;
import dev.bosun.image.login.AcrTokenExchange;
import dev.bosun.image.login.AzureIdentityTokenSource;
import dev.bosun.image.login.CloudLogins;
import dev.bosun.image.login.DockerConfigCredentials;
import dev.bosun.image.login.LoginRequest;
import dev.bosun.image.login.RegistryAuth;
import dev.bosun.image.login.RegistryLogin;
import dev.bosun.image.registry.RegistryClient;
import dev.bosun.image.registry.RegistryCredential;
import dev.bosun.support.HttpClients;
import dev.bosun.support.HttpRetry;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outside systems one run talks to: {@link #real} in production, replaced in tests.
 *
 * @param builders {@code docker} and {@code buildah}
 * @param registry the registry API client, logging in through {@code login}
 * @param dockerConfig the runner's docker config directory, copied into the temporary one
 * @param extraRegistries the registries {@code registry-auth} logs in to; a build's docker config
 *     gets them too
 * @param clients the HTTP clients made for this run, closed by {@link #close}
 */
public record ImageSystems(
    Map<String, ImageBuilder> builders,
    RegistryClient registry,
    RegistryLogin login,
    Optional<Path> dockerConfig,
    List<String> extraRegistries,
    List<HttpClient> clients)
    implements AutoCloseable {

  public ImageSystems {
    extraRegistries = List.copyOf(extraRegistries);
    clients = List.copyOf(clients);
  }

  /** Systems whose clients the caller owns (tests). */
  public ImageSystems(
      Map<String, ImageBuilder> builders,
      RegistryClient registry,
      RegistryLogin login,
      Optional<Path> dockerConfig,
      List<String> extraRegistries) {
    this(builders, registry, login, dockerConfig, extraRegistries, List.of());
  }

  /**
   * Stops the HTTP clients' selector threads. An idle client's selector thread sits in {@code
   * epoll_wait}, and at exit the JVM waits up to 300 ms for threads still in native code: without
   * this a promotion, a few round trips, paid 300 ms more at exit.
   */
  @Override
  public void close() {
    for (HttpClient client : clients) {
      client.shutdownNow();
      try {
        client.awaitTermination(Duration.ofSeconds(1));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Makes the outside systems for one run from its login inputs: {@link #real}, or a test's own.
   */
  @FunctionalInterface
  public interface Factory {
    ImageSystems make(
        ActionRuntime runtime,
        LoginRequest login,
        CloudLogins.Settings cloud,
        Map<String, RegistryCredential> registryAuth,
        Duration buildTimeout);
  }

  /** The real adapters; making them calls nothing, so a dry run stays silent. */
  public static ImageSystems real(
      ActionRuntime runtime,
      LoginRequest loginRequest,
      CloudLogins.Settings cloud,
      Map<String, RegistryCredential> registryAuth,
      Duration buildTimeout) {
    ActionEnv env = runtime.env();
    ProcessRunner runner = ProcessRunner.real(env.all(), runtime.log(), buildTimeout);
    // one client for the sign-in APIs (GitHub's OIDC, ACR's token exchange, the clouds' STS) and
    // one for the registry, both closed by close(): each client runs a selector thread
    HttpClient signIn = HttpClients.standard();
    HttpClient registryHttp = RegistryClient.httpClient();
    ActionsOidcClient oidc =
        new ActionsOidcClient(env, runtime.log(), signIn, ActionsOidcClient.DEADLINE);
    AzureIdentityTokenSource entra =
        new AzureIdentityTokenSource(
            oidc,
            loginRequest.azureCloud().authorityHost(),
            loginRequest.azureCloud().federationAudience(),
            null,
            runtime.log()::addMask,
            SignIn.DEFAULT_TIMEOUT);
    AcrTokenExchange acr =
        new AcrTokenExchange(
            HttpRetry.standard(signIn, "ACR", Duration.ofMinutes(2), runtime.log()::info),
            runtime.log()::addMask);
    Optional<Path> dockerConfig =
        env.get("DOCKER_CONFIG")
            .map(Path::of)
            .or(() -> env.get("HOME").map(h -> Path.of(h, ".docker")));
    List<Path> authFiles = new java.util.ArrayList<>();
    env.get("REGISTRY_AUTH_FILE").map(Path::of).ifPresent(authFiles::add);
    dockerConfig.map(d -> d.resolve("config.json")).ifPresent(authFiles::add);
    env.get("XDG_RUNTIME_DIR")
        .map(d -> Path.of(d, "containers", "auth.json"))
        .ifPresent(authFiles::add);
    CloudLogins clouds =
        new CloudLogins(
            cloud,
            CloudLogins.Endpoints.of(env.all()),
            oidc,
            HttpRetry.standard(signIn, "cloud sign-in", Duration.ofMinutes(2), runtime.log()::info),
            runtime.log()::addMask,
            new RegistryAuth(registryAuth, new DockerConfigCredentials(authFiles)),
            java.time.Clock.systemUTC(),
            "bosun-" + env.get("GITHUB_RUN_ID").orElse("local"));
    RegistryLogin registryLogin = new RegistryLogin(loginRequest, entra, acr, clouds);
    RegistryClient registry = new RegistryClient(registryHttp, registryLogin, runtime.log()::info);
    return new ImageSystems(
        Map.of("docker", new DockerBuildx(runner), "buildah", new Buildah(runner)),
        registry,
        registryLogin,
        dockerConfig,
        List.copyOf(registryAuth.keySet()),
        List.of(signIn, registryHttp));
  }
}
