package dev.bosun.notify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bosun.support.OutsideSystemException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sends one deploy notification: completes the commit list from GitHub when asked, composes or
 * renders the payload, then sends it, or in a dry run only returns it.
 */
public final class SlackNotifier {

  private final Slack slack;
  private final Optional<CommitHistory> history;

  public SlackNotifier(Slack slack, Optional<CommitHistory> history) {
    this.slack = slack;
    this.history = history;
  }

  public Notification notify(NotifyRequest request) {
    List<String> warnings = new ArrayList<>();
    if (request.target().isEmpty() && !request.dryRun()) {
      return new Notification(
          request.target(),
          request.context().status(),
          MessageBuilder.compose(request.context()),
          Optional.empty(),
          warnings,
          false);
    }
    DeployContext context =
        request.context().withCommits(request.context().commits().capped(request.maxCommits()));
    if (request.lookup().isPresent() && history.isPresent()) {
      NotifyRequest.CommitLookup lookup = request.lookup().get();
      try {
        Optional<CommitRange> range =
            history.get().since(lookup.repository(), lookup.environment(), lookup.sha());
        if (range.isPresent()) {
          context = context.withCommits(range.get().capped(request.maxCommits()));
        }
      } catch (OutsideSystemException e) {
        // the commit list is a nicety: a GitHub hiccup must not cost the deploy its notification
        warnings.add(
            "Could not list the commits since the last deployment to "
                + lookup.environment()
                + ": "
                + e.getMessage()
                + ". The message is sent without them.");
      }
    }
    DeployContext finalContext = context;
    ObjectNode payload =
        request
            .template()
            .map(t -> t.render(finalContext))
            .orElseGet(() -> MessageBuilder.compose(finalContext));
    if (request.dryRun()) {
      return new Notification(
          request.target(), request.context().status(), payload, Optional.empty(), warnings, true);
    }
    SlackReply reply = slack.send(request.target().get(), payload);
    warnings.addAll(
        reply.warnings().stream()
            .map(w -> "Slack accepted the message with a warning: " + w)
            .toList());
    return new Notification(
        request.target(), request.context().status(), payload, Optional.of(reply), warnings, false);
  }
}
