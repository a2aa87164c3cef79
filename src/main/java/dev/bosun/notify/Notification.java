package dev.bosun.notify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * What happened to one notification: the payload, Slack's reply (none in a dry run) and warnings
 * for the log.
 */
public record Notification(
    Optional<SlackTarget> target,
    Status status,
    ObjectNode payload,
    Optional<SlackReply> reply,
    List<String> warnings,
    boolean dryRun) {

  public Notification {
    warnings = List.copyOf(warnings);
  }

  /**
   * No webhook-url or token was given (an unset secret) and this is not a dry run: nothing could be
   * sent.
   */
  public boolean unconfigured() {
    return target.isEmpty() && !dryRun;
  }

  public boolean ok() {
    return reply.map(SlackReply::ok).orElse(false);
  }

  /** The message's timestamp: Slack's answer, or the updated message's {@code update-ts}. */
  public Optional<String> ts() {
    if (!ok()) {
      return Optional.empty();
    }
    return reply.flatMap(SlackReply::ts).or(() -> bot().flatMap(SlackTarget.Bot::updateTs));
  }

  public Optional<String> channel() {
    return ok()
        ? reply.flatMap(SlackReply::channel).or(() -> bot().map(SlackTarget.Bot::channel))
        : Optional.empty();
  }

  /**
   * The thread later steps reply in: the given {@code thread-ts}, or this message itself when it is
   * top level.
   */
  public Optional<String> threadTs() {
    return ok() ? bot().flatMap(SlackTarget.Bot::threadTs).or(this::ts) : Optional.empty();
  }

  /** A short description of where the message goes, for the log and the summary. */
  public String destination() {
    return target
        .map(
            t ->
                switch (t) {
                  case SlackTarget.Webhook w -> "the incoming webhook";
                  case SlackTarget.Bot b ->
                      b.channel()
                          + " ("
                          + b.method()
                          + b.threadTs().map(ts -> ", thread " + ts).orElse("")
                          + b.updateTs().map(ts -> ", message " + ts).orElse("")
                          + ")";
                })
        .orElse("nowhere (no webhook-url or token given)");
  }

  private Optional<SlackTarget.Bot> bot() {
    return target.filter(SlackTarget.Bot.class::isInstance).map(SlackTarget.Bot.class::cast);
  }
}
