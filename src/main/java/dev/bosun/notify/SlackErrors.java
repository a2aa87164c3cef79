package dev.bosun.notify;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns Slack's error codes into sentences that say what to fix; the codes come from Slack's method
 * docs.
 */
public final class SlackErrors {

  private static final Pattern CHANNEL_ID = Pattern.compile("[CGD][A-Z0-9]{6,}");

  private SlackErrors() {}

  private static final Map<String, String> WEB_API =
      Map.ofEntries(
          Map.entry(
              "invalid_auth",
              "Slack does not accept the token: check the secret passed as 'token' (a bot token "
                  + "starts with xoxb-) and that it belongs to this workspace."),
          Map.entry(
              "not_authed", "No token reached Slack: pass the bot token as the 'token' input."),
          Map.entry(
              "token_revoked",
              "The token has been revoked (the app was uninstalled or the token rotated): "
                  + "reinstall the Slack app and update the secret passed as 'token'."),
          Map.entry(
              "token_expired",
              "The token has expired: refresh it, or use a non-expiring bot token, and update "
                  + "the secret passed as 'token'."),
          Map.entry(
              "account_inactive",
              "The token's bot or user was deactivated: reinstall the Slack app and update "
                  + "the secret passed as 'token'."),
          Map.entry(
              "missing_scope",
              "The token lacks a scope: add chat:write to the Slack app's bot token scopes, "
                  + "reinstall the app and update the secret."),
          Map.entry(
              "channel_not_found",
              "Slack cannot find channel '%s': use the channel ID (channel details → "
                  + "bottom of the About tab, e.g. C0123456789), and invite the app if the channel is private."),
          Map.entry(
              "not_in_channel",
              "The app is not a member of channel '%s': run /invite @<your app> in the "
                  + "channel, or add the chat:write.public scope so it can post to public channels it has not joined."),
          Map.entry(
              "is_archived",
              "Channel '%s' is archived: unarchive it or set 'channel' to another one."),
          Map.entry(
              "msg_too_long",
              "The message is too long for Slack: shorten the payload's text, or lower "
                  + "'max-commits'."),
          Map.entry(
              "no_text",
              "The message has no text: give 'text', 'blocks' or 'attachments' in the payload."),
          Map.entry(
              "invalid_blocks",
              "Slack rejected the message's blocks: check the payload in Slack's Block Kit "
                  + "Builder (https://app.slack.com/block-kit-builder)."),
          Map.entry(
              "invalid_blocks_format",
              "The payload's 'blocks' is not a list of Block Kit blocks: check it in "
                  + "Slack's Block Kit Builder (https://app.slack.com/block-kit-builder)."),
          Map.entry(
              "invalid_attachments",
              "Slack rejected the payload's attachments: check their fields."),
          Map.entry(
              "too_many_attachments", "The payload has more than 100 attachments: send fewer."),
          Map.entry(
              "ratelimited",
              "Slack kept rate limiting the app until 'timeout' ran out: raise 'timeout' or "
                  + "send fewer messages to this channel."),
          Map.entry(
              "rate_limited",
              "Slack kept rate limiting the app until 'timeout' ran out: raise 'timeout' or "
                  + "send fewer messages to this channel."),
          Map.entry(
              "message_not_found",
              "There is no message with that 'update-ts' in channel '%s': pass the 'ts' and "
                  + "'channel' outputs of the step that posted it."),
          Map.entry(
              "cant_update_message",
              "That message was not posted by this token, so it cannot be updated: "
                  + "post the first message with the same 'token'."),
          Map.entry(
              "edit_window_closed",
              "The workspace no longer allows editing that message: post a new one "
                  + "instead of using 'update-ts'."),
          Map.entry(
              "thread_not_found",
              "There is no thread with that 'thread-ts' in channel '%s': pass the 'ts' output "
                  + "of the step that posted the parent message."),
          Map.entry(
              "restricted_action",
              "A workspace admin has restricted posting in channel '%s': ask them to allow "
                  + "the app, or choose another channel."),
          Map.entry(
              "restricted_action_read_only_channel",
              "Channel '%s' is read-only for the app: choose another " + "channel."),
          Map.entry(
              "team_access_not_granted",
              "The token is not granted access to this workspace: install the app "
                  + "in the workspace that owns channel '%s'."),
          Map.entry(
              "invalid_arguments",
              "Slack rejected the request's arguments: check 'channel', 'thread-ts', "
                  + "'update-ts' and the payload."),
          Map.entry(
              "connection_failed",
              "Slack could not be reached before 'timeout' ran out: check the runner's "
                  + "network, or raise 'timeout'."));

  /**
   * Incoming webhooks answer a plain-text code; their fixes are about the webhook URL and its
   * channel.
   */
  private static final Map<String, String> WEBHOOK =
      Map.ofEntries(
          Map.entry(
              "invalid_payload",
              "Slack could not read the payload: if you use 'payload' or 'payload-file', "
                  + "check it is a valid Slack message (Block Kit Builder helps)."),
          Map.entry(
              "no_text",
              "The message has no text: give 'text', 'blocks' or 'attachments' in the payload."),
          Map.entry(
              "missing_text_or_fallback_or_attachments",
              "The message has no text: give 'text', 'blocks' or "
                  + "'attachments' in the payload."),
          Map.entry(
              "invalid_blocks",
              "Slack rejected the message's blocks: check the payload in Slack's Block Kit "
                  + "Builder (https://app.slack.com/block-kit-builder)."),
          Map.entry(
              "too_many_attachments", "The payload has more than 100 attachments: send fewer."),
          Map.entry(
              "no_service",
              "The webhook is disabled, removed or mistyped: create a new incoming webhook in the "
                  + "Slack app and update the secret passed as 'webhook-url'."),
          Map.entry(
              "no_service_id",
              "The webhook URL is incomplete: copy it again from the Slack app into the "
                  + "secret passed as 'webhook-url'."),
          Map.entry(
              "no_team",
              "The webhook URL's workspace does not exist: copy the URL again into the secret passed "
                  + "as 'webhook-url'."),
          Map.entry(
              "team_disabled",
              "The webhook's Slack workspace is disabled: use a webhook of an active workspace."),
          Map.entry(
              "invalid_token",
              "The webhook URL's token is invalid: copy the URL again into the secret passed as "
                  + "'webhook-url'."),
          Map.entry(
              "channel_not_found",
              "The webhook's channel was deleted: create a new incoming webhook for an "
                  + "existing channel and update 'webhook-url'."),
          Map.entry(
              "channel_is_archived",
              "The webhook's channel is archived: unarchive it, or create a webhook for "
                  + "another channel and update 'webhook-url'."),
          Map.entry(
              "action_prohibited",
              "A workspace admin has restricted posting to the webhook's channel: ask them "
                  + "to allow the app, or use another channel."),
          Map.entry(
              "posting_to_general_channel_denied",
              "Only admins may post in the webhook's #general channel: "
                  + "create a webhook for another channel and update 'webhook-url'."),
          Map.entry(
              "user_not_found",
              "The webhook posts to a user that no longer exists: create a new webhook."),
          Map.entry(
              "ratelimited",
              "Slack kept rate limiting the webhook until 'timeout' ran out: raise 'timeout' or "
                  + "send fewer messages."),
          Map.entry(
              "connection_failed",
              "Slack could not be reached before 'timeout' ran out: check the runner's "
                  + "network, or raise 'timeout'."));

  /**
   * "Slack notification through chat.postMessage failed (channel_not_found): <what to fix>", with
   * Slack's own details appended.
   */
  public static String explain(SlackTarget target, SlackReply reply) {
    String code = reply.error().orElse("unknown_error");
    boolean webhook = target instanceof SlackTarget.Webhook;
    String channel = target instanceof SlackTarget.Bot bot ? bot.channel() : "";
    String fix = (webhook ? WEBHOOK : WEB_API).get(code);
    if (!webhook
        && code.equals("channel_not_found")
        && ((SlackTarget.Bot) target).updateTs().isPresent()
        && !CHANNEL_ID.matcher(channel).matches()) {
      // a name works for chat.postMessage but not for chat.update, the usual slip in the started ->
      // done pattern
      fix =
          "chat.update needs the channel ID, not '%s': pass the 'channel' output of the step that posted the "
              + "message, e.g. ${{ steps.slack.outputs.channel }}.";
    }
    String where = webhook ? "the incoming webhook" : ((SlackTarget.Bot) target).method();
    String text;
    if (fix != null) {
      text = fix.contains("%s") ? String.format(fix, channel) : fix;
    } else if (code.startsWith("http_")) {
      text =
          "Slack answered HTTP "
              + code.substring(5)
              + " without an error code, even after retrying: "
              + "see https://slack-status.com and try again later.";
    } else {
      text =
          "See the error list at "
              + (webhook
                  ? "https://api.slack.com/messaging/webhooks#handling_errors"
                  : "https://api.slack.com/methods/"
                      + ((SlackTarget.Bot) target).method()
                      + "#errors")
              + ".";
    }
    String details =
        reply.details().isEmpty() ? "" : " Slack said: " + String.join("; ", reply.details());
    return "Slack notification through " + where + " failed (" + code + "): " + text + details;
  }
}
