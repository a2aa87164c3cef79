package dev.bosun.notify;

import dev.bosun.actions.ActionRuntime;
import dev.bosun.support.HttpClients;
import dev.bosun.support.HttpRetry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * notify-slack's outside systems: {@link #real} in production, replaced in tests.
 *
 * @param clock the time for durations and the notification's budget
 * @param http the HTTP client for Slack and GitHub, given the whole notification's timeout
 */
public record NotifySystems(Clock clock, Function<Duration, HttpClient> http) {

  /**
   * The JDK client; Slack answers are never redirected (a webhook URL is a secret, not to be sent
   * elsewhere).
   */
  public static NotifySystems real(ActionRuntime runtime) {
    return new NotifySystems(
        Clock.systemUTC(),
        timeout ->
            HttpClients.builder()
                .connectTimeout(HttpSlack.min(timeout, Duration.ofSeconds(5)))
                .build());
  }

  /**
   * The notifier for one run: Slack over HTTP, and GitHub's REST API when a token is given. {@code
   * timeout} bounds the whole notification: the commit lookup may use half of it, so the message
   * itself always keeps the other half.
   */
  public SlackNotifier notifier(
      Duration timeout,
      Optional<String> githubToken,
      String githubApiUrl,
      Consumer<String> progress) {
    Instant start = clock.instant();
    Supplier<Duration> overall = () -> left(start.plus(timeout));
    HttpClient client = http.apply(timeout);
    Optional<CommitHistory> history =
        githubToken.map(
            token ->
                new GitHubCommitHistory(
                    left -> HttpRetry.standard(client, "GitHub", left, progress),
                    () -> left(start.plus(timeout.dividedBy(2))),
                    githubApiUrl,
                    token));
    return new SlackNotifier(HttpSlack.create(client, overall, progress), history);
  }

  private Duration left(Instant end) {
    Duration d = Duration.between(clock.instant(), end);
    return d.isNegative() ? Duration.ZERO : d;
  }
}
