package dev.bosun.notify;

import dev.bosun.support.BadInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where a deploy stands, with the words, emoji and colour its Slack message uses. */
public enum Status {
  STARTED("started", ":rocket:", "#439FE0"),
  SUCCEEDED("succeeded", ":white_check_mark:", "#2EB67D"),
  FAILED("failed", ":x:", "#E01E5A"),
  ROLLED_BACK("rolled-back", ":rewind:", "#ECB22E"),
  APPROVAL_WAITING("approval-waiting", ":hourglass_flowing_sand:", "#6F42C1"),
  /**
   * job.status can be "cancelled" in an {@code if: always()} step; a notification must not fail on
   * it.
   */
  CANCELLED("cancelled", ":no_entry_sign:", "#8D8D8D");

  private final String input;
  private final String emoji;
  private final String color;

  Status(String input, String emoji, String color) {
    this.input = input;
    this.emoji = emoji;
    this.color = color;
  }

  /**
   * Parses the {@code status} input; accepts any case, and {@code success}/{@code failure} as
   * GitHub's job.status words.
   */
  public static Status parse(String text) {
    String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "success" -> SUCCEEDED;
      case "failure" -> FAILED;
      case "canceled" -> CANCELLED;
      default ->
          Arrays.stream(values())
              .filter(s -> s.input.equals(value))
              .findFirst()
              .orElseThrow(
                  () ->
                      new BadInputException(
                          "status",
                          "Input 'status' is '"
                              + text
                              + "'; expected one of "
                              + Arrays.stream(values())
                                  .map(Status::input)
                                  .collect(Collectors.joining(", "))
                              + " (GitHub's job.status values success and failure work too)."));
    };
  }

  public String input() {
    return input;
  }

  public String emoji() {
    return emoji;
  }

  /** The attachment colour bar: blue, green, red, amber, purple or grey. */
  public String color() {
    return color;
  }

  /**
   * The headline, e.g. "Deployed acme/shop 1.4.2 to production"; {@code what} and {@code where} are
   * already escaped.
   */
  String headline(String what, String where) {
    String to = where.isEmpty() ? "" : " to " + where;
    return switch (this) {
      case STARTED -> "Deploying " + what + to;
      case SUCCEEDED -> "Deployed " + what + to;
      case FAILED -> "Deploy of " + what + to + " failed";
      case ROLLED_BACK -> "Deploy of " + what + to + " rolled back";
      case APPROVAL_WAITING ->
          what + " is waiting for approval" + (where.isEmpty() ? "" : " to deploy to " + where);
      case CANCELLED -> "Deploy of " + what + to + " cancelled";
    };
  }
}
