package dev.bosun.notify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bosun.github.GitHubApi;
import dev.bosun.support.HttpRetry;
import dev.bosun.support.OutsideSystemException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@link CommitHistory} over GitHub's REST API: the environment's last successful deployment of
 * another SHA (the same search deploy-env's rollback uses, {@link GitHubApi#lastSuccessful}), then
 * the comparison of that SHA with this one. Small GETs through {@link HttpRetry}, so they get the
 * same request timeouts and retries as the Slack call.
 */
public final class GitHubCommitHistory implements CommitHistory {

  private final Supplier<Duration> budget;
  private final GitHubApi github;

  /**
   * @param retries makes the retrying sender for the time that is left
   * @param budget the time left for the whole lookup, all calls together
   */
  public GitHubCommitHistory(
      Function<Duration, HttpRetry> retries,
      Supplier<Duration> budget,
      String apiUrl,
      String token) {
    this.budget = budget;
    this.github =
        new GitHubApi(
            apiUrl,
            token,
            () -> retries.apply(left()),
            () -> HttpSlack.min(left(), HttpSlack.REQUEST_TIMEOUT),
            "GitHub",
            status ->
                status == 404 || status == 403
                    ? " (does 'github-token' have contents: read and deployments: read on this"
                        + " repository?)"
                    : "");
  }

  /** The commits since the environment's last successful deployment of another commit. */
  @Override
  public Optional<CommitRange> since(String repository, String environment, String sha) {
    // this deploy's own record, or a redeploy of the same commit, is no base to compare with
    return github
        .lastSuccessful(
            repository, environment, d -> !d.sha().isEmpty() && !d.sha().equalsIgnoreCase(sha))
        .map(d -> compare(repository, d.sha(), sha));
  }

  private CommitRange compare(String repository, String base, String head) {
    JsonNode compare = github.getJson("/repos/" + repository + "/compare/" + base + "..." + head);
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

  private Duration left() {
    Duration left = budget.get();
    if (left.toMillis() < 100) {
      throw new OutsideSystemException(
          "GitHub", "GitHub did not answer within its share of 'timeout' (half of it)");
    }
    return left;
  }
}
