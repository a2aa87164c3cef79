package dev.bosun.notify;

import java.util.List;
import java.util.Optional;

/**
 * What Slack answered.
 *
 * @param error Slack's error code ({@code channel_not_found}, {@code invalid_payload}, …), or
 *     bosun's own {@code http_<status>} / {@code connection_failed} when Slack gave none
 * @param details Slack's {@code response_metadata.messages}, the {@code needed} scope, or the
 *     transport failure
 * @param warnings Slack's {@code warning} / {@code response_metadata.warnings} on an accepted
 *     message
 */
public record SlackReply(
    boolean ok,
    Optional<String> ts,
    Optional<String> channel,
    Optional<String> error,
    List<String> details,
    List<String> warnings) {

  public SlackReply {
    details = List.copyOf(details);
    warnings = List.copyOf(warnings);
  }

  public static SlackReply accepted(
      Optional<String> ts, Optional<String> channel, List<String> warnings) {
    return new SlackReply(true, ts, channel, Optional.empty(), List.of(), warnings);
  }

  public static SlackReply refused(String error, List<String> details) {
    return new SlackReply(
        false, Optional.empty(), Optional.empty(), Optional.of(error), details, List.of());
  }
}
