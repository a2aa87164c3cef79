package dev.bosun.migrate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reconciles the files with the history table into one row per migration and a state; a pure
 * function.
 */
public final class History {

  /** Where a migration stands. */
  public enum State {
    APPLIED("applied", false),
    APPLIED_NOW("applied now", false),
    PENDING("pending", false),
    OUT_OF_ORDER("pending, older than the newest applied", true),
    CHANGED("changed since applied", true),
    MISSING("applied, file missing", true),
    UNKNOWN("applied by a newer version of the files", true),
    BASELINE("baseline", false),
    BELOW_BASELINE("covered by baseline", false),
    FAILED("failed, rolled back", false),
    NOT_RUN("not run", false),
    AFTER_TARGET("pending, after target", false),
    REVERTED_NOW("reverted now", false),
    DOWN_FAILED("down failed, rolled back", false),
    FAILED_MIDWAY("failed midway outside a transaction: needs repair", false),
    REPAIRED_NOW("checksum re-recorded", false),
    CLEARED_NOW("failed record cleared, runs again", false);

    private final String label;
    private final boolean drift;

    State(String label, boolean drift) {
      this.label = label;
      this.drift = drift;
    }

    public String label() {
      return label;
    }

    public boolean drift() {
      return drift;
    }

    public boolean pending() {
      return this == PENDING || this == OUT_OF_ORDER;
    }
  }

  /** One line of the status table; {@code migration} is null for a history row without a file. */
  public record Row(
      String version,
      String name,
      String script,
      State state,
      Long executionMs,
      boolean nonTransactional,
      Migration migration,
      Ledger.Entry entry) {

    public Row with(State s, Long ms, boolean nonTx) {
      return new Row(version, name, script, s, ms, nonTx, migration, entry);
    }
  }

  private History() {}

  public static List<Row> reconcile(MigrationSource.Scan scan, List<Ledger.Entry> entries) {
    Version baseline = null;
    Map<Version, Ledger.Entry> applied = new HashMap<>();
    Map<String, Ledger.Entry> repeatables = new HashMap<>();
    List<Row> rows = new ArrayList<>();
    Map<Version, Ledger.Entry> failed = new HashMap<>();
    Map<String, Ledger.Entry> failedRepeatables = new HashMap<>();
    for (Ledger.Entry e : entries) {
      if (e.repair()) {
        continue; // the audit trail of mode: repair, not a migration
      } else if (e.failed()) {
        if (e.version() == null) {
          failedRepeatables.put(e.name(), e);
        } else {
          failed.put(e.version(), e);
        }
      } else if (e.baseline()) {
        baseline = baseline == null || e.version().compareTo(baseline) > 0 ? e.version() : baseline;
        rows.add(
            new Row(
                e.version().text(), e.name(), e.script(), State.BASELINE, null, false, null, e));
      } else if (e.version() == null) {
        repeatables.put(e.name(), e);
      } else {
        applied.put(e.version(), e);
      }
    }
    Version newestApplied = applied.keySet().stream().max(Comparator.naturalOrder()).orElse(null);
    Version newestFile =
        scan.versioned().isEmpty()
            ? null
            : scan.versioned().get(scan.versioned().size() - 1).version();
    Map<Version, Migration> files = new LinkedHashMap<>();
    for (Migration m : scan.versioned()) {
      files.put(m.version(), m);
      Ledger.Entry e = applied.get(m.version());
      State state;
      Ledger.Entry f = failed.get(m.version());
      if (e == null && f != null) {
        e = f;
        state = State.FAILED_MIDWAY;
      } else if (e != null) {
        state = m.checksum().equals(e.checksum()) ? State.APPLIED : State.CHANGED;
      } else if (baseline != null && m.version().compareTo(baseline) <= 0) {
        state = State.BELOW_BASELINE;
      } else if (newestApplied != null && m.version().compareTo(newestApplied) < 0) {
        state = State.OUT_OF_ORDER;
      } else {
        state = State.PENDING;
      }
      rows.add(
          new Row(
              m.version().text(),
              m.name(),
              m.script(),
              state,
              e == null ? null : e.executionMs(),
              e != null && !e.transactional(),
              m,
              e));
    }
    boolean extra = rows.size() > scan.versioned().size();
    for (Ledger.Entry e : failed.values()) {
      if (!files.containsKey(e.version())) {
        extra = true;
        rows.add(
            new Row(
                e.version().text(),
                e.name(),
                e.script(),
                State.FAILED_MIDWAY,
                e.executionMs(),
                true,
                null,
                e));
      }
    }
    for (Ledger.Entry e : applied.values()) {
      if (!files.containsKey(e.version())) {
        extra = true;
        State state =
            newestFile == null || e.version().compareTo(newestFile) > 0
                ? State.UNKNOWN
                : State.MISSING;
        rows.add(
            new Row(
                e.version().text(),
                e.name(),
                e.script(),
                state,
                e.executionMs(),
                !e.transactional(),
                null,
                e));
      }
    }
    if (extra) { // files come sorted; only baseline and missing rows need placing
      rows.sort(
          Comparator.comparing(
              r -> r.migration() != null ? r.migration().version() : r.entry().version()));
    }
    for (Migration m : scan.repeatable()) {
      Ledger.Entry e = repeatables.get(m.name());
      State state = e != null && m.checksum().equals(e.checksum()) ? State.APPLIED : State.PENDING;
      if (failedRepeatables.containsKey(m.name())) {
        e = failedRepeatables.get(m.name());
        state = State.FAILED_MIDWAY;
      }
      rows.add(
          new Row(
              "R", m.name(), m.script(), state, e == null ? null : e.executionMs(), false, m, e));
    }
    return rows;
  }

  /** The newest version recorded as applied or baselined, or null. */
  public static Version schemaVersion(List<Ledger.Entry> entries) {
    return entries.stream()
        .filter(e -> !e.failed() && !e.repair())
        .map(Ledger.Entry::version)
        .filter(java.util.Objects::nonNull)
        .max(Comparator.naturalOrder())
        .orElse(null);
  }

  /**
   * {@code target}: pending versioned migrations above it stay pending, marked as after the target.
   */
  public static List<Row> cut(List<Row> rows, Version target) {
    if (target == null) {
      return rows;
    }
    List<Row> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      boolean above =
          r.state().pending()
              && r.migration() != null
              && !r.migration().repeatable()
              && r.migration().version().compareTo(target) > 0;
      out.add(above ? r.with(State.AFTER_TARGET, null, false) : r);
    }
    return out;
  }
}
