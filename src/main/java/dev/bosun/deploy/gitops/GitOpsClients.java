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
 * Makes the GitOps target's clients: the clone of the repository and the Argo CD API, with the
 * run's URL.
 */
public record GitOpsClients(
    Optional<String> runUrl, HttpClient http, Clock clock, Sleeper sleeper) {

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
