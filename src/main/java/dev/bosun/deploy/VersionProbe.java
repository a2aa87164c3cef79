package dev.bosun.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bosun.support.BosunException;
import dev.bosun.support.HttpRetry;
import dev.bosun.support.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Asks a running environment what it is: {@code GET <url>/api/version}, as seed 003's services
 * answer it.
 */
public final class VersionProbe {

  private static final ObjectMapper JSON = Json.mapper();
  private final HttpRetry http;

  public VersionProbe(HttpRetry http) {
    this.http = http;
  }

  /** A short description ("v1.2.3 abc1234, deployed 2025-01-22T10:30:00Z") or why there is none. */
  public String describe(String baseUrl) {
    String url = baseUrl.replaceAll("/+$", "") + "/api/version";
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(Duration.ofSeconds(10))
              .header("Accept", "application/json")
              .GET()
              .build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return "HTTP " + response.statusCode();
      }
      JsonNode body = JSON.readTree(response.body());
      StringBuilder sb = new StringBuilder();
      for (String field : new String[] {"version", "branch"}) {
        if (body.hasNonNull(field)) {
          sb.append(body.get(field).asText()).append(' ');
          break;
        }
      }
      String sha = body.path("commit_sha").asText(body.path("sha").asText(""));
      if (!sha.isEmpty()) {
        sb.append(sha, 0, Math.min(7, sha.length())).append(' ');
      }
      if (body.hasNonNull("deployed_at")) {
        sb.append("deployed ").append(body.get("deployed_at").asText());
      }
      String out = sb.toString().trim();
      return out.isEmpty() ? "answered without version fields" : out;
    } catch (BosunException e) {
      return "unreachable";
    } catch (Exception e) {
      return "not JSON";
    }
  }
}
