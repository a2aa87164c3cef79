package dev.bosun.deploy.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bosun.image.registry.RegistryCredential;
import dev.bosun.image.registry.RegistryCredentials;
import dev.bosun.support.HttpRetry;
import dev.bosun.support.OutsideSystemException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Signs in to Azure Container Registry with the same Entra identity that deploys, as {@code az acr login} does:
 * an Entra access token is exchanged at {@code https://<registry>/oauth2/exchange} for an ACR refresh token, which
 * is then the password of the fixed user {@code 00000000-0000-0000-0000-000000000000}. No registry secret is stored.
 */
public final class AcrCredentials implements RegistryCredentials {

  /** The user name ACR expects with a refresh token as password. */
  public static final String TOKEN_USER = "00000000-0000-0000-0000-000000000000";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Supplier<TokenCredential> credential;
  private final AzureSettings settings;
  private final Optional<String> tenantId;
  private final HttpRetry http;
  private final Predicate<String> isAcr;
  private final Consumer<String> mask;
  private final Map<String, RegistryCredential> exchanged = new ConcurrentHashMap<>();

  public AcrCredentials(Supplier<TokenCredential> credential, AzureSettings settings, Optional<String> tenantId,
      HttpRetry http, Predicate<String> isAcr, Consumer<String> mask) {
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
    return host.endsWith(".azurecr.io") || host.endsWith(".azurecr.cn") || host.endsWith(".azurecr.us");
  }

  @Override
  public Optional<RegistryCredential> forRegistry(String registry) {
    if (!isAcr.test(registry)) {
      return Optional.empty();
    }
    return Optional.of(exchanged.computeIfAbsent(registry, this::exchange));
  }

  private RegistryCredential exchange(String registry) {
    String scope = settings.environment().getResourceManagerEndpoint().replaceAll("/*$", "/") + ".default";
    String aad = credential.get().getTokenSync(new TokenRequestContext().addScopes(scope)).getToken();
    mask.accept(aad);
    StringBuilder form = new StringBuilder("grant_type=access_token&service=").append(enc(registry));
    tenantId.ifPresent(t -> form.append("&tenant=").append(enc(t)));
    form.append("&access_token=").append(enc(aad));
    String scheme = registry.startsWith("localhost") || registry.startsWith("127.0.0.1") ? "http" : "https";
    HttpRequest request = HttpRequest.newBuilder(URI.create(scheme + "://" + registry + "/oauth2/exchange"))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new OutsideSystemException("registry", registry + " refused the Entra token for a registry token (HTTP "
          + response.statusCode() + "). Give the deploying identity the 'AcrPull' role on the registry, or set "
          + "registry-username and registry-password.");
    }
    try {
      String refresh = JSON.readTree(response.body()).path("refresh_token").asText("");
      if (refresh.isEmpty()) {
        throw new OutsideSystemException("registry", registry + "'s token exchange answered without a refresh_token");
      }
      mask.accept(refresh);
      return new RegistryCredential(TOKEN_USER, refresh);
    } catch (IOException e) {
      throw new OutsideSystemException("registry", registry + "'s token exchange did not answer JSON", e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
