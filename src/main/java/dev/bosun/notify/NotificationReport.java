package dev.bosun.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bosun.actions.ActionRuntime;
import dev.bosun.actions.Annotation;
import dev.bosun.support.Json;
import dev.bosun.support.OutsideSystemException;

/**
 * Writes a {@link Notification} out: the outputs, one step summary line, the payload in a dry run,
 * and the failure as a warning (exit 0) or, with {@code fail-on-error}, as an error (exit 1).
 */
public final class NotificationReport {

  private static final ObjectMapper JSON = Json.mapper();

  private NotificationReport() {}

  public static void write(ActionRuntime runtime, Notification n, boolean failOnError) {
    var log = runtime.log();
    n.warnings().forEach(w -> log.warning(w, Annotation.titled("notify-slack")));
    String what = "*" + n.status().input() + "*";
    if (n.dryRun()) {
      log.group("Slack payload for " + n.destination() + " (dry run: nothing sent)");
      log.info(pretty(n));
      log.endGroup();
      setOutputs(runtime, n);
      runtime
          .summary()
          .paragraph(
              "**Slack (dry run):** would send the "
                  + what
                  + " message to "
                  + n.destination()
                  + "; nothing was sent.");
      runtime.summary().write();
      return;
    }
    if (n.unconfigured()) {
      setOutputs(runtime, n);
      String message =
          "Slack is not configured: 'webhook-url' and 'token' are both empty (is the secret set?), so "
              + "the "
              + n.status().input()
              + " message was not sent.";
      log.warning(
          message + " Set fail-on-error: true to make this an error.", Annotation.titled("Slack"));
      runtime.summary().paragraph("**Slack:** " + message);
      runtime.summary().write();
      return;
    }
    log.debug("Slack payload: " + n.payload());
    setOutputs(runtime, n);
    if (n.ok()) {
      String where =
          n.channel()
              .map(c -> "channel " + c + n.ts().map(ts -> ", ts " + ts).orElse(""))
              .orElse(n.destination());
      log.info("Slack: sent the " + n.status().input() + " message to " + where + ".");
      runtime.summary().paragraph("**Slack:** sent the " + what + " message to " + where + ".");
      runtime.summary().write();
      return;
    }
    String message = SlackErrors.explain(n.target().orElseThrow(), n.reply().orElseThrow());
    runtime.summary().paragraph("**Slack:** the " + what + " message was not sent. " + message);
    runtime.summary().write();
    if (failOnError) {
      throw new OutsideSystemException("Slack", message);
    }
    log.warning(
        message + " (fail-on-error is false, so the step succeeds.)", Annotation.titled("Slack"));
  }

  private static void setOutputs(ActionRuntime runtime, Notification n) {
    runtime.outputs().set("ok", Boolean.toString(n.ok()));
    runtime.outputs().set("ts", n.ts().orElse(""));
    runtime.outputs().set("channel", n.channel().orElse(""));
    runtime.outputs().set("thread-ts", n.threadTs().orElse(""));
  }

  private static String pretty(Notification n) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n.payload());
    } catch (JsonProcessingException e) {
      return n.payload().toString();
    }
  }
}
