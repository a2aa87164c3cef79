package dev.bosun.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@link CommitHistory} over GitHub's REST API: list the environment's deployments (newest first),
 * take the first one of another SHA whose latest status is {@code success}, then compare that SHA
 * with this one. Small GETs through {@link HttpRetry}, so they get the same request timeouts and
 * retries as the Slack call.
 */
public final class GitHubCommitHistory implements CommitHistory {

  /** How many recent deployments are searched for the last successful one. */
  static final int DEPLOYMENTS_SEARCHED = 30;

  private static final ObjectMapper JSON = Json.mapper();

  private final Function<Duration, HttpRetry> retries;
  private final Supplier<Duration> budget;
  private final String apiUrl;
  private final String token;

  /**
   * @param retries makes the retrying sender for the time that is left
   * @param budget the time left for the whole lookup, all calls together
   */
  public GitHubCommitHistory(
      Function<Duration, HttpRetry> retries,
      Supplier<Duration> budget,
      String apiUrl,
      String token) {
    this.retries = retries;
    this.budget = budget;
    this.apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
    this.token = token;
  }

  @Override
  public Optional<CommitRange> since(String repository, String environment, String sha) {
    JsonNode deployments =
        get(
            "/repos/"
                + repository
                + "/deployments?environment="
                + URLEncoder.encode(environment, StandardCharsets.UTF_8)
                + "&per_page="
                + DEPLOYMENTS_SEARCHED);
    for (JsonNode deployment : deployments) {
      String deployedSha = deployment.path("sha").asText("");
      if (deployedSha.isEmpty() || deployedSha.equalsIgnoreCase(sha)) {
        continue; // this deploy's own record, or a redeploy of the same commit
      }
      JsonNode statuses =
          get(
              "/repos/"
                  + repository
                  + "/deployments/"
                  + deployment.path("id").asLong()
                  + "/statuses?per_page=1");
      if (statuses.size() > 0 && "success".equals(statuses.get(0).path("state").asText())) {
        return Optional.of(compare(repository, deployedSha, sha));
      }
    }
    return Optional.empty();
  }

  private CommitRange compare(String repository, String base, String head) {
    JsonNode compare = get("/repos/" + repository + "/compare/" + base + "..." + head);
    List<Commit> commits = new ArrayList<>();
    for (JsonNode c : compare.path("commits")) {
      String login = c.path("author").path("login").asText("");
      String name = c.path("commit").path("author").path("name").asText("");
      commits.add(
          0,
          Commit.fromMessage(
              c.path("sha").asText(""),
              c.path("commit").path("message").asText(""),
              login.isEmpty() ? name : login));
    }
    int total = compare.path("total_commits").asInt(commits.size());
    Optional<String> url = Optional.ofNullable(compare.path("html_url").textValue());
    return new CommitRange(commits, Math.max(total, commits.size()), url);
  }

  private JsonNode get(String path) {
    Duration left = budget.get();
    if (left.toMillis() < 100) {
      throw new OutsideSystemException(
          "GitHub", "GitHub did not answer within its share of 'timeout' (half of it)");
    }
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(apiUrl + path))
            .timeout(HttpSlack.min(left, HttpSlack.REQUEST_TIMEOUT))
            .header("Accept", "application/vnd.github+json")
            .header("X-GitHub-Api-Version", "2022-11-28")
            .header("Authorization", "Bearer " + token)
            .GET()
            .build();
    HttpResponse<String> response =
        retries
            .apply(left)
            .send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (response.statusCode() != 200) {
      throw new OutsideSystemException(
          "GitHub",
          "GitHub answered HTTP "
              + response.statusCode()
              + " to GET "
              + HttpRetry.safeUri(request)
              + (response.statusCode() == 404 || response.statusCode() == 403
                  ? " (does 'github-token' have contents: read and deployments: read on this repository?)"
                  : ""));
    }
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new OutsideSystemException(
          "GitHub",
          "GitHub sent a body that is not JSON for GET "
              + HttpRetry.safeUri(request)
              + ": "
              + e.getMessage(),
          e);
    }
  }
}
