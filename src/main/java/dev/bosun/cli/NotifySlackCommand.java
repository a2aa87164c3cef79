package dev.bosun.cli;

import dev.bosun.actions.ActionBoolean;
import dev.bosun.actions.ActionBranding;
import dev.bosun.actions.ActionOutput;
import dev.bosun.actions.ActionRuntime;
import dev.bosun.actions.Multiline;
import dev.bosun.actions.Secret;
import dev.bosun.notify.NotificationReport;
import dev.bosun.notify.NotifyInputs;
import dev.bosun.notify.NotifyRequest;
import dev.bosun.notify.NotifySystems;
import dev.bosun.notify.SlackNotifier;
import dev.bosun.notify.SlackTarget;
import dev.bosun.support.BuildInfo;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * notify-slack: one deploy message per status, through an incoming webhook or a bot token that
 * updates it.
 */
@Command(
    name = "notify-slack",
    versionProvider = BuildInfo.class,
    description =
        "Sends a Slack deploy notification (status, environment, version, commit, actor, run, duration, "
            + "commits) through an incoming webhook or a bot token; with a token, one message can be updated from "
            + "started to succeeded or failed. Retries on 429 and 5xx, and by default never fails the deploy.")
@ActionBranding(icon = "message-square", color = "purple")
@ActionOutput(
    name = "ok",
    description = "true when Slack accepted the message, false otherwise (and in a dry run).")
@ActionOutput(
    name = "ts",
    description =
        "The message's timestamp (bot token only): pass it as update-ts to update "
            + "the message later, or as thread-ts to reply to it.")
@ActionOutput(
    name = "channel",
    description =
        "The channel ID the message is in (bot token only): pass it as "
            + "channel with update-ts.")
@ActionOutput(
    name = "thread-ts",
    description =
        "The thread to reply in (bot token only): the given thread-ts, or " + "this message's ts.")
public final class NotifySlackCommand extends ActionCommand {

  // no mixinStandardHelpOptions: its --version would take the 'version' input's flag; `bosun
  // --version` remains
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Option(
      names = "--status",
      required = true,
      paramLabel = "STATUS",
      description =
          "The deploy's status: started, succeeded, failed, rolled-back, approval-waiting or cancelled; "
              + "job.status values (success, failure, cancelled) work too. Sets the wording, emoji and colour.")
  String status;

  @Option(
      names = "--environment",
      paramLabel = "NAME",
      description = "The environment deployed to, e.g. production.")
  String environment;

  @Option(
      names = "--version",
      paramLabel = "VERSION",
      description = "The version or tag deployed, e.g. 1.4.2.")
  String version;

  @Option(
      names = "--environment-url",
      paramLabel = "URL",
      description = "The deployed environment's URL; the environment name links to it.")
  String environmentUrl;

  @Option(
      names = "--reason",
      paramLabel = "TEXT",
      description =
          "What failed, or why this deploy or rollback was done, e.g. 'Smoke checks failed on prod'. "
              + "Shown in the message under the facts and in the notification line.")
  String reason;

  @Option(
      names = "--live-version",
      paramLabel = "VERSION",
      description =
          "With status rolled-back: the version or image live again, e.g. deploy-env's rollback-to "
              + "output. The message says it is live again.")
  String liveVersion;

  @Option(
      names = "--mention",
      paramLabel = "MENTIONS",
      description =
          "Who to alert when the deploy failed or was rolled back (never otherwise): Slack mentions "
              + "such as <!here>, <!subteam^S0123ABCD> (a user group) or <@U0123ABCD>, separated by spaces.")
  String mention;

  @Option(
      names = "--sha",
      paramLabel = "SHA",
      description =
          "The commit deployed; defaults to the workflow's GITHUB_SHA. Shown short and linked to the commit.")
  String sha;

  @Option(
      names = "--started-at",
      paramLabel = "TIME",
      description =
          "When the deploy started, as Unix epoch seconds or an ISO-8601 time, to show the duration. "
              + "With update-ts and no started-at, the duration is counted from the message being updated.")
  String startedAt;

  @Option(
      names = "--commits",
      split = Multiline.SPLIT,
      paramLabel = "LINE",
      description =
          "Commits being shipped, one per line as 'SHA message' (or free text). Leave empty and give "
              + "github-token to list them from GitHub.")
  List<String> commits;

  @Secret
  @Option(
      names = "--github-token",
      paramLabel = "TOKEN",
      description =
          "A GitHub token (e.g. github.token, with deployments: read and contents: read) to list "
              + "the commits between the environment's last successful deployment and this SHA, with PR links.")
  String githubToken;

  @Option(
      names = "--max-commits",
      paramLabel = "N",
      defaultValue = "10",
      description =
          "How many commits the message lists at most (0 to 50); the rest link to the comparison.")
  int maxCommits;

  @Secret
  @Option(
      names = "--webhook-url",
      paramLabel = "URL",
      description =
          "An incoming webhook URL (a secret). Give this, or token and channel. When both are empty (the "
              + "secret is not set) the step only warns and sends nothing.")
  String webhookUrl;

  @Secret
  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description =
          "A Slack bot token (xoxb-…, a secret) with the chat:write scope, to post with chat.postMessage "
              + "and update with chat.update.")
  String token;

  @Option(
      names = "--channel",
      paramLabel = "CHANNEL",
      description =
          "The channel ID (C0123456789) to post to with token; with update-ts, use the channel output "
              + "of the step that posted the message.")
  String channel;

  @Option(
      names = "--update-ts",
      paramLabel = "TS",
      description =
          "The ts output of an earlier notify-slack step: update that message (chat.update) instead of "
              + "posting a new one.")
  String updateTs;

  @Option(
      names = "--thread-ts",
      paramLabel = "TS",
      description =
          "The ts (or thread-ts output) of a message to reply to in its thread, e.g. with failure details.")
  String threadTs;

  @Option(
      names = "--payload",
      paramLabel = "JSON|YAML",
      description =
          "Your own Slack message (JSON or YAML) instead of bosun's, with placeholders such as "
              + "{environment}, {status}, {status-emoji}, {color}, {version}, {sha}, {short-sha}, {commit-url}, {actor}, "
              + "{repository}, {run-url}, {duration}, {environment-url}, {commits}, {headline} and {text}.")
  String payload;

  @Option(
      names = "--payload-file",
      paramLabel = "FILE",
      description =
          "A file holding your own Slack message (JSON or YAML) with the same placeholders as payload.")
  String payloadFile;

  @Option(
      names = "--fail-on-error",
      arity = "0..1",
      fallbackValue = "true",
      defaultValue = "false",
      converter = ActionBoolean.class,
      description =
          "Fail the step (exit 1) when Slack refuses the message or cannot be reached. By default that is "
              + "only a warning, so a Slack outage never fails a deploy.")
  boolean failOnError;

  @Option(
      names = "--dry-run",
      arity = "0..1",
      fallbackValue = "true",
      defaultValue = "false",
      converter = ActionBoolean.class,
      description = "Print the payload that would be sent, and send nothing.")
  boolean dryRun;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "30s",
      description = "Overall time for the notification, retries included (e.g. 30s, 2m).")
  Duration timeout;

  @Option(
      names = "--api-url",
      paramLabel = "URL",
      defaultValue = "https://slack.com/api",
      description = "The Slack Web API root used with token (GovSlack: https://slack-gov.com/api).")
  String apiUrl;

  public NotifySlackCommand(ActionRuntime runtime, Composition systems) {
    super(runtime, systems);
  }

  @Override
  public Integer call() {
    Duration overall = timeout;
    NotifySystems notify = systems.notifySlack().apply(runtime);
    NotifyRequest request =
        new NotifyInputs(
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
                Multiline.lines(commits),
                githubToken,
                maxCommits,
                payload,
                payloadFile,
                failOnError,
                dryRun,
                reason,
                liveVersion,
                mention)
            .toRequest(runtime.env(), notify.clock());
    maskWebhookPath(request);
    SlackNotifier notifier =
        notify.notifier(
            overall,
            Optional.ofNullable(githubToken).filter(t -> !t.isBlank()),
            runtime.env().apiUrl(),
            runtime.log()::info);
    NotificationReport.write(runtime, notifier.notify(request), request.failOnError());
    return 0;
  }

  /**
   * Retry lines and errors name the URL without host secrets, but a webhook's path is its secret:
   * mask it too.
   */
  private void maskWebhookPath(NotifyRequest request) {
    request
        .target()
        .filter(SlackTarget.Webhook.class::isInstance)
        .map(t -> ((SlackTarget.Webhook) t).url())
        .map(java.net.URI::getRawPath)
        .filter(p -> p.length() >= 8)
        .ifPresent(runtime.log()::addMask);
  }
}
