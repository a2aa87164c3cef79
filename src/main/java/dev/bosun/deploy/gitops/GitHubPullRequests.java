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
import java.util.Map;

/**
 * {@link PullRequests} over GitHub's REST API (https://docs.github.com/en/rest/pulls/pulls), with
 * the {@code gitops-token} as a bearer token (it needs {@code pull-requests: write} besides {@code
 * contents: write}).
 */
public final class GitHubPullRequests implements PullRequests {

  static final String SYSTEM = "GitHub pull requests";
  private static final ObjectMapper JSON = Json.mapper();

  private final String api;
  private final String repository;
  private final String token;
  private final HttpRetry http;

  /**
   * @param api GitHub's API base ({@code https://api.github.com}, or GHES's {@code /api/v3})
   * @param repository owner/name of the GitOps repository
   */
  public GitHubPullRequests(String api, String repository, String token, HttpRetry http) {
    this.api = api.replaceAll("/+$", "");
    this.repository = repository;
    this.token = token;
    this.http = http;
  }

  @Override
  public PullRequest open(String head, String base, String title, String body) {
    String path = "/repos/" + repository + "/pulls";
    Answer a = send("POST", path, Map.of("title", title, "head", head, "base", base, "body", body));
    if (a.code() == 201) {
      return parse(a.json());
    }
    if (a.code() == 422 && a.text().contains("A pull request already exists")) {
      // a re-run pushed the same branch again: its open pull request now shows the new commit
      String owner = repository.substring(0, repository.indexOf('/'));
      Answer list =
          send(
              "GET",
              path + "?state=open&base=" + enc(base) + "&head=" + enc(owner + ":" + head),
              null);
      if (list.code() == 200 && list.json().isArray() && !list.json().isEmpty()) {
        return parse(list.json().get(0));
      }
    }
    throw failure("POST " + path, a);
  }

  @Override
  public PullRequest get(long number) {
    String path = "/repos/" + repository + "/pulls/" + number;
    Answer a = send("GET", path, null);
    if (a.code() != 200) {
      throw failure("GET " + path, a);
    }
    return parse(a.json());
  }

  @Override
  public void close(long number) {
    String path = "/repos/" + repository + "/pulls/" + number;
    Answer a = send("PATCH", path, Map.of("state", "closed"));
    if (a.code() != 200) {
      throw failure("PATCH " + path, a);
    }
  }

  private static PullRequest parse(JsonNode pr) {
    return new PullRequest(
        pr.path("number").asLong(),
        pr.path("html_url").asText(""),
        pr.path("state").asText(""),
        pr.path("merged").asBoolean(false)
            || !pr.path("merged_at").isMissingNode() && !pr.path("merged_at").isNull(),
        pr.path("merge_commit_sha").asText(""));
  }

  private record Answer(int code, String text, JsonNode json) {}

  private Answer send(String method, String path, Map<String, String> body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(api + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/vnd.github+json")
            .header("X-GitHub-Api-Version", "2022-11-28");
    try {
      request.method(
          method,
          body == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    } catch (IOException e) {
      throw new OutsideSystemException(SYSTEM, "Cannot write the request: " + e.getMessage(), e);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    HttpResponse<InputStream> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    String text = CappedBody.read(response, CappedBody.DEFAULT_CAP, SYSTEM);
    JsonNode json;
    try {
      json = text.isBlank() ? JSON.nullNode() : JSON.readTree(text);
    } catch (IOException e) {
      json = JSON.nullNode();
    }
    return new Answer(response.statusCode(), text, json);
  }

  private OutsideSystemException failure(String what, Answer a) {
    String message = a.json().path("message").asText("(no message)");
    for (JsonNode e : a.json().path("errors")) {
      if (e.hasNonNull("message")) {
        message += "; " + e.path("message").asText();
      }
    }
    if (message.length() > 300) {
      message = message.substring(0, 297) + "...";
    }
    return new OutsideSystemException(
        SYSTEM,
        "GitHub answered "
            + what
            + " with HTTP "
            + a.code()
            + ": "
            + message
            + switch (a.code()) {
              case 401 -> ". Check gitops-token: it must be a current token.";
              case 403, 404 ->
                  ". Check pull-request.repository ("
                      + repository
                      + ") and that gitops-token may open pull requests there (pull-requests: "
                      + "write).";
              default -> "";
            });
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
