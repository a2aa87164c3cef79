package dev.bosun.deploy.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bosun.support.CappedBody;
import dev.bosun.support.HttpRetry;
import dev.bosun.support.Json;
import dev.bosun.support.OutsideSystemException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * {@link ArgoCd} over Argo CD's REST API with a bearer token (an account or project token with get
 * on the app).
 */
public final class ArgoCdRest implements ArgoCd {

  static final String SYSTEM = "Argo CD";
  private static final ObjectMapper JSON = Json.mapper();

  private final URI server;
  private final String token;
  private final HttpRetry http;

  public ArgoCdRest(URI server, String token, HttpRetry http) {
    this.server = server;
    this.token = token;
    this.http = http;
  }

  @Override
  public AppStatus application(String name, boolean refresh) {
    String base = server.toString().replaceAll("/+$", "");
    URI uri =
        URI.create(
            base
                + "/api/v1/applications/"
                + URLEncoder.encode(name, StandardCharsets.UTF_8)
                + (refresh ? "?refresh=normal" : ""));
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<InputStream> response =
        http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    String body = CappedBody.read(response, CappedBody.DEFAULT_CAP, SYSTEM);
    int code = response.statusCode();
    if (code != 200) {
      throw new OutsideSystemException(
          SYSTEM,
          "Argo CD answered GET /api/v1/applications/"
              + name
              + " with HTTP "
              + code
              + ": "
              + message(body)
              + switch (code) {
                case 401 -> ". Check argocd-token: it must be a current Argo CD API token.";
                case 403, 404 ->
                    ". Check argocd.app, and that argocd-token's account may get that application (Argo "
                        + "CD answers 403 or 404 alike when it may not).";
                default -> "";
              });
    }
    try {
      return AppStatus.parse(JSON.readTree(body));
    } catch (IOException e) {
      throw new OutsideSystemException(SYSTEM, "Argo CD answered with something that is not JSON.");
    }
  }

  private static String message(String body) {
    try {
      JsonNode error = JSON.readTree(body);
      String m = error.path("message").asText(error.path("error").asText(""));
      return m.isEmpty() ? "(no message)" : (m.length() > 300 ? m.substring(0, 297) + "..." : m);
    } catch (IOException e) {
      return "(no message)";
    }
  }
}
