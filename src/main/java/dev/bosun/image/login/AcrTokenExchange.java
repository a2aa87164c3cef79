package dev.bosun.image.login;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bosun.image.registry.RegistryClient;
import dev.bosun.image.registry.RegistryCredential;
import dev.bosun.support.HttpRetry;
import dev.bosun.support.Json;
import dev.bosun.support.OutsideSystemException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Trades an Entra ID access token for an ACR refresh token at {@code
 * https://<registry>/oauth2/exchange} (ACR's documented exchange); the refresh token is then the
 * password of the fixed user {@value #ACR_USER}, exactly as {@code az acr login} does.
 */
public final class AcrTokenExchange {

  /** The user name ACR expects with a refresh token. */
  public static final String ACR_USER = "00000000-0000-0000-0000-000000000000";

  private static final ObjectMapper JSON = Json.mapper();
  private final HttpRetry http;
  private final Consumer<String> mask;

  public AcrTokenExchange(HttpRetry http, Consumer<String> mask) {
    this.http = http;
    this.mask = mask;
  }

  /**
   * Exchanges {@code entraToken}; {@code tenantId} may be null, as ACR then takes the token's own
   * tenant.
   */
  public RegistryCredential exchange(String registry, String tenantId, String entraToken) {
    String form =
        "grant_type=access_token&service="
            + enc(registry)
            + (tenantId == null || tenantId.isBlank() ? "" : "&tenant=" + enc(tenantId))
            + "&access_token="
            + enc(entraToken);
    String scheme = RegistryClient.isPlainHttp(registry) ? "http" : "https";
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(scheme + "://" + registry + "/oauth2/exchange"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new OutsideSystemException(
          "acr",
          registry
              + " refused the token exchange (HTTP "
              + response.statusCode()
              + "). The Entra identity needs the AcrPull role on the registry to read images, AcrPush to push them"
              + detail(response.body()));
    }
    try {
      JsonNode body = JSON.readTree(response.body());
      String refresh = body.path("refresh_token").asText("");
      if (refresh.isEmpty()) {
        throw new OutsideSystemException(
            "acr", registry + " answered the token exchange without a refresh_token");
      }
      mask.accept(refresh);
      return new RegistryCredential(ACR_USER, refresh);
    } catch (IOException e) {
      throw new OutsideSystemException(
          "acr", registry + " answered the token exchange with something not JSON", e);
    }
  }

  private static String detail(String body) {
    try {
      JsonNode json = JSON.readTree(body == null ? "" : body);
      JsonNode errors = json.path("errors");
      if (errors.isArray() && !errors.isEmpty()) {
        return ": " + errors.get(0).path("message").asText();
      }
      return json.has("error") ? ": " + json.path("error").asText() : "";
    } catch (IOException e) {
      return "";
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
