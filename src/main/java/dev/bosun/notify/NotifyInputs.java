package dev.bosun.notify;

import dev.bosun.actions.ActionEnv;
import dev.bosun.actions.FileInputs;
import dev.bosun.support.BadInputException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The notify-slack inputs as given, and the one place they are checked and turned into a {@link
 * NotifyRequest}. Every rejection names its input and says what is expected; secret values are
 * never quoted.
 */
public record NotifyInputs(
    String webhookUrl,
    String token,
    String channel,
    String threadTs,
    String updateTs,
    String apiUrl,
    String status,
    String environment,
    String version,
    String sha,
    String environmentUrl,
    String startedAt,
    List<String> commits,
    String githubToken,
    int maxCommits,
    String payload,
    String payloadFile,
    boolean failOnError,
    boolean dryRun,
    String reason,
    String liveVersion,
    String mention) {

  /** Without reason, live version or mention. */
  public NotifyInputs(
      String webhookUrl,
      String token,
      String channel,
      String threadTs,
      String updateTs,
      String apiUrl,
      String status,
      String environment,
      String version,
      String sha,
      String environmentUrl,
      String startedAt,
      List<String> commits,
      String githubToken,
      int maxCommits,
      String payload,
      String payloadFile,
      boolean failOnError,
      boolean dryRun) {
    this(
        webhookUrl,
        token,
        channel,
        threadTs,
        updateTs,
        apiUrl,
        status,
        environment,
        version,
        sha,
        environmentUrl,
        startedAt,
        commits,
        githubToken,
        maxCommits,
        payload,
        payloadFile,
        failOnError,
        dryRun,
        null,
        null,
        null);
  }

  static final int MAX_COMMITS_LIMIT = 50;
  private static final Pattern TS = Pattern.compile("\\d{9,11}\\.\\d{1,9}");
  private static final Pattern SHA = Pattern.compile("[0-9a-fA-F]{7,40}");

  public NotifyRequest toRequest(ActionEnv env, Clock clock) {
    Optional<SlackTarget> target = target();
    Status parsedStatus = Status.parse(status);
    Optional<String> commitSha = present(sha).or(env::sha);
    commitSha.ifPresent(
        s -> {
          if (!SHA.matcher(s).matches()) {
            throw new BadInputException(
                "sha", "Input 'sha' is '" + s + "'; expected a commit SHA (7 to 40 hex digits).");
          }
        });
    Optional<URI> envUrl =
        present(environmentUrl).map(u -> SafeUrl.parse("environment-url", u, false));
    if (maxCommits < 0 || maxCommits > MAX_COMMITS_LIMIT) {
      throw new BadInputException(
          "max-commits",
          "Input 'max-commits' is "
              + maxCommits
              + "; expected 0 to "
              + MAX_COMMITS_LIMIT
              + " (Slack cuts long sections).");
    }
    List<Commit> given =
        commits == null ? List.of() : commits.stream().map(Commit::fromInputLine).toList();
    Optional<NotifyRequest.CommitLookup> lookup = lookup(env, commitSha, given);
    DeployContext context =
        new DeployContext(
            parsedStatus,
            present(environment),
            present(version),
            env.repository(),
            env.serverUrl(),
            commitSha,
            // a laptop run names its user; never "unknown" (issue 19, item 13)
            env.actor()
                .or(() -> env.get("USER"))
                .or(() -> env.get("USERNAME"))
                .filter(a -> !a.isBlank()),
            env.runUrl(),
            envUrl,
            duration(clock),
            new CommitRange(given, given.size(), Optional.empty()),
            present(reason),
            present(liveVersion),
            present(mention).map(Mention::parse));
    return new NotifyRequest(
        target, context, template(FileInputs.of(env)), lookup, maxCommits, dryRun, failOnError);
  }

  Optional<SlackTarget> target() {
    Optional<String> hook = present(webhookUrl);
    Optional<String> bot = present(token);
    if (hook.isPresent() && bot.isPresent()) {
      throw new BadInputException(
          "token",
          "Inputs 'webhook-url' and 'token' are both given; give the webhook-url "
              + "(incoming webhook), or the token with a channel (bot token), not both.");
    }
    if (present(threadTs).isPresent() && present(updateTs).isPresent()) {
      throw new BadInputException(
          "update-ts",
          "Inputs 'thread-ts' and 'update-ts' are both given; to update a reply, "
              + "give its own ts as 'update-ts' alone.");
    }
    if (hook.isPresent()) {
      for (var only :
          List.of(
              List.of("channel", nz(channel)),
              List.of("thread-ts", nz(threadTs)),
              List.of("update-ts", nz(updateTs)))) {
        if (!only.get(1).isBlank()) {
          throw new BadInputException(
              only.get(0),
              "Input '"
                  + only.get(0)
                  + "' needs a bot 'token'; an incoming "
                  + "webhook always posts a new message to its own channel.");
        }
      }
      return Optional.of(new SlackTarget.Webhook(SafeUrl.parse("webhook-url", hook.get(), true)));
    }
    if (bot.isPresent()) {
      if (!bot.get().startsWith("xox")) {
        throw new BadInputException(
            "token",
            "Input 'token' does not look like a Slack token (a bot token starts "
                + "with xoxb-); an incoming webhook URL goes in 'webhook-url'.");
      }
      String ch =
          present(channel)
              .orElseThrow(
                  () ->
                      new BadInputException(
                          "channel",
                          "Input required and not supplied: channel (the bot token needs a channel ID such as C0123456789)"));
      Optional<String> thread = present(threadTs).map(ts -> ts("thread-ts", ts));
      Optional<String> update = present(updateTs).map(ts -> ts("update-ts", ts));
      URI api = SafeUrl.parse("api-url", present(apiUrl).orElse("https://slack.com/api"), false);
      return Optional.of(new SlackTarget.Bot(bot.get(), ch, thread, update, api));
    }
    if (!dryRun && failOnError) {
      throw new BadInputException(
          "webhook-url",
          "Input required and not supplied: webhook-url (or give 'token' and "
              + "'channel' to post with a bot token)");
    }
    // an unset secret means Slack is not configured here: a warning, not a failed deploy (seed
    // 004's "if configured")
    return Optional.empty();
  }

  private Optional<NotifyRequest.CommitLookup> lookup(
      ActionEnv env, Optional<String> commitSha, List<Commit> given) {
    if (present(githubToken).isEmpty()) {
      return Optional.empty();
    }
    if (!given.isEmpty()) {
      throw new BadInputException(
          "commits",
          "Inputs 'commits' and 'github-token' are both given; give the commits "
              + "yourself, or a github-token to list them from GitHub, not both.");
    }
    String env2 =
        present(environment)
            .orElseThrow(
                () ->
                    new BadInputException(
                        "environment",
                        "Input 'environment' "
                            + "is needed with 'github-token': it names the environment whose last successful deployment starts the list."));
    String repo =
        env.repository()
            .orElseThrow(
                () ->
                    new BadInputException(
                        "github-token",
                        "Input 'github-token' "
                            + "needs GITHUB_REPOSITORY (owner/name), which the runner sets; set it yourself on a laptop."));
    String head =
        commitSha.orElseThrow(
            () ->
                new BadInputException(
                    "sha",
                    "Input 'sha' is needed with "
                        + "'github-token' outside a workflow run (GITHUB_SHA is not set)."));
    return Optional.of(new NotifyRequest.CommitLookup(repo, env2, head));
  }

  /**
   * From {@code started-at}, or else from {@code update-ts}, which is when the "started" message
   * was posted.
   */
  Optional<Duration> duration(Clock clock) {
    Optional<Instant> start =
        present(startedAt)
            .map(NotifyInputs::instant)
            .or(() -> present(updateTs).map(ts -> instant(ts.trim())));
    return start.map(
        s -> {
          Duration d = Duration.between(s, clock.instant());
          if (d.isNegative()) {
            throw new BadInputException(
                "started-at",
                "Input 'started-at' is "
                    + s
                    + ", which is in the future; give "
                    + "when the deploy started, e.g. the output of `date -u +%s` in an earlier step.");
          }
          return Duration.ofSeconds(d.toSeconds());
        });
  }

  static Instant instant(String text) {
    String value = text.trim();
    try {
      if (value.matches("\\d{9,11}(\\.\\d+)?")) {
        BigDecimal seconds = new BigDecimal(value);
        return Instant.ofEpochSecond(
            seconds.longValue(), seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
      }
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new BadInputException(
          "started-at",
          "Input 'started-at' is '"
              + text
              + "'; expected Unix seconds "
              + "(date -u +%s) or an ISO-8601 time such as 2026-01-31T12:00:00Z.");
    }
  }

  private Optional<PayloadTemplate> template(FileInputs files) {
    Optional<String> inline = present(payload);
    Optional<String> file = present(payloadFile);
    if (inline.isPresent() && file.isPresent()) {
      throw new BadInputException(
          "payload-file", "Inputs 'payload' and 'payload-file' are both given; give one.");
    }
    if (inline.isPresent()) {
      return Optional.of(PayloadTemplate.parse("payload", inline.get()));
    }
    return file.map(
        f -> {
          Path path = files.resolve("payload-file", f);
          return PayloadTemplate.parse(
              "payload-file", FileInputs.read("payload-file", path, FileInputs.TEXT_LIMIT));
        });
  }

  private static String ts(String input, String value) {
    if (!TS.matcher(value).matches()) {
      throw new BadInputException(
          input,
          "Input '"
              + input
              + "' is '"
              + value
              + "'; expected a Slack message "
              + "timestamp such as 1712345678.123456 (the 'ts' output of an earlier notify-slack step).");
    }
    return value;
  }

  private static Optional<String> present(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  private static String nz(String value) {
    return value == null ? "" : value;
  }
}
