package dev.bosun.deploy.gitops;

import dev.bosun.actions.Log;
import dev.bosun.support.Backoff;
import dev.bosun.support.HttpRetry;
import dev.bosun.support.Sleeper;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Makes the GitOps target's clients: the clone of the repository, the Argo CD API and GitHub's pull
 * requests, with the run's URL.
 */
public record GitOpsClients(
    Optional<String> runUrl, String githubApi, HttpClient http, Clock clock, Sleeper sleeper) {

  /** GitHub's pull-request API on the GitOps repository {@code repository} (owner/name). */
  public PullRequests pullRequests(String repository, String token, Log log) {
    return new GitHubPullRequests(
        githubApi,
        repository,
        token,
        new HttpRetry(
            http,
            GitHubPullRequests.SYSTEM,
            Backoff.standard(),
            Duration.ofMinutes(1),
            4,
            sleeper,
            clock,
            log::info));
  }

  public GitOpsRepo clone(String url, String branch, JGitRepo.Auth auth, Log log) {
    return JGitRepo.open(url, branch, 1, auth, log::info);
  }

  public ArgoCd argoCd(URI server, String token, Log log) {
    return new ArgoCdRest(
        server,
        token,
        new HttpRetry(
            http,
            ArgoCdRest.SYSTEM,
            Backoff.standard(),
            Duration.ofMinutes(1),
            4,
            sleeper,
            clock,
            log::info));
  }
}
