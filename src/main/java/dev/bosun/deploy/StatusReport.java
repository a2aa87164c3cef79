package dev.bosun.deploy;

import dev.bosun.actions.ActionRuntime;
import java.util.List;

/** Writes "what is deployed where" to the log and the step summary as the same table. */
public final class StatusReport {

  private final ActionRuntime runtime;

  public StatusReport(ActionRuntime runtime) {
    this.runtime = runtime;
  }

  public void write(StatusResult result) {
    // the health column only when a target reports one (Argo CD, Flux), so other tables stay as
    // they were
    boolean health = result.rows().stream().anyMatch(r -> !r.health().isEmpty());
    List<String> header =
        new java.util.ArrayList<>(
            List.of(
                "environment",
                "app",
                result.placeLabel(),
                "version",
                "commit",
                "digest",
                "revision",
                "deployed",
                "by",
                "/api/version"));
    if (health) {
      header.add("sync and health");
    }
    List<List<String>> rows =
        result.rows().stream()
            .map(
                r -> {
                  List<String> row =
                      new java.util.ArrayList<>(
                          List.of(
                              r.environment(),
                              r.app(),
                              r.resource(),
                              r.version(),
                              r.sha().length() > 7 ? r.sha().substring(0, 7) : r.sha(),
                              shortDigest(r.digest(), r.image()),
                              r.revision(),
                              r.deployedAt(),
                              r.deployedBy(),
                              r.live()));
                  if (health) {
                    row.add(r.health());
                  }
                  return row;
                })
            .toList();
    runtime.log().info(String.join(" | ", header));
    rows.forEach(row -> runtime.log().info(String.join(" | ", row)));
    result.comparisons().forEach(c -> runtime.log().info(c));
    result
        .problems()
        .forEach(
            p ->
                runtime.log().warning(p, dev.bosun.actions.Annotation.titled("deploy-env status")));
    var s = runtime.summary();
    s.heading(2, "deploy-env status: what is deployed where");
    s.table(header, rows);
    if (!result.comparisons().isEmpty()) {
      s.heading(3, "Environments compared");
      s.list(result.comparisons());
    }
    if (!result.problems().isEmpty()) {
      s.heading(3, "Could not read");
      s.list(result.problems());
    }
    s.write();
  }

  private static String shortDigest(String digest, String image) {
    return digest.isEmpty() ? image : digest.substring(0, Math.min(19, digest.length()));
  }
}
