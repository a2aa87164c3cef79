package dev.bosun.notify;

import dev.bosun.support.BadInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who a failure alerts, in Slack's mention syntax
 * (https://api.slack.com/reference/surfaces/formatting#mentioning-users): {@code <!here>}, {@code
 * <!channel>}, {@code <!subteam^ID>} for a user group, {@code <@U…>} for a user; {@code @here} and
 * {@code @channel} are taken as shorthand. Anything else is refused: this is the one piece of the
 * message that is not escaped, so it must be nothing but mentions.
 */
public record Mention(List<String> tokens) {

  private static final Pattern ONE =
      Pattern.compile(
          "<!(?:here|channel|everyone)>|<!subteam\\^[A-Z0-9]{2,20}>|<@[UW][A-Z0-9]{2,20}>");

  public Mention {
    tokens = List.copyOf(tokens);
  }

  /** Parses the {@code mention} input: mentions separated by spaces or commas. */
  public static Mention parse(String text) {
    List<String> tokens = new ArrayList<>();
    for (String part : text.trim().split("[\\s,]+")) {
      String t =
          switch (part) {
            case "@here", "here" -> "<!here>";
            case "@channel", "channel" -> "<!channel>";
            case "@everyone" -> "<!everyone>";
            default -> part;
          };
      if (!ONE.matcher(t).matches()) {
        throw new BadInputException(
            "mention",
            "Input 'mention' has '"
                + dev.bosun.actions.Printable.value(part)
                + "'; use Slack mentions: <!here>, <!channel>, <!subteam^S0123ABCD> for a user group or"
                + " <@U0123ABCD> for a user (IDs from the group's or member's profile), separated by spaces.");
      }
      tokens.add(t);
    }
    return new Mention(tokens);
  }

  /** The mentions as Slack reads them. */
  public String text() {
    return String.join(" ", tokens);
  }
}
