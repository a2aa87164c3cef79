package dev.bosun.image.login;

import dev.bosun.image.registry.RegistryCredential;
import dev.bosun.image.registry.RegistryCredentials;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The credential for each registry a run touches, worked out once per registry from the login
 * inputs: a password, GHCR with the GitHub token, ACR through OIDC (Entra token, then the ACR
 * exchange), or the runner's docker config.
 */
public final class RegistryLogin implements RegistryCredentials {

  /**
   * The Entra scope for the ACR exchange in the public cloud: an ARM token, as {@code az acr login}
   * uses.
   */
  public static final String ACR_SCOPE = "https://management.azure.com/.default";

  private final LoginRequest request;
  private final EntraTokenSource entra;
  private final AcrTokenExchange acr;
  private final RegistryCredentials fallback;
  private final Map<String, Optional<RegistryCredential>> cache = new ConcurrentHashMap<>();

  /**
   * @param fallback credentials the runner already has (a docker config.json), used when no login
   *     input applies
   */
  public RegistryLogin(
      LoginRequest request,
      EntraTokenSource entra,
      AcrTokenExchange acr,
      RegistryCredentials fallback) {
    this.request = request;
    this.entra = entra;
    this.acr = acr;
    this.fallback = fallback;
  }

  @Override
  public Optional<RegistryCredential> forRegistry(String registry) {
    return cache.computeIfAbsent(registry, this::login);
  }

  /**
   * True when bosun itself logs in to {@code registry} (rather than leaving it to the runner's
   * docker config).
   */
  public boolean logsIn(String registry) {
    return request.effectiveMode(registry) != LoginMode.NONE
        || fallback instanceof CloudLogins cloud && cloud.handles(registry);
  }

  /** How {@code registry} will be logged in to, for the plan: no call is made. */
  public String describe(String registry) {
    return switch (request.effectiveMode(registry)) {
      case PASSWORD -> "user " + request.username().orElseThrow();
      case GHCR -> "GitHub token of " + request.githubActor();
      case ACR ->
          "OIDC as Entra app " + request.azureClientId().orElseThrow() + " (ACR token exchange)";
      default ->
          fallback instanceof CloudLogins cloud
              ? cloud.describe(registry)
              : fallback instanceof DockerConfigCredentials files
                  ? files.describe()
                  : "the docker config's login, or anonymous";
    };
  }

  private Optional<RegistryCredential> login(String registry) {
    return switch (request.effectiveMode(registry)) {
      case PASSWORD ->
          Optional.of(
              new RegistryCredential(
                  request.username().orElseThrow(), request.password().orElseThrow()));
      case GHCR ->
          Optional.of(
              new RegistryCredential(request.githubActor(), request.githubToken().orElseThrow()));
      case ACR -> {
        String tenant = request.azureTenantId().orElseThrow();
        String token =
            entra.accessToken(
                tenant, request.azureClientId().orElseThrow(), request.azureCloud().acrScope());
        yield Optional.of(acr.exchange(registry, tenant, token));
      }
      default -> fallback.forRegistry(registry);
    };
  }
}
