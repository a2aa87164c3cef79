package dev.bosun.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bosun.support.Durations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Composes bosun's deploy message: a headline block, a colour bar per status holding the facts, the
 * commits and a link to the run, plus a plain-text fallback for notifications. Every piece of user
 * text goes through {@link Mrkdwn#escape}.
 */
public final class MessageBuilder {

  /** Slack cuts a section's text at 3000 characters; commit lines stop well before. */
  static final int SECTION_LIMIT = 3000;

  static final int TITLE_LIMIT = 100;

  /**
   * Names and versions are short in practice; a pasted log must not push a block past Slack's
   * limits.
   */
  static final int VALUE_LIMIT = 150;

  /** A reason is a sentence or two (a failing step's message), not a log. */
  static final int REASON_LIMIT = 500;

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private MessageBuilder() {}

  /**
   * The payload for {@code chat.postMessage}, {@code chat.update} or a webhook (channel and ts are
   * added later).
   */
  public static ObjectNode compose(DeployContext c) {
    ObjectNode payload = JSON.objectNode();
    payload.put("text", fallback(c));
    ArrayNode blocks = payload.putArray("blocks");
    blocks.add(
        section(
            c.alert().map(m -> m.text() + " ").orElse("")
                + c.status().emoji()
                + " *"
                + headline(c)
                + "*"));

    ArrayNode detail = JSON.arrayNode();
    ObjectNode facts = detail.addObject().put("type", "section");
    ArrayNode fields = facts.putArray("fields");
    facts(c)
        .forEach(
            (label, value) ->
                fields.addObject().put("type", "mrkdwn").put("text", "*" + label + "*\n" + value));
    c.reason()
        .ifPresent(
            r ->
                detail.add(
                    section("*Reason*\n" + Mrkdwn.escape(Mrkdwn.truncate(r, REASON_LIMIT)))));
    if (!c.commits().isEmpty()) {
      detail.add(section(commitsText(c)));
    }
    context(c).ifPresent(detail::add);

    ObjectNode attachment = payload.putArray("attachments").addObject();
    attachment.put("color", c.status().color());
    attachment.set("blocks", detail);
    return payload;
  }

  /**
   * The notification text: one plain line, escaped like the rest because Slack parses it as mrkdwn
   * too.
   */
  public static String fallback(DeployContext c) {
    StringBuilder sb = new StringBuilder();
    c.alert().ifPresent(m -> sb.append(m.text()).append(' '));
    sb.append(c.status().emoji()).append(' ').append(headline(c));
    c.shortSha().ifPresent(s -> sb.append(" (").append(s).append(')'));
    c.actor().ifPresent(a -> sb.append(" by ").append(value(a)));
    c.duration().ifPresent(d -> sb.append(" in ").append(Durations.format(d)));
    c.reason().ifPresent(r -> sb.append(": ").append(value(r)));
    return sb.toString();
  }

  static String headline(DeployContext c) {
    String what =
        Mrkdwn.escape(c.repository().orElse("the service"))
            + c.version().map(v -> " " + value(v)).orElse("");
    String headline =
        c.status().headline(what, c.environment().map(MessageBuilder::value).orElse(""));
    if (c.status() == Status.ROLLED_BACK) {
      // what runs now is what the channel needs to know after a rollback
      headline +=
          c.liveVersion()
              .map(v -> "; " + value(v) + " is live again")
              .orElse("; the version before it is live again");
    }
    return headline;
  }

  /** The facts shown as two-column fields, in reading order; absent facts are left out. */
  static Map<String, String> facts(DeployContext c) {
    Map<String, String> facts = new LinkedHashMap<>();
    c.environment()
        .ifPresent(
            env ->
                facts.put(
                    "Environment",
                    c.environmentUrl()
                        .map(u -> Mrkdwn.link(u.toString(), Mrkdwn.truncate(env, VALUE_LIMIT)))
                        .orElse(value(env))));
    c.version().ifPresent(v -> facts.put("Version", value(v)));
    c.shortSha()
        .ifPresent(
            s ->
                facts.put(
                    "Commit", c.commitUrl().map(u -> Mrkdwn.link(u, s)).orElse(Mrkdwn.escape(s))));
    if (c.status() == Status.ROLLED_BACK) {
      c.liveVersion().ifPresent(v -> facts.put("Live now", value(v)));
    }
    c.actor().ifPresent(a -> facts.put("Actor", value(a)));
    c.duration().ifPresent(d -> facts.put("Duration", Durations.format(d)));
    if (c.environment().isEmpty()) {
      c.environmentUrl().ifPresent(u -> facts.put("URL", Mrkdwn.link(u.toString(), u.toString())));
    }
    return facts;
  }

  /**
   * "*Commits* (3)" then one line per commit, newest first, with a "… and N more" link when capped.
   */
  static String commitsText(DeployContext c) {
    CommitRange range = c.commits();
    List<String> shown = new ArrayList<>();
    for (Commit commit : range.commits()) {
      shown.add("• " + commitLine(c, commit));
    }
    String text = commitsText(range, shown);
    // drop the oldest shown commits rather than let Slack reject the block
    while (text.length() > SECTION_LIMIT && shown.size() > 1) {
      shown.remove(shown.size() - 1);
      text = commitsText(range, shown);
    }
    return text;
  }

  private static String commitsText(CommitRange range, List<String> shown) {
    List<String> lines = new ArrayList<>();
    lines.add("*Commits* (" + range.total() + ")");
    lines.addAll(shown);
    int hidden = range.total() - shown.size();
    if (hidden > 0) {
      String more = "… and " + hidden + " more";
      lines.add(range.compareUrl().map(u -> Mrkdwn.link(u, more)).orElse(more));
    }
    return String.join("\n", lines);
  }

  static String commitLine(DeployContext c, Commit commit) {
    StringBuilder sb = new StringBuilder();
    if (!commit.sha().isEmpty()) {
      String label = commit.shortSha();
      sb.append(
              c.commitUrl(commit.sha())
                  .map(u -> Mrkdwn.link(u, label))
                  .orElse("`" + Mrkdwn.escape(label) + "`"))
          .append(' ');
    }
    sb.append(Mrkdwn.escape(Mrkdwn.truncate(commit.title(), TITLE_LIMIT)));
    commit
        .pullRequest()
        .ifPresent(
            pr ->
                sb.append(" (")
                    .append(c.pullUrl(pr).map(u -> Mrkdwn.link(u, "#" + pr)).orElse("#" + pr))
                    .append(')'));
    if (!commit.author().isEmpty()) {
      sb.append(" – ").append(Mrkdwn.escape(commit.author()));
    }
    return sb.toString();
  }

  private static java.util.Optional<ObjectNode> context(DeployContext c) {
    List<String> parts = new ArrayList<>();
    c.runUrl().ifPresent(u -> parts.add(Mrkdwn.link(u, "View workflow run")));
    c.repository().ifPresent(r -> parts.add(Mrkdwn.link(c.serverUrl() + "/" + r, r)));
    if (parts.isEmpty()) {
      return java.util.Optional.empty();
    }
    ObjectNode block = JSON.objectNode().put("type", "context");
    block
        .putArray("elements")
        .addObject()
        .put("type", "mrkdwn")
        .put("text", String.join(" · ", parts));
    return java.util.Optional.of(block);
  }

  /** User text, cut to {@link #VALUE_LIMIT} and escaped. */
  static String value(String text) {
    return Mrkdwn.escape(Mrkdwn.truncate(text, VALUE_LIMIT));
  }

  private static ObjectNode section(String mrkdwn) {
    ObjectNode block = JSON.objectNode().put("type", "section");
    block.putObject("text").put("type", "mrkdwn").put("text", mrkdwn);
    return block;
  }
}
