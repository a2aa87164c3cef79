package dev.bosun.notify;

import java.net.URI;
import java.util.Optional;

/** Where a message goes: an incoming webhook, or a channel through the Web API with a bot token. */
public sealed interface SlackTarget {

  /** An incoming webhook; the whole URL is a secret. */
  record Webhook(URI url) implements SlackTarget {
    @Override
    public String toString() {
      return "Webhook[url=***]";
    }
  }

  /**
   * A bot token posting with {@code chat.postMessage}, or {@code chat.update} when {@code updateTs}
   * is given.
   *
   * @param apiBase the Web API root, {@code https://slack.com/api} (GovSlack: {@code
   *     https://slack-gov.com/api})
   */
  record Bot(
      String token,
      String channel,
      Optional<String> threadTs,
      Optional<String> updateTs,
      URI apiBase)
      implements SlackTarget {

    public String method() {
      return updateTs.isPresent() ? "chat.update" : "chat.postMessage";
    }

    @Override
    public String toString() {
      return "Bot[token=***, channel="
          + channel
          + ", threadTs="
          + threadTs
          + ", updateTs="
          + updateTs
          + "]";
    }
  }
}
