package dev.bosun.deploy.vercel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bosun.support.CappedBody;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@link Vercel} over its REST API with the JDK HttpClient and a Bearer token; every call carries
 * the team when one is configured. Errors ({@code {"error":{"code","message"}}}) become messages
 * that say what to fix.
 */
public final class RestVercel implements Vercel {

  /** Vercel's REST API (https://vercel.com/docs/rest-api). */
  public static final URI PUBLIC_API = URI.create("https://api.vercel.com");

  /** A page of deployments with their metadata is tens of KiB; a project answer a few hundred. */
  static final int MAX_BODY = 4 * 1024 * 1024;

  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  static final String SYSTEM = "vercel";
  private static final ObjectMapper JSON = Json.mapper();

  private final URI base;
  private final String token;
  private final Optional<String> team;
  private final HttpRetry http;

  /**
   * @param team a team id ({@code team_…}, sent as teamId) or slug (sent as slug); empty for a
   *     personal account
   */
  public RestVercel(URI base, String token, Optional<String> team, HttpRetry http) {
    this.base = URI.create(base.toString().replaceAll("/+$", ""));
    this.token = token;
    this.team = team;
    this.http = http;
  }

  @Override
  public List<Deployment> deployments(
      String projectId, Optional<String> sha, Optional<String> state, int limit) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("projectId", projectId);
    query.put("limit", Integer.toString(limit));
    sha.ifPresent(s -> query.put("sha", s));
    state.ifPresent(s -> query.put("state", s));
    JsonNode answer =
        call("list the deployments of project " + projectId, "GET", "/v6/deployments", query);
    List<Deployment> out = new ArrayList<>();
    for (JsonNode d : answer.path("deployments")) {
      Deployment deployment = deployment(d);
      // the filter is the API's, but a deployment from another commit must never be promoted by
      // mistake
      if (sha.isEmpty()
          || deployment.sha().filter(s -> s.equalsIgnoreCase(sha.get())).isPresent()) {
        out.add(deployment);
      }
    }
    return out;
  }

  @Override
  public Deployment deployment(String idOrUrl) {
    String key = idOrUrl.replaceFirst("^https?://", "").replaceAll("/+$", "");
    return deployment(
        call("read deployment " + key, "GET", "/v13/deployments/" + segment(key), Map.of()));
  }

  @Override
  public Project project(String projectId) {
    JsonNode p =
        call("read project " + projectId, "GET", "/v9/projects/" + segment(projectId), Map.of());
    JsonNode production = p.path("targets").path("production");
    JsonNode last = p.path("lastAliasRequest");
    Optional<AliasRequest> request =
        last.isObject()
            ? Optional.of(
                new AliasRequest(
                    last.path("type").asText(""),
                    last.path("toDeploymentId").asText(""),
                    last.path("jobStatus").asText(""),
                    Instant.ofEpochMilli(last.path("requestedAt").asLong(0))))
            : Optional.empty();
    return new Project(
        p.path("id").asText(projectId),
        p.path("name").asText(projectId),
        text(production, "id"),
        request);
  }

  @Override
  public Optional<String> aliasTarget(String projectId, String domain) {
    // a 404 only means the domain is not one of the project's
    JsonNode a =
        call(
            "read where " + domain + " points",
            "GET",
            "/v4/aliases/" + segment(domain),
            Map.of("projectId", projectId),
            true);
    return a == null ? Optional.empty() : text(a, "deploymentId");
  }

  @Override
  public void promote(String projectId, String deploymentId) {
    call(
        "promote deployment " + deploymentId + " of project " + projectId,
        "POST",
        "/v10/projects/" + segment(projectId) + "/promote/" + segment(deploymentId),
        Map.of());
  }

  @Override
  public void rollback(String projectId, String deploymentId, String reason) {
    call(
        "roll project " + projectId + " back to deployment " + deploymentId,
        "POST",
        "/v1/projects/" + segment(projectId) + "/rollback/" + segment(deploymentId),
        Map.of("description", reason));
  }

  private JsonNode call(String what, String method, String path, Map<String, String> query) {
    return call(what, method, path, query, false);
  }

  /** Sends one request; with {@code absentOk} a 404 returns null instead of failing. */
  private JsonNode call(
      String what, String method, String path, Map<String, String> query, boolean absentOk) {
    Map<String, String> q = new LinkedHashMap<>(query);
    team.ifPresent(t -> q.put(t.startsWith("team_") ? "teamId" : "slug", t));
    String qs =
        q.entrySet().stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path + (qs.isEmpty() ? "" : "?" + qs)))
            .timeout(REQUEST_TIMEOUT)
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json");
    // the promote and rollback endpoints want a JSON body, even an empty one
    HttpRequest request =
        "POST".equals(method)
            ? b.header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build()
            : b.GET().build();
    HttpResponse<String> response = http.send(request, CappedBody.ofString(MAX_BODY));
    int status = response.statusCode();
    JsonNode answer;
    try {
      String body = response.body() == null ? "" : response.body();
      answer = body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (IOException e) {
      answer = null;
    }
    if (status >= 200 && status < 300) {
      if (answer == null) {
        throw new OutsideSystemException(
            SYSTEM, "Vercel answered " + what + " with something that is not JSON.");
      }
      return answer;
    }
    JsonNode error = answer == null ? JSON.createObjectNode() : answer.path("error");
    String code = error.path("code").asText("");
    String message = error.path("message").asText("").strip();
    String shown =
        (message.length() > 300 ? message.substring(0, 300) + "…" : message)
            + (code.isEmpty() ? "" : " [" + code + "]");
    if (status == 429) {
      throw new OutsideSystemException(
          SYSTEM,
          "Vercel kept rate limiting bosun (HTTP 429) while trying to "
              + what
              + response
                  .headers()
                  .firstValue("Retry-After")
                  .map(s -> "; it asked to wait " + s + " s more")
                  .orElse("")
              + (shown.isBlank() ? "" : ": " + shown)
              + ". Wait and run again.");
    }
    if (status == 401
        || error.path("invalidToken").asBoolean(false)
        || (status == 403
            && ("forbidden".equals(code) && message.toLowerCase().contains("not authorized")))) {
      throw new OutsideSystemException(
          SYSTEM,
          "Vercel refused the token in 'vercel-token' while trying to "
              + what
              + " (HTTP "
              + status
              + (shown.isBlank() ? "" : ": " + shown)
              + "): it is invalid, expired or revoked, or "
              + "has no access to "
              + team.map(t -> "team " + t).orElse("this account's projects")
              + ". Create a new "
              + "token (Account Settings > Tokens, scoped to the team) and update the secret passed as 'vercel-token'.");
    }
    if (status == 403) {
      throw new OutsideSystemException(
          SYSTEM,
          "Vercel does not let this token "
              + what
              + " (HTTP 403"
              + (shown.isBlank() ? "" : ": " + shown)
              + "). Scope the token to the team that owns the project and set "
              + "'team' in the environments file.");
    }
    if (status == 404) {
      if (absentOk) {
        return null;
      }
      throw new OutsideSystemException(
          SYSTEM,
          "Vercel could not "
              + what
              + ": not found (HTTP 404"
              + (shown.isBlank() ? "" : ": " + shown)
              + "). Check the project id in 'apps' and 'team' in the "
              + "environments file, and the 'deployment' input.");
    }
    throw new OutsideSystemException(
        SYSTEM,
        "Vercel could not "
            + what
            + " (HTTP "
            + status
            + (shown.isBlank() ? "" : ": " + shown)
            + ").");
  }

  /**
   * Reads a deployment as the list ({@code uid}, {@code created}) or the single read ({@code id})
   * gives it.
   */
  private static Deployment deployment(JsonNode d) {
    JsonNode meta = d.path("meta");
    Optional<String> sha =
        text(meta, "githubCommitSha")
            .or(() -> text(meta, "gitlabCommitSha"))
            .or(() -> text(meta, "bitbucketCommitSha"));
    Optional<String> ref =
        text(meta, "githubCommitRef")
            .or(() -> text(meta, "gitlabCommitRef"))
            .or(() -> text(meta, "bitbucketCommitRef"));
    long created = d.path("createdAt").asLong(d.path("created").asLong(0));
    return new Deployment(
        text(d, "uid").or(() -> text(d, "id")).orElse(""),
        d.path("url").asText(""),
        d.path("projectId").asText(""),
        text(d, "readyState").or(() -> text(d, "state")).orElse(""),
        text(d, "target"),
        text(d, "readySubstate"),
        sha,
        ref,
        Instant.ofEpochMilli(created));
  }

  private static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v == null || v.isNull() || !v.isValueNode() || v.asText().isBlank()
        ? Optional.empty()
        : Optional.of(v.asText());
  }
}
