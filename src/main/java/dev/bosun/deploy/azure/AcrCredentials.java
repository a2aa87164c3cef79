package dev.bosun.deploy.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import dev.bosun.image.login.AcrTokenExchange;
import dev.bosun.image.registry.RegistryCredential;
import dev.bosun.image.registry.RegistryCredentials;
import dev.bosun.support.HttpRetry;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Signs in to Azure Container Registry with the same Entra identity that deploys, as {@code az acr
 * login} does: an Entra access token is exchanged at {@code https://<registry>/oauth2/exchange} for
 * an ACR refresh token, which is then the password of the fixed user {@code
 * 00000000-0000-0000-0000-000000000000}. No registry secret is stored.
 */
public final class AcrCredentials implements RegistryCredentials {

  /** The user name ACR expects with a refresh token as password. */
  public static final String TOKEN_USER = AcrTokenExchange.ACR_USER;

  private final Supplier<TokenCredential> credential;
  private final AzureSettings settings;
  private final Optional<String> tenantId;
  private final HttpRetry http;
  private final Predicate<String> isAcr;
  private final Consumer<String> mask;
  private final Map<String, RegistryCredential> exchanged = new ConcurrentHashMap<>();

  public AcrCredentials(
      Supplier<TokenCredential> credential,
      AzureSettings settings,
      Optional<String> tenantId,
      HttpRetry http,
      Predicate<String> isAcr,
      Consumer<String> mask) {
    this.credential = credential;
    this.settings = settings;
    this.tenantId = tenantId;
    this.http = http;
    this.isAcr = isAcr;
    this.mask = mask;
  }

  /** Azure Container Registry hosts in the public and sovereign clouds. */
  public static boolean isAcrHost(String registry) {
    String host = registry.toLowerCase(java.util.Locale.ROOT);
    return host.endsWith(".azurecr.io")
        || host.endsWith(".azurecr.cn")
        || host.endsWith(".azurecr.us");
  }

  @Override
  public Optional<RegistryCredential> forRegistry(String registry) {
    if (!isAcr.test(registry)) {
      return Optional.empty();
    }
    return Optional.of(exchanged.computeIfAbsent(registry, this::exchange));
  }

  private RegistryCredential exchange(String registry) {
    String scope = settings.armScope();
    String aad =
        credential.get().getTokenSync(new TokenRequestContext().addScopes(scope)).getToken();
    mask.accept(aad);
    return new AcrTokenExchange(http, mask).exchange(registry, tenantId.orElse(null), aad);
  }
}
