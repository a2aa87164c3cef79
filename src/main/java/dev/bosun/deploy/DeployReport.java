package dev.bosun.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bosun.actions.ActionRuntime;
import dev.bosun.actions.Annotation;
import dev.bosun.deploy.DeployResult.AppResult;
import dev.bosun.deploy.DeployResult.Outcome;
import dev.bosun.deploy.gate.GateResult;
import dev.bosun.support.BosunException;
import dev.bosun.support.CheckFailedException;
import dev.bosun.support.Durations;
import dev.bosun.support.GateRefusedException;
import dev.bosun.support.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one writer of a deploy, plan or rollback: outputs, the step summary and the log, then the
 * exit decision.
 */
public final class DeployReport {

  private static final ObjectMapper JSON = Json.mapper();
  private final ActionRuntime runtime;

  public DeployReport(ActionRuntime runtime) {
    this.runtime = runtime;
  }

  /**
   * Writes {@code result}, then throws when it is a refusal or a failure, so the exit code follows.
   */
  public void write(DeployResult result) {
    if (result.mode() == DeployRequest.Mode.PLAN) {
      logPlan(result);
    }
    outputs(result);
    summary(result);
    switch (result.outcome()) {
      case PLANNED ->
          result
              .refused()
              .forEach(
                  g ->
                      runtime
                          .log()
                          .warning(
                              (g.known() ? "Would refuse: " : "Unknown, so a deploy would refuse: ")
                                  + g.detail(),
                              Annotation.titled("deploy-env plan: " + g.gate())));
      case SUCCEEDED -> runtime.log().notice(result.message(), Annotation.titled("deploy-env"));
      case REFUSED -> {
        List<GateResult> no = result.refused();
        throw new GateRefusedException(
            no.size() == 1 ? no.get(0).gate() : "gates", result.message());
      }
      case FAILED, ROLLED_BACK -> {
        BosunException failure = result.failure().orElseThrow();
        if (result.outcome() == Outcome.FAILED && !failure.reported()) {
          throw failure;
        }
        throw new CheckFailedException(failure.subject(), result.message());
      }
    }
  }

  private void logPlan(DeployResult result) {
    runtime.log().info("Plan: " + result.message());
    for (AppResult a : result.apps()) {
      runtime.log().info("  " + a.key() + ": " + a.where());
      runtime
          .log()
          .info(
              "    current image: "
                  + a.previousImage()
                  + " (revision "
                  + a.previousRevision()
                  + ")");
      runtime.log().info("    image to set:  " + a.newImage() + " [" + a.state() + "]");
      if (!a.plan().isBlank()) {
        runtime.log().info("    would:         " + a.plan());
      }
    }
    for (GateResult g : result.gates()) {
      runtime.log().info("  gate " + g.gate() + ": " + g.verdict() + " - " + g.detail());
    }
    runtime.log().info("Plan only: nothing was changed.");
  }

  private void outputs(DeployResult result) {
    var out = runtime.outputs();
    out.set("digest", result.digest());
    result.deploymentId().ifPresent(id -> out.set("deployment-id", Long.toString(id)));
    if (!result.apps().isEmpty()) {
      Map<String, String> revisions = new LinkedHashMap<>();
      Map<String, String> previous = new LinkedHashMap<>();
      result
          .apps()
          .forEach(
              a -> {
                revisions.put(a.key(), a.revision());
                previous.put(a.key(), a.previousRevision());
              });
      out.set("revisions", json(revisions));
      out.set("previous-revisions", json(previous));
    }
    result.environmentUrl().ifPresent(u -> out.set("environment-url", u));
    if (result.mode() != DeployRequest.Mode.PLAN) {
      out.set("rolled-back", Boolean.toString(result.rolledBack()));
    }
    result.rollbackFrom().ifPresent(f -> out.set("rollback-from", f));
    result.rollbackTo().ifPresent(t -> out.set("rollback-to", t));
  }

  private void summary(DeployResult result) {
    var s = runtime.summary();
    String verb =
        switch (result.outcome()) {
          case PLANNED -> "plan";
          case SUCCEEDED ->
              result.mode() == DeployRequest.Mode.ROLLBACK ? "rolled back" : "deployed";
          case REFUSED -> "refused";
          case FAILED -> "failed";
          case ROLLED_BACK -> "failed, rolled back";
        };
    s.heading(
        2, "deploy-env " + result.mode().label() + " → " + result.environment() + ": " + verb);
    s.paragraph(result.message());
    s.list(List.of("Image: `" + result.image() + "`", "Digest: `" + result.digest() + "`"));
    if (!result.apps().isEmpty()) {
      List<List<String>> rows = new ArrayList<>();
      for (AppResult a : result.apps()) {
        rows.add(
            List.of(
                a.key(),
                a.place(),
                a.previousImage(),
                a.newImage(),
                a.revision(),
                Durations.format(a.took()),
                a.state()));
      }
      s.table(
          List.of(
              "app",
              result.placeLabel(),
              "previous image",
              "new image",
              "revision",
              "duration",
              "state"),
          rows);
    }
    if (!result.gates().isEmpty()) {
      List<List<String>> rows =
          result.gates().stream()
              .map(
                  g ->
                      List.of(
                          g.gate(),
                          g.passed() ? "✅ passed" : g.known() ? "❌ refused" : "❔ unknown",
                          g.detail()))
              .toList();
      s.heading(3, "Gates");
      s.table(List.of("gate", "result", "detail"), rows);
    }
    result
        .smoke()
        .ifPresent(
            sm ->
                s.details(
                    "Smoke checks: " + (sm.passed() ? "passed" : "failed"),
                    String.join("\n", sm.lines().stream().map(l -> "- " + l).toList())));
    s.write();
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
