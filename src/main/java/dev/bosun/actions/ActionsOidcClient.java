package dev.bosun.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bosun.support.HttpClients;
import dev.bosun.support.HttpRetry;
import dev.bosun.support.Json;
import dev.bosun.support.OutsideSystemException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The runner's token endpoint, called as {@code @actions/core}'s {@code getIDToken} does: {@code
 * GET $ACTIONS_ID_TOKEN_REQUEST_URL&audience=…} with the request token as Bearer. The token is
 * masked at once.
 */
public final class ActionsOidcClient implements OidcTokenClient {

  private static final ObjectMapper JSON = Json.mapper();
  private final ActionEnv env;
  private final Log log;
  private final HttpRetry http;

  public ActionsOidcClient(ActionEnv env, Log log, HttpClient client, Duration deadline) {
    this.env = env;
    this.log = log;
    this.http = HttpRetry.standard(client, "GitHub OIDC", deadline, log::info);
  }

  /** How long a token request may take, retries included. */
  public static final Duration DEADLINE = Duration.ofSeconds(60);

  public ActionsOidcClient(ActionEnv env, Log log) {
    this(env, log, HttpClients.standard(), DEADLINE);
  }

  @Override
  public Optional<IdToken> token(String audience) {
    Optional<String> url = env.oidcRequestUrl();
    Optional<String> bearer = env.oidcRequestToken();
    if (url.isEmpty() || bearer.isEmpty()) {
      return Optional.empty();
    }
    log.addMask(bearer.get());
    String full =
        url.get()
            + (audience == null || audience.isEmpty()
                ? ""
                : (url.get().contains("?") ? "&" : "?")
                    + "audience="
                    + URLEncoder.encode(audience, StandardCharsets.UTF_8));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(full))
            .timeout(Duration.ofSeconds(15))
            .header("Authorization", "Bearer " + bearer.get())
            .header("Accept", "application/json; api-version=2.0")
            .GET()
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new OutsideSystemException(
          "oidc",
          "The Actions OIDC endpoint answered HTTP "
              + response.statusCode()
              + ". Check that the job has 'permissions: id-token: write'.");
    }
    try {
      JsonNode body = JSON.readTree(response.body());
      String value = body.path("value").asText("");
      if (value.isEmpty()) {
        throw new OutsideSystemException("oidc", "The Actions OIDC response has no 'value' field");
      }
      log.addMask(value);
      return Optional.of(IdToken.parse(value));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new OutsideSystemException("oidc", "The Actions OIDC response is not JSON", e);
    }
  }
}
