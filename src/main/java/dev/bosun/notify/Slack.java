package dev.bosun.notify;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The one door to Slack: send a payload to a target and say what Slack answered; never throws for
 * Slack's errors.
 */
public interface Slack {

  SlackReply send(SlackTarget target, ObjectNode payload);
}
