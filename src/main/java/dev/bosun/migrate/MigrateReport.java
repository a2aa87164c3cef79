package dev.bosun.migrate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bosun.actions.ActionRuntime;
import dev.bosun.actions.Annotation;
import dev.bosun.actions.Printable;
import dev.bosun.support.CheckFailedException;
import dev.bosun.support.GateRefusedException;
import dev.bosun.support.Json;
import dev.bosun.support.OutsideSystemException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one writer of a db-migrate result: outputs, the step summary, the annotations, then the exit
 * (by exception).
 */
public final class MigrateReport {

  private static final ObjectMapper JSON = Json.mapper();
  private final ActionRuntime runtime;
  private final Optional<Path> sarifFile;

  public MigrateReport(ActionRuntime runtime) {
    this(runtime, Optional.empty());
  }

  /**
   * @param sarifFile where {@code sarif-file} asks for the findings as SARIF 2.1.0
   */
  public MigrateReport(ActionRuntime runtime, Optional<Path> sarifFile) {
    this.runtime = runtime;
    this.sarifFile = sarifFile;
  }

  public void write(MigrateResult r) {
    logTable(r);
    annotate(r);
    runtime.outputs().set("applied-count", Integer.toString(r.appliedCount()));
    runtime.outputs().set("reverted-count", Integer.toString(r.revertedCount()));
    runtime
        .outputs()
        .set(
            "pending-count",
            Long.toString(
                r.failure() == null
                    ? r.pendingCount()
                    : r.rows().stream()
                        .filter(
                            x ->
                                x.state().pending()
                                    || x.state() == History.State.NOT_RUN
                                    || x.state() == History.State.FAILED)
                        .count()));
    runtime.outputs().set("schema-version", r.schemaVersion());
    runtime.outputs().set("drift", Boolean.toString(r.drift()));
    runtime.outputs().set("plan", planJson(r));
    if (runtime
        .summary()
        .target()
        .isPresent()) { // no summary file on a laptop run: skip building a big table
      summary(r);
      runtime.summary().write();
    }
    sarifFile.ifPresent(f -> writeSarif(r, f));
    if (r.failure() != null) {
      throw CheckFailedException.alreadyReported("db-migrate", r.failure().script() + " failed");
    }
    if (!r.brokenRoundTrips().isEmpty()) {
      throw CheckFailedException.alreadyReported(
          "db-migrate",
          r.brokenRoundTrips().size() + " down migration(s) do not undo their migration");
    }
    if (r.refusal() != null) {
      throw new GateRefusedException(r.refusal().gate(), r.refusal().message());
    }
  }

  /**
   * Written on every run that lints, findings or not, so an upload-sarif step after it always has
   * its file.
   */
  private void writeSarif(MigrateResult r, Path file) {
    Path root =
        runtime.env().get("GITHUB_WORKSPACE").map(Path::of).orElse(Path.of("").toAbsolutePath());
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.writeString(file, Sarif.render(r.findings(), root), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new OutsideSystemException(
          "sarif-file",
          "Cannot write the SARIF file "
              + Printable.quoted(file)
              + ": "
              + Printable.value(e.getMessage()));
    }
    runtime.log().info("Wrote " + r.findings().size() + " lint finding(s) as SARIF to " + file);
  }

  private void logTable(MigrateResult r) {
    runtime
        .log()
        .info(
            "db-migrate "
                + r.mode().id()
                + " on "
                + r.target()
                + " ("
                + r.format().name().toLowerCase()
                + " files)");
    StringBuilder table = new StringBuilder();
    for (History.Row row : r.rows()) {
      table
          .append(table.isEmpty() ? "" : "\n")
          .append("  ")
          .append(pad(row.version(), 16))
          .append(' ')
          .append(pad(row.name(), 32))
          .append(' ')
          .append(row.state().label())
          .append(
              row.executionMs() == null || row.state() == History.State.APPLIED
                  ? ""
                  : " in " + row.executionMs() + " ms")
          .append(row.nonTransactional() ? " (no transaction)" : "");
    }
    if (!table.isEmpty()) {
      runtime.log().info(table.toString()); // one write: status over thousands of files stays fast
    }
    r.notes().forEach(n -> runtime.log().info(n));
    for (LegacyTable t : r.legacy()) {
      runtime
          .log()
          .info(
              "Found another tool's history table: "
                  + t.describe()
                  + ". Adopt the database with mode: baseline to import it.");
    }
    if (r.schema() != null) {
      runtime.log().info("Resulting schema:\n" + r.schema().render());
    }
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }

  private void annotate(MigrateResult r) {
    boolean blocking = r.refusal() != null && r.refusal().gate().equals("allow-destructive");
    for (Linter.Finding f : r.findings()) {
      if (f.suppressed() && !(blocking && f.rule().destructive())) {
        continue; // reviewed in the file; the summary lists it with its reason
      }
      Annotation at = new Annotation("lint " + f.rule().id(), f.script(), f.line(), null);
      if (blocking && f.rule().destructive()) {
        runtime.log().error(f.message(), at);
      } else {
        runtime.log().warning(f.message(), at);
      }
    }
    for (History.Row row : r.driftRows()) {
      runtime
          .log()
          .warning(
              row.script() + ": " + row.state().label() + driftHint(row.state()),
              new Annotation(
                  "drift",
                  row.migration() == null ? null : row.script(),
                  row.migration() == null ? null : 1,
                  null));
    }
    for (LegacyTable t : r.legacy()) {
      runtime
          .log()
          .notice(
              "Found "
                  + t.describe()
                  + " from another migration tool. Run db-migrate with mode: baseline "
                  + "to import it as the baseline.",
              Annotation.titled("legacy history"));
    }
    for (MigrateResult.Slow slow : r.slow()) {
      runtime
          .log()
          .warning(slowMessage(slow), new Annotation("warn-after", slow.script(), 1, null));
    }
    for (MigrateResult.RoundTrip t : r.brokenRoundTrips()) {
      runtime
          .log()
          .error(roundTripMessage(t), new Annotation("round trip", t.downScript(), 1, null));
    }
    if (r.failure() != null) {
      MigrateResult.Failure f = r.failure();
      runtime
          .log()
          .error(
              f.message()
                  + (f.partial()
                      ? " This migration ran outside a transaction: the statements before this one stay applied, and the next "
                          + "run refuses until the record is cleared with mode: repair."
                      : " The migration was rolled back; nothing of it was applied."),
              new Annotation("db-migrate", f.script(), f.line(), null));
    }
  }

  private static String slowMessage(MigrateResult.Slow slow) {
    return slow.script()
        + " took "
        + Migrator.format(java.time.Duration.ofMillis(slow.executionMs()))
        + ", longer than warn-after ("
        + Migrator.format(slow.limit())
        + ").";
  }

  private static String roundTripMessage(MigrateResult.RoundTrip t) {
    String what =
        t.error() != null
            ? t.error()
            : "the schema differs: "
                + String.join("; ", t.differences().stream().limit(5).toList())
                + (t.differences().size() > 5
                    ? "; and " + (t.differences().size() - 5) + " more"
                    : "");
    return t.downScript()
        + " does not undo "
        + t.script()
        + " (up, down, up on the throwaway database): "
        + what;
  }

  private static String driftHint(History.State s) {
    return switch (s) {
      case CHANGED ->
          ". The file's checksum differs from the one recorded when it was applied; restore it from git and "
              + "put the change in a new migration.";
      case MISSING -> ". It is recorded as applied but the file is gone; restore it.";
      case UNKNOWN ->
          ". The database has a migration newer than these files; deploy the newer files.";
      case OUT_OF_ORDER ->
          ". A newer migration is already applied; give this one a version above it.";
      default -> "";
    };
  }

  private void summary(MigrateResult r) {
    var s = runtime.summary();
    s.heading(3, "db-migrate " + r.mode().id() + ": " + headline(r));
    s.paragraph(
        "Target: "
            + r.target()
            + " · schema version "
            + (r.schemaVersion().isEmpty() ? "none" : "`" + r.schemaVersion() + "`")
            + " · "
            + r.format().name().toLowerCase()
            + " files");
    if (r.failure() != null) {
      MigrateResult.Failure f = r.failure();
      s.paragraph("**Failed:** `" + f.script() + "` line " + f.line() + ": " + f.message());
    }
    if (r.refusal() != null) {
      s.paragraph("**Refused:** " + r.refusal().message());
    }
    List<List<String>> table = new ArrayList<>();
    for (History.Row row : r.rows()) {
      table.add(
          List.of(
              row.version(),
              row.name(),
              "`" + row.script() + "`",
              row.state().label(),
              row.executionMs() == null ? "" : row.executionMs() + " ms",
              row.nonTransactional() ? "no" : "yes"));
    }
    if (!table.isEmpty()) {
      s.table(List.of("version", "name", "file", "state", "duration", "transaction"), table);
    }
    if (!r.notes().isEmpty()) {
      s.list(r.notes());
    }
    if (!r.slow().isEmpty()) {
      s.paragraph(
          "**Slow:** "
              + String.join("; ", r.slow().stream().map(MigrateReport::slowMessage).toList()));
    }
    if (!r.roundTrips().isEmpty()) {
      s.heading(4, "Down migrations (up, down, up)");
      List<List<String>> trips = new ArrayList<>();
      for (MigrateResult.RoundTrip t : r.roundTrips()) {
        trips.add(
            List.of(
                "`" + t.script() + "`",
                "`" + t.downScript() + "`",
                t.ok()
                    ? "round-trips"
                    : "**"
                        + (t.error() != null ? t.error() : String.join("<br>", t.differences()))
                        + "**"));
      }
      s.table(List.of("migration", "down", "result"), trips);
    }
    if (r.mode() == Mode.PLAN) {
      planSql(r);
    }
    if (!r.findings().isEmpty()) {
      s.heading(4, "Lint findings");
      List<List<String>> lint = new ArrayList<>();
      for (Linter.Finding f : r.findings()) {
        lint.add(
            List.of(
                f.rule().id() + (f.rule().destructive() ? " (destructive)" : ""),
                "`" + f.script() + "` line " + f.line(),
                code(f.statement()),
                f.suppression().map(x -> "suppressed: " + x.reason()).orElse(f.rule().message())));
      }
      s.table(List.of("rule", "where", "statement", "how to do it safely"), lint);
    }
    s.paragraph("Drift: " + (r.drift() ? "**yes** (" + r.driftRows().size() + ")" : "none"));
    if (!r.legacy().isEmpty()) {
      s.paragraph(
          "Other migration history found: "
              + String.join(", ", r.legacy().stream().map(LegacyTable::describe).toList())
              + ". Adopt it with `mode: baseline`.");
    }
    if (r.seed() != null) {
      s.paragraph(
          "Seed: " + String.join(", ", r.seed().files()) + " in " + r.seed().executionMs() + " ms");
    }
    if (r.schema() != null) {
      s.details("Resulting schema", "```\n" + r.schema().render() + "```");
    }
  }

  /** Inline code that its own backticks cannot end. */
  private static String code(String text) {
    String fence = "`".repeat(longestBacktickRun(text) + 1);
    return fence + (text.startsWith("`") || text.endsWith("`") ? " " + text + " " : text) + fence;
  }

  private static String headline(MigrateResult r) {
    if (r.failure() != null) {
      return "failed at " + r.failure().script();
    }
    if (r.refusal() != null) {
      return "refused";
    }
    return (switch (r.mode()) {
          case APPLY -> r.appliedCount() + " applied, " + r.pendingCount() + " pending";
          case VERIFY -> r.appliedCount() + " migrations verified on a throwaway database";
          case PLAN -> r.runnableCount() + " would run" + afterTarget(r);
          case STATUS ->
              r.pendingCount() + " pending" + afterTarget(r) + (r.drift() ? ", drift" : "");
          case BASELINE -> "baseline " + r.schemaVersion();
          case DOWN ->
              r.revertedCount()
                  + " reverted, schema version "
                  + (r.schemaVersion().isEmpty() ? "none" : r.schemaVersion());
          case REPAIR ->
              r.rows().stream()
                      .filter(
                          x ->
                              x.state() == History.State.REPAIRED_NOW
                                  || x.state() == History.State.CLEARED_NOW)
                      .count()
                  + " record(s) repaired";
        })
        + (r.mode() == Mode.VERIFY && !r.brokenRoundTrips().isEmpty()
            ? ", " + r.brokenRoundTrips().size() + " down migration(s) do not round-trip"
            : "");
  }

  private static String afterTarget(MigrateResult r) {
    long after = r.pendingCount() - r.runnableCount();
    return r.targetVersion() == null
        ? ""
        : " up to target "
            + r.targetVersion().text()
            + (after == 0 ? "" : ", " + after + " after it");
  }

  /**
   * The most SQL the plan summary shows per file, and how many files get it, so the summary stays
   * readable.
   */
  static final int SQL_LINES = 60;

  static final int SQL_FILES = 40;

  /**
   * Each pending migration's SQL, folded per file and cut after {@link #SQL_LINES} lines with a
   * count of the rest.
   */
  private void planSql(MigrateResult r) {
    List<History.Row> pending =
        r.rows().stream().filter(x -> x.state().pending() && x.migration() != null).toList();
    if (pending.isEmpty()) {
      return;
    }
    var s = runtime.summary();
    s.heading(4, "SQL that would run");
    for (History.Row row : pending.subList(0, Math.min(SQL_FILES, pending.size()))) {
      List<String> lines = row.migration().sql().lines().toList();
      String shown = String.join("\n", lines.subList(0, Math.min(SQL_LINES, lines.size())));
      String cut =
          lines.size() > SQL_LINES
              ? "\n… " + (lines.size() - SQL_LINES) + " more line(s) not shown"
              : "";
      String fence = "`".repeat(Math.max(3, longestBacktickRun(shown) + 1));
      s.details(
          row.script() + " (" + lines.size() + " line" + (lines.size() == 1 ? "" : "s") + ")",
          fence + "sql\n" + shown + "\n" + fence + cut);
    }
    if (pending.size() > SQL_FILES) {
      s.paragraph(
          "… and " + (pending.size() - SQL_FILES) + " more file(s); their SQL is not shown.");
    }
  }

  /** A fence longer than any backtick run in the SQL, so the SQL cannot close its code block. */
  static int longestBacktickRun(String text) {
    int best = 0;
    int run = 0;
    for (int i = 0; i < text.length(); i++) {
      run = text.charAt(i) == '`' ? run + 1 : 0;
      best = Math.max(best, run);
    }
    return best;
  }

  static String planJson(MigrateResult r) {
    ObjectNode root = JSON.createObjectNode();
    root.put("mode", r.mode().id());
    root.put("schemaVersion", r.schemaVersion());
    root.put("drift", r.drift());
    if (r.targetVersion() != null) {
      root.put("target", r.targetVersion().text());
    }
    ArrayNode pending = root.putArray("pending");
    for (History.Row row : r.rows()) {
      if (row.state().pending()
          || (r.mode() == Mode.VERIFY || r.mode() == Mode.APPLY)
              && (row.state() == History.State.APPLIED_NOW
                  || row.state() == History.State.FAILED
                  || row.state() == History.State.NOT_RUN)) {
        ObjectNode n = pending.addObject();
        n.put("version", row.version());
        n.put("name", row.name());
        n.put("script", row.script());
        n.put("state", row.state().label());
        if (row.migration() != null) {
          try {
            PreparedMigration p = PreparedMigration.of(row.migration());
            n.put("transactional", !p.nonTransactional());
            n.put("statements", p.statements().size());
          } catch (dev.bosun.support.BadInputException unusable) {
            n.put("error", unusable.getMessage());
          }
        }
      }
    }
    ArrayNode lint = root.putArray("lint");
    for (Linter.Finding f : r.findings()) {
      ObjectNode n = lint.addObject();
      n.put("rule", f.rule().id());
      n.put("destructive", f.rule().destructive());
      n.put("script", f.script());
      n.put("line", f.line());
      f.suppression().ifPresent(x -> n.put("suppressed", x.reason()));
    }
    ArrayNode drift = root.putArray("driftEntries");
    for (History.Row row : r.driftRows()) {
      drift
          .addObject()
          .put("version", row.version())
          .put("script", row.script())
          .put("state", row.state().label());
    }
    return root.toString();
  }
}
