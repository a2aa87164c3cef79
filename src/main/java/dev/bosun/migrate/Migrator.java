package dev.bosun.migrate;

import dev.bosun.support.BadInputException;
import dev.bosun.support.Durations;
import dev.bosun.support.GateRefusedException;
import dev.bosun.support.OutsideSystemException;
import dev.bosun.support.Sleeper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * The db-migrate service: reads the files, reconciles them with the history table and, for {@code
 * apply}, runs each pending migration with its history row in one transaction under the advisory
 * lock. Returns a {@link MigrateResult}; it prints nothing but progress lines.
 */
public final class Migrator {

  private final Connector connector;
  private final String targetName;
  private final Consumer<String> log;

  private final String urlInput;
  private final Clock clock;
  private final Sleeper sleeper;

  public Migrator(Connector connector, String targetName, Consumer<String> log) {
    this(connector, targetName, log, null);
  }

  /**
   * @param urlInput the input the connection came from, checked for a transaction-mode pooler
   *     before the lock is taken; null for the embedded server, which is never behind one
   */
  public Migrator(Connector connector, String targetName, Consumer<String> log, String urlInput) {
    this(connector, targetName, log, urlInput, Clock.systemUTC(), Sleeper.REAL);
  }

  /**
   * @param clock times migrations, the overall timeout and the lock wait
   * @param sleeper the pause between tries for another run's lock
   */
  Migrator(
      Connector connector,
      String targetName,
      Consumer<String> log,
      String urlInput,
      Clock clock,
      Sleeper sleeper) {
    this.connector = connector;
    this.targetName = targetName;
    this.log = log;
    this.urlInput = urlInput;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /** The lock means nothing behind a transaction-mode pooler: refuse before taking it. */
  private void refusePooler(Connection c) throws SQLException {
    if (urlInput != null && ConnectionPooler.sharesSessions(c, connector)) {
      throw ConnectionPooler.refusal(
          urlInput, "a connection pooler that gave two connections the same server session");
    }
  }

  public MigrateResult run(MigrateRequest request) {
    MigrationSource.Scan scan = MigrationSource.scan(request.dir(), request.format());
    MigrateRequest req = request.withLint(request.lint().resolved(request.dir()));
    List<Path> seedFiles = seedFiles(req.seeds());
    if (!seedFiles.isEmpty()
        && req.production()
        && !req.allowSeedInProduction()
        && req.mode() == Mode.APPLY) {
      throw new GateRefusedException(
          "allow-seed-in-production",
          "Refusing to seed "
              + describeEnv(req)
              + ", a production environment. Seeds are for dev, test and staging; set allow-seed-in-production: true "
              + "only if you really mean to write seed data into production.");
    }
    if (req.mode() == Mode.DOWN && req.production() && !req.allowDestructive()) {
      throw new GateRefusedException(
          "allow-destructive",
          "Refusing to run down migrations on "
              + describeEnv(req)
              + ", a production environment: they usually drop tables and columns, and the data in them. Restore from a "
              + "backup or roll forward with a new migration, or, if you really mean it, set allow-destructive: true.");
    }
    checkTarget(req, scan);
    scan.all()
        .forEach(LintIgnore::parse); // a bad lint-ignore line is bad input before anything connects
    try {
      return switch (req.mode()) {
        case STATUS, PLAN -> inspect(req, scan);
        case APPLY, VERIFY ->
            locked(
                req,
                (c, ledger, watchdog) -> applyLocked(c, ledger, req, scan, seedFiles, watchdog));
        case DOWN ->
            locked(req, (c, ledger, watchdog) -> downLocked(c, ledger, req, scan, watchdog));
        case REPAIR -> locked(req, (c, ledger, watchdog) -> repairLocked(c, ledger, req, scan));
        case BASELINE -> baseline(req, scan);
      };
    } catch (SQLException e) {
      throw new OutsideSystemException(
          "database", "PostgreSQL at " + targetName + " failed: " + describe(e), e);
    }
  }

  /** status and plan: read-only, no lock, nothing created. */
  private MigrateResult inspect(MigrateRequest req, MigrationSource.Scan scan) throws SQLException {
    try (Connection c = connector.open()) {
      configure(c, req);
      try (Statement s = c.createStatement()) {
        s.execute("SET default_transaction_read_only = on");
      }
      Ledger ledger = new Ledger(req.schema());
      List<Ledger.Entry> entries = ledger.read(c);
      List<LegacyTable> legacy = entries.isEmpty() ? LegacyTable.find(c) : List.of();
      List<History.Row> rows = History.cut(History.reconcile(scan, entries), req.target());
      List<Linter.Finding> findings =
          req.mode() == Mode.PLAN ? lintPending(rows, settings(c, req), req) : List.of();
      if (req.mode() == Mode.PLAN) {
        prepareAll(rows, req); // surfaces non-transactional files now rather than at apply time
      }
      Version v = History.schemaVersion(entries);
      return new MigrateResult(
              req.mode(),
              targetName,
              scan.format(),
              rows,
              findings,
              null,
              null,
              v == null ? "" : v.text(),
              0,
              legacy,
              null,
              null,
              List.of())
          .with(List.of(), List.of(), 0, req.target());
    }
  }

  /** Work done under the migration lock, with the overall timeout watching its statements. */
  @FunctionalInterface
  private interface LockedWork {
    MigrateResult run(Connection c, Ledger ledger, Watchdog watchdog) throws SQLException;
  }

  /**
   * What a migration's run leaves in the history table: its row on success, a failed row when it
   * stopped midway.
   */
  @FunctionalInterface
  private interface Record {
    void write(long executionMs) throws SQLException;
  }

  private MigrateResult locked(MigrateRequest req, LockedWork work) throws SQLException {
    Instant deadline = clock.instant().plus(req.timeout());
    Ledger ledger = new Ledger(req.schema());
    try (Connection c = connector.open();
        Watchdog watchdog = new Watchdog(deadline, clock)) {
      configure(c, req);
      refusePooler(c);
      Duration lockWait = min(req.lockTimeout(), Duration.between(clock.instant(), deadline));
      AdvisoryLock lock =
          new AdvisoryLock(
              c, ledger.lockKey(), req.schema() + "." + Ledger.TABLE, log, clock, sleeper);
      return lock.execute(lockWait, () -> work.run(c, ledger, watchdog));
    }
  }

  /**
   * {@code target} must name a migration, so a typo does not silently apply everything or nothing.
   */
  private static void checkTarget(MigrateRequest req, MigrationSource.Scan scan) {
    if (req.target() == null || req.mode() == Mode.DOWN) {
      return;
    }
    if (req.mode() == Mode.BASELINE || req.mode() == Mode.REPAIR) {
      throw new BadInputException(
          "target",
          "Input 'target' is for modes apply, plan, status, verify and down, not "
              + req.mode().id()
              + ". Remove it (for baseline, set baseline-version).");
    }
    if (scan.versioned().stream().noneMatch(m -> m.version().equals(req.target()))) {
      List<Migration> v = scan.versioned();
      throw new BadInputException(
          "target",
          "Input 'target': no migration has version "
              + req.target().text()
              + (v.isEmpty()
                  ? " (there are no versioned migrations)"
                  : " (the versions run from "
                      + v.get(0).version().text()
                      + " to "
                      + v.get(v.size() - 1).version().text()
                      + ")")
              + ". Set it to the version of the last migration to apply.");
    }
  }

  private MigrateResult applyLocked(
      Connection c,
      Ledger ledger,
      MigrateRequest req,
      MigrationSource.Scan scan,
      List<Path> seedFiles,
      Watchdog watchdog)
      throws SQLException {
    ledger.create(c);
    List<Ledger.Entry> entries = ledger.read(c);
    List<LegacyTable> legacy = entries.isEmpty() ? LegacyTable.find(c) : List.of();
    List<History.Row> rows =
        new ArrayList<>(History.cut(History.reconcile(scan, entries), req.target()));
    List<Linter.Finding> findings = lintPending(rows, settings(c, req), req);
    List<PreparedMigration> prepared = prepareAll(rows, req);
    Map<Version, PreparedMigration> downs =
        req.mode() == Mode.VERIFY ? prepareDowns(scan, prepared, req) : Map.of();
    List<MigrateResult.Slow> slow = new ArrayList<>();
    List<MigrateResult.RoundTrip> trips = new ArrayList<>();
    String version = versionText(History.schemaVersion(entries));
    List<String> notes = new ArrayList<>();
    MigrateResult.Refusal refusal = refusal(req, rows, findings, legacy, entries);
    if (refusal != null) {
      return new MigrateResult(
              req.mode(),
              targetName,
              scan.format(),
              rows,
              findings,
              null,
              refusal,
              version,
              0,
              legacy,
              null,
              null,
              notes)
          .with(List.of(), List.of(), 0, req.target());
    }
    for (Linter.Finding f : findings) {
      log.accept(
          "Lint "
              + f.rule().id()
              + (f.rule().destructive() ? " (destructive)" : "")
              + " at "
              + f.script()
              + " line "
              + f.line()
              + ": "
              + f.statement()
              + f.suppression().map(x -> " (suppressed: " + x.reason() + ")").orElse(""));
    }
    int applied = 0;
    MigrateResult.Failure failure = null;
    for (PreparedMigration p : prepared) {
      int index = indexOf(rows, p.migration());
      if (watchdog.fired()) {
        failure =
            new MigrateResult.Failure(
                p.migration().script(),
                1,
                "The overall timeout ("
                    + format(req.timeout())
                    + ") was reached before this migration started; it and the ones after it were not run.",
                null,
                false);
        markNotRun(rows, index);
        break;
      }
      log.accept(
          "Applying "
              + p.migration().script()
              + (p.nonTransactional() ? " (outside a transaction)" : ""));
      PreparedMigration down =
          p.migration().repeatable() ? null : downs.get(p.migration().version());
      SchemaSnapshot before = down == null ? null : SchemaSnapshot.read(c);
      long start = clock.millis();
      failure = runUp(c, ledger, p, req, watchdog);
      long ms = clock.millis() - start;
      if (failure != null) {
        rows.set(
            index,
            rows.get(index)
                .with(
                    failure.partial() ? History.State.FAILED_MIDWAY : History.State.FAILED,
                    ms,
                    p.nonTransactional()));
        markNotRun(rows, index + 1);
        break;
      }
      noteIfSlow(slow, p.migration().script(), ms, req);
      if (down != null) {
        MigrateResult.RoundTrip trip = roundTrip(c, ledger, p, down, before, req, watchdog);
        trips.add(trip);
        if (trip.error() != null && trip.error().startsWith(AGAIN)) {
          // the database is now as the down left it: the migrations after this one would test
          // nothing real
          notes.add(
              "verify stopped after "
                  + p.migration().script()
                  + ": once its down migration ran, it could not "
                  + "be applied again.");
          rows.set(index, rows.get(index).with(History.State.FAILED, ms, p.nonTransactional()));
          markNotRun(rows, index + 1);
          break;
        }
      }
      applied++;
      rows.set(index, rows.get(index).with(History.State.APPLIED_NOW, ms, p.nonTransactional()));
      if (!p.migration().repeatable()) {
        version = p.migration().version().text();
      }
      if (p.nonTransactional()) {
        notes.add(
            p.migration().script()
                + " ran outside a transaction ("
                + p.nonTransactionalStatement()
                + " at line "
                + p.nonTransactionalLine()
                + ").");
      }
    }
    MigrateResult.SeedRun seed = null;
    if (failure == null && !seedFiles.isEmpty()) {
      long start = clock.millis();
      failure = runSeed(c, seedFiles, watchdog);
      seed =
          new MigrateResult.SeedRun(
              seedFiles.stream().map(Path::toString).toList(), clock.millis() - start);
    }
    SchemaSnapshot schema =
        req.mode() == Mode.VERIFY && failure == null ? SchemaSnapshot.read(c) : null;
    return new MigrateResult(
            req.mode(),
            targetName,
            scan.format(),
            rows,
            findings,
            failure,
            null,
            version,
            applied,
            legacy,
            schema,
            seed,
            notes)
        .with(slow, trips, 0, req.target());
  }

  private static final String AGAIN = "Applying it again after its down migration failed: ";

  /**
   * verify's round trip for one migration just applied: its down must bring the schema back to
   * {@code before}, and applying it again must give the same schema as the first time.
   */
  private MigrateResult.RoundTrip roundTrip(
      Connection c,
      Ledger ledger,
      PreparedMigration up,
      PreparedMigration down,
      SchemaSnapshot before,
      MigrateRequest req,
      Watchdog watchdog)
      throws SQLException {
    String script = up.migration().script();
    String downScript = down.migration().script();
    SchemaSnapshot applied = SchemaSnapshot.read(c);
    Ledger.Entry entry = newest(ledger.read(c), up.migration().version());
    log.accept("Checking " + downScript + " (up, down, up)");
    MigrateResult.Failure downFailure = runDown(c, ledger, down, entry, watchdog);
    if (downFailure != null) {
      return new MigrateResult.RoundTrip(
          script,
          downScript,
          List.of(),
          "The down migration failed at line " + downFailure.line() + ": " + downFailure.message());
    }
    List<String> differences = new ArrayList<>();
    before.differences(SchemaSnapshot.read(c)).forEach(d -> differences.add("after down: " + d));
    MigrateResult.Failure again = runUp(c, ledger, up, req, watchdog);
    if (again != null) {
      return new MigrateResult.RoundTrip(
          script, downScript, differences, AGAIN + "line " + again.line() + ": " + again.message());
    }
    applied
        .differences(SchemaSnapshot.read(c))
        .forEach(d -> differences.add("after up again: " + d));
    return new MigrateResult.RoundTrip(script, downScript, differences, null);
  }

  private static Ledger.Entry newest(List<Ledger.Entry> entries, Version v) {
    Ledger.Entry found = null;
    for (Ledger.Entry e : entries) {
      if (v.equals(e.version()) && !e.repair()) {
        found = e;
      }
    }
    if (found == null) {
      throw new IllegalStateException("no history row for " + v);
    }
    return found;
  }

  /**
   * For verify: the down migration of each versioned migration about to run, checked as its up is.
   */
  private Map<Version, PreparedMigration> prepareDowns(
      MigrationSource.Scan scan, List<PreparedMigration> prepared, MigrateRequest req) {
    Map<Version, PreparedMigration> out = new HashMap<>();
    for (PreparedMigration p : prepared) {
      MigrationSource.DownFile d =
          p.migration().repeatable() ? null : scan.downs().get(p.migration().version());
      if (d != null) {
        out.put(d.version(), checked(PreparedMigration.of(d.read()), req));
      }
    }
    return out;
  }

  private MigrateResult.Failure runUp(
      Connection c, Ledger ledger, PreparedMigration p, MigrateRequest req, Watchdog watchdog)
      throws SQLException {
    String kind = p.migration().repeatable() ? "repeatable" : "versioned";
    boolean tx = !p.nonTransactional();
    return execute(
        c,
        List.of(Script.of(p)),
        tx,
        watchdog,
        ms -> ledger.insert(c, p.migration(), kind, req.appliedBy(), ms, req.runUrl(), tx),
        ms -> ledger.insert(c, p.migration(), "failed", req.appliedBy(), ms, req.runUrl(), false));
  }

  /**
   * Runs a down migration; its history row goes with it, in the same transaction when it has one.
   */
  private MigrateResult.Failure runDown(
      Connection c, Ledger ledger, PreparedMigration down, Ledger.Entry entry, Watchdog watchdog)
      throws SQLException {
    return execute(
        c,
        List.of(Script.of(down)),
        !down.nonTransactional(),
        watchdog,
        ms -> ledger.delete(c, entry.rank()),
        ms -> ledger.markFailed(c, entry.rank()));
  }

  private static void noteIfSlow(
      List<MigrateResult.Slow> slow, String script, long ms, MigrateRequest req) {
    if (!req.warnAfter().isZero() && ms > req.warnAfter().toMillis()) {
      slow.add(new MigrateResult.Slow(script, ms, req.warnAfter()));
    }
  }

  private MigrateResult downLocked(
      Connection c, Ledger ledger, MigrateRequest req, MigrationSource.Scan scan, Watchdog watchdog)
      throws SQLException {
    List<Ledger.Entry> entries = ledger.read(c);
    List<History.Row> rows = History.reconcile(scan, entries);
    String version = versionText(History.schemaVersion(entries));
    MigrateResult.Refusal refusal = blocked(req, rows);
    if (refusal != null) {
      return new MigrateResult(
              Mode.DOWN,
              targetName,
              scan.format(),
              rows,
              List.of(),
              null,
              refusal,
              version,
              0,
              List.of(),
              null,
              null,
              List.of())
          .with(List.of(), List.of(), 0, req.target());
    }
    List<Ledger.Entry> chosen = toRevert(req, entries);
    List<PreparedMigration> downs = new ArrayList<>();
    for (Ledger.Entry e : chosen) {
      MigrationSource.DownFile d = scan.downs().get(e.version());
      if (d == null) {
        throw new BadInputException(
            "dir",
            "Input 'dir': "
                + e.script()
                + " (version "
                + e.version().text()
                + ") has no "
                + "down migration, so nothing was reverted. Add "
                + (scan.format() == MigrationFormat.FLYWAY
                    ? "U" + e.version().text() + "__" + e.name().replace(' ', '_') + ".sql"
                    : downName(e.script()))
                + " beside it with the SQL that undoes it.");
      }
      downs.add(checked(PreparedMigration.of(d.read()), req));
    }
    List<String> notes = new ArrayList<>();
    if (chosen.isEmpty()) {
      notes.add(
          "Nothing to revert: no migration above "
              + (req.target() == null ? "the baseline" : "target " + req.target().text())
              + " is applied.");
    }
    Map<Version, Long> reverted = new HashMap<>();
    List<MigrateResult.Slow> slow = new ArrayList<>();
    MigrateResult.Failure failure = null;
    Version failedAt = null;
    for (int i = 0; i < chosen.size(); i++) {
      Ledger.Entry e = chosen.get(i);
      PreparedMigration d = downs.get(i);
      if (watchdog.fired()) {
        failure =
            new MigrateResult.Failure(
                d.migration().script(),
                1,
                "The overall timeout ("
                    + format(req.timeout())
                    + ") was reached before this down migration started; it and the ones after it were not run.",
                null,
                false);
        break;
      }
      log.accept(
          "Reverting "
              + e.script()
              + " with "
              + d.migration().script()
              + (d.nonTransactional() ? " (outside a transaction)" : ""));
      long start = clock.millis();
      failure = runDown(c, ledger, d, e, watchdog);
      long ms = clock.millis() - start;
      if (failure != null) {
        failedAt = e.version();
        break;
      }
      reverted.put(e.version(), ms);
      noteIfSlow(slow, d.migration().script(), ms, req);
    }
    List<Ledger.Entry> after = ledger.read(c);
    List<History.Row> out = new ArrayList<>();
    for (History.Row r : History.reconcile(scan, after)) {
      Version v =
          r.migration() == null || r.migration().repeatable() ? null : r.migration().version();
      if (v != null && reverted.containsKey(v)) {
        out.add(r.with(History.State.REVERTED_NOW, reverted.get(v), false));
      } else if (v != null && v.equals(failedAt) && r.state() != History.State.FAILED_MIDWAY) {
        out.add(r.with(History.State.DOWN_FAILED, null, false));
      } else {
        out.add(r);
      }
    }
    return new MigrateResult(
            Mode.DOWN,
            targetName,
            scan.format(),
            out,
            List.of(),
            failure,
            null,
            versionText(History.schemaVersion(after)),
            0,
            List.of(),
            null,
            null,
            notes)
        .with(slow, List.of(), reverted.size(), req.target());
  }

  /** {@code 015_users.sql} gives {@code 015_users.down.sql}, shown without the directory. */
  private static String downName(String script) {
    String file = script.substring(script.lastIndexOf('/') + 1);
    return file.endsWith(".sql")
        ? file.substring(0, file.length() - 4) + ".down.sql"
        : file + ".down.sql";
  }

  /**
   * The applied migrations down removes, newest first: those above {@code target}, or the newest
   * {@code steps}.
   */
  private static List<Ledger.Entry> toRevert(MigrateRequest req, List<Ledger.Entry> entries) {
    List<Ledger.Entry> applied =
        entries.stream()
            .filter(e -> "versioned".equals(e.kind()))
            .sorted(Comparator.comparing(Ledger.Entry::version).reversed())
            .toList();
    Version baseline =
        entries.stream()
            .filter(Ledger.Entry::baseline)
            .map(Ledger.Entry::version)
            .max(Comparator.naturalOrder())
            .orElse(null);
    if (req.steps() > 0) {
      if (applied.size() < req.steps()) {
        throw new BadInputException(
            "steps",
            "Input 'steps' is "
                + req.steps()
                + ", but only "
                + applied.size()
                + " migration(s) applied by bosun"
                + (baseline == null ? "" : " above the baseline " + baseline.text())
                + " can be reverted. Use a smaller number, or target.");
      }
      return applied.subList(0, req.steps());
    }
    Version t = req.target();
    if (baseline != null && t.compareTo(baseline) < 0) {
      throw new BadInputException(
          "target",
          "Input 'target' ("
              + t.text()
              + ") is below the baseline "
              + baseline.text()
              + ": the migrations before the baseline were not applied by bosun, so it cannot revert "
              + "them. Use "
              + baseline.text()
              + " or higher.");
    }
    return applied.stream().filter(e -> e.version().compareTo(t) > 0).toList();
  }

  /** A failed-midway record or drift stops apply and down alike. */
  private static MigrateResult.Refusal blocked(MigrateRequest req, List<History.Row> rows) {
    for (History.Row r : rows) {
      if (r.state() == History.State.FAILED_MIDWAY) {
        return new MigrateResult.Refusal(
            "repair",
            r.script()
                + " failed midway outside a transaction in an earlier "
                + "run, so part of it may be applied: nothing was run. Check the database and finish or undo its "
                + "statements by hand, then run mode: repair with a reason to clear the record (it then runs again in full).");
      }
    }
    if (rows.stream().anyMatch(r -> r.state().drift()) && !req.allowDrift()) {
      return new MigrateResult.Refusal(
          "allow-drift",
          "The database has drifted from the migration files (see the "
              + "drift table): nothing was "
              + (req.mode() == Mode.DOWN ? "reverted" : "applied")
              + ". Restore the "
              + "changed or missing files from git; or, once you have checked the difference, run mode: repair with a "
              + "reason to accept changed files, or run again with allow-drift: true.");
    }
    return null;
  }

  private MigrateResult repairLocked(
      Connection c, Ledger ledger, MigrateRequest req, MigrationSource.Scan scan)
      throws SQLException {
    ledger.create(c);
    List<History.Row> rows = History.reconcile(scan, ledger.read(c));
    List<History.Row> changed =
        rows.stream().filter(r -> r.state() == History.State.CHANGED).toList();
    List<History.Row> failed =
        rows.stream().filter(r -> r.state() == History.State.FAILED_MIDWAY).toList();
    c.setAutoCommit(false);
    try {
      for (History.Row r : changed) {
        ledger.updateChecksum(c, r.entry().rank(), r.migration().checksum());
        ledger.insertRepair(
            c,
            r.entry(),
            "checksum re-recorded",
            r.migration().checksum(),
            req.appliedBy(),
            req.runUrl(),
            req.reason());
      }
      for (History.Row r : failed) {
        ledger.delete(c, r.entry().rank());
        ledger.insertRepair(
            c,
            r.entry(),
            "failed record cleared",
            null,
            req.appliedBy(),
            req.runUrl(),
            req.reason());
      }
      c.commit();
    } catch (SQLException e) {
      rollbackQuietly(c, e);
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
    List<Ledger.Entry> after = ledger.read(c);
    java.util.Set<String> fixed = new java.util.HashSet<>();
    changed.forEach(r -> fixed.add(r.script()));
    java.util.Set<String> cleared = new java.util.HashSet<>();
    failed.forEach(r -> cleared.add(r.script()));
    List<History.Row> out = new ArrayList<>();
    for (History.Row r : History.reconcile(scan, after)) {
      out.add(
          fixed.contains(r.script())
              ? r.with(History.State.REPAIRED_NOW, r.executionMs(), r.nonTransactional())
              : cleared.contains(r.script()) ? r.with(History.State.CLEARED_NOW, null, true) : r);
    }
    for (History.Row r : failed) {
      if (r.migration()
          == null) { // a failed record whose file is gone: it no longer has a row of its own
        out.add(r.with(History.State.CLEARED_NOW, null, true));
      }
    }
    List<String> notes = new ArrayList<>();
    if (changed.isEmpty() && failed.isEmpty()) {
      notes.add("Nothing to repair: no applied file changed and no migration failed midway.");
    } else {
      notes.add(
          "Repaired "
              + (changed.size() + failed.size())
              + " record(s) as "
              + req.appliedBy()
              + ", reason: "
              + req.reason());
    }
    return new MigrateResult(
        Mode.REPAIR,
        targetName,
        scan.format(),
        out,
        List.of(),
        null,
        null,
        versionText(History.schemaVersion(after)),
        0,
        List.of(),
        null,
        null,
        notes);
  }

  private MigrateResult.Refusal refusal(
      MigrateRequest req,
      List<History.Row> rows,
      List<Linter.Finding> findings,
      List<LegacyTable> legacy,
      List<Ledger.Entry> entries) {
    if (req.mode() == Mode.VERIFY) {
      return null;
    }
    MigrateResult.Refusal blocked = blocked(req, rows);
    if (blocked != null) {
      return blocked;
    }
    if (entries.isEmpty() && legacy.stream().anyMatch(l -> l.rows() > 0)) {
      return new MigrateResult.Refusal(
          "baseline",
          "This database already has a migration history in "
              + legacy.stream().map(LegacyTable::describe).toList()
              + " but no "
              + Ledger.TABLE
              + ": applying every file "
              + "would run migrations that were already applied. Adopt it first with mode: baseline (it records the newest "
              + "version found there, or set baseline-version).");
    }
    List<Linter.Finding> destructive =
        findings.stream().filter(f -> f.rule().destructive()).toList();
    if (req.production() && !destructive.isEmpty() && !req.allowDestructive()) {
      return new MigrateResult.Refusal(
          "allow-destructive",
          destructive.size()
              + " destructive change(s) pending for "
              + describeEnv(req)
              + ", a production environment: nothing was applied. Review them (first: "
              + destructive.get(0).script()
              + " line "
              + destructive.get(0).line()
              + ", "
              + destructive.get(0).rule().id()
              + "), then run again with allow-destructive: true.");
    }
    return null;
  }

  private MigrateResult baseline(MigrateRequest req, MigrationSource.Scan scan)
      throws SQLException {
    Ledger ledger = new Ledger(req.schema());
    try (Connection c = connector.open()) {
      configure(c, req);
      refusePooler(c);
      AdvisoryLock lock =
          new AdvisoryLock(
              c, ledger.lockKey(), req.schema() + "." + Ledger.TABLE, log, clock, sleeper);
      return lock.execute(
          req.lockTimeout(),
          () -> {
            ledger.create(c);
            List<Ledger.Entry> entries = ledger.read(c);
            List<LegacyTable> legacy = LegacyTable.find(c);
            if (!entries.isEmpty()) {
              throw new BadInputException(
                  "mode",
                  "Input 'mode': baseline only adopts a database without bosun history, but "
                      + ledger.qualifiedName()
                      + " already has "
                      + entries.size()
                      + " row(s). Use mode: status to see them.");
            }
            Version v = req.baselineVersion();
            String from = "baseline-version input";
            java.util.Optional<FlywayHistory> flyway =
                v == null ? FlywayHistory.find(c) : java.util.Optional.empty();
            if (flyway.isPresent()) {
              return importFlyway(c, ledger, req, scan, flyway.get());
            }
            if (v == null) {
              LegacyTable source =
                  legacy.stream()
                      .filter(l -> l.highest() != null)
                      .findFirst()
                      .orElseThrow(
                          () ->
                              new BadInputException(
                                  "baseline-version",
                                  "Input 'baseline-version' is required for "
                                      + "mode: baseline when the database has no schema_migrations or _prisma_migrations table to import "
                                      + "from. Set it to the newest migration version already in the database, for example 015."));
              v = source.highest();
              from = "imported from " + source.describe();
            }
            ledger.insertBaseline(c, v, "baseline (" + from + ")", req.appliedBy(), req.runUrl());
            List<Ledger.Entry> after = ledger.read(c);
            return new MigrateResult(
                Mode.BASELINE,
                targetName,
                scan.format(),
                History.reconcile(scan, after),
                List.of(),
                null,
                null,
                v.text(),
                0,
                List.of(), // adopted now: the notes say where from, no "adopt it" hint
                null,
                null,
                List.of("Recorded baseline " + v.text() + " (" + from + ")."));
          });
    }
  }

  /**
   * Adopts a Flyway database row by row: each applied version with its description and who applied
   * it, Flyway's baseline, and the migrations that failed midway (which then block apply until
   * mode: repair). The files present now are trusted as what was applied, as a baseline trusts
   * them; versions without a file show as missing.
   */
  private MigrateResult importFlyway(
      Connection c,
      Ledger ledger,
      MigrateRequest req,
      MigrationSource.Scan scan,
      FlywayHistory flyway)
      throws SQLException {
    Map<Version, Migration> files = new HashMap<>();
    scan.versioned().forEach(m -> files.put(m.version(), m));
    Map<String, Migration> repeatables = new HashMap<>();
    scan.repeatable().forEach(m -> repeatables.put(m.name(), m));
    String source = "imported from " + flyway.table();
    c.setAutoCommit(false);
    try {
      for (FlywayHistory.Applied a : flyway.applied()) {
        Migration file =
            a.version() == null ? repeatables.get(a.description()) : files.get(a.version());
        if (a.kind().equals("baseline")) {
          ledger.insertBaseline(
              c,
              a.version(),
              "baseline (" + source + ": " + a.description() + ")",
              req.appliedBy(),
              req.runUrl());
        } else if (a.version() != null || file != null) {
          ledger.insertImported(
              c,
              a.version(),
              a.description(),
              a.kind(),
              file == null ? "(" + source + ")" : file.script(),
              file == null ? null : file.checksum(),
              a.installedBy() + " (Flyway)",
              a.executionMs(),
              req.runUrl());
        }
      }
      c.commit();
    } catch (SQLException e) {
      rollbackQuietly(c, e);
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
    List<Ledger.Entry> after = ledger.read(c);
    Version v = History.schemaVersion(after);
    List<String> notes = new ArrayList<>();
    notes.add(
        "Imported "
            + flyway.applied().size()
            + " record(s) from "
            + flyway.table()
            + (flyway.failedCount() == 0
                ? "."
                : ", "
                    + flyway.failedCount()
                    + " of them failed: apply refuses until they are checked and cleared with "
                    + "mode: repair."));
    return new MigrateResult(
        Mode.BASELINE,
        targetName,
        scan.format(),
        History.reconcile(scan, after),
        List.of(),
        null,
        null,
        versionText(v),
        0,
        List.of(), // adopted now: the notes say where from, no "adopt it" hint
        null,
        null,
        notes);
  }

  /**
   * A unit of the execution template: statements, the file errors name, and a line to log first.
   */
  private record Script(String name, List<SqlScript.Statement> statements, String announce) {
    static Script of(PreparedMigration p) {
      return new Script(p.migration().script(), p.statements(), null);
    }
  }

  /**
   * The one execution template, for migrations, down migrations and seeds alike. In a transaction:
   * every statement, then {@code done} (the history row), then commit; any failure rolls all of it
   * back. Outside one: statement by statement, then {@code done}; when it stops after some
   * statements ran, {@code partial} records that (when not null), so the next run refuses until a
   * person has looked and run mode: repair. The overall timeout's watchdog cancels the running
   * statement either way.
   */
  private MigrateResult.Failure execute(
      Connection c,
      List<Script> scripts,
      boolean transactional,
      Watchdog watchdog,
      Record done,
      Record partial)
      throws SQLException {
    Script script = scripts.isEmpty() ? null : scripts.get(0);
    SqlScript.Statement current = null;
    boolean any = false;
    long start = clock.millis();
    if (transactional) {
      c.setAutoCommit(false);
    }
    try (Statement st = c.createStatement()) {
      st.setEscapeProcessing(false);
      watchdog.watch(st);
      for (Script s : scripts) {
        script = s;
        if (s.announce() != null) {
          log.accept(s.announce());
        }
        for (SqlScript.Statement statement : s.statements()) {
          current = statement;
          st.execute(statement.text());
          any = true;
        }
      }
      current = null;
      done.write(clock.millis() - start);
      if (transactional) {
        c.commit();
      }
      return null;
    } catch (SQLException e) {
      boolean left = !transactional && any;
      if (transactional) {
        rollbackQuietly(c, e);
      } else if (left && partial != null) {
        try {
          partial.write(clock.millis() - start);
        } catch (SQLException unrecorded) {
          e.addSuppressed(unrecorded); // the connection is gone: the error below is what matters
        }
      }
      return failure(script == null ? "" : script.name(), current, e, watchdog, left);
    } catch (RuntimeException | Error e) {
      if (transactional) {
        rollbackQuietly(c, e); // never let the finally's autocommit commit half a transaction
      }
      throw e;
    } finally {
      watchdog.watch(null);
      if (transactional && !c.isClosed()) {
        try {
          c.setAutoCommit(true);
        } catch (SQLException ignored) {
          // the connection is gone; the failure already says so
        }
      }
    }
  }

  /** The seed files in one transaction; all are read (and size-checked) before it starts. */
  private MigrateResult.Failure runSeed(Connection c, List<Path> files, Watchdog watchdog)
      throws SQLException {
    List<Script> scripts = new ArrayList<>();
    for (Path f : files) {
      scripts.add(new Script(f.toString(), SqlScript.parse(read(f)), "Seeding " + f));
    }
    return execute(c, scripts, true, watchdog, ms -> {}, null);
  }

  private MigrateResult.Failure failure(
      String script,
      SqlScript.Statement current,
      SQLException e,
      Watchdog watchdog,
      boolean partial) {
    int line = current == null ? 1 : current.line();
    String message = describe(e);
    if (e instanceof PSQLException pe && pe.getServerErrorMessage() != null && current != null) {
      ServerErrorMessage sem = pe.getServerErrorMessage();
      if (sem.getPosition() > 0) {
        line = current.lineOf(sem.getPosition());
      }
    }
    if (watchdog.fired()) {
      message =
          "The overall timeout was reached while this migration ran, so it was cancelled: "
              + message;
    }
    return new MigrateResult.Failure(script, line, message, e.getSQLState(), partial);
  }

  private static void rollbackQuietly(Connection c, Throwable cause) {
    try {
      if (!c.isClosed()) {
        c.rollback();
      }
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private static void configure(Connection c, MigrateRequest req) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SET statement_timeout = " + req.statementTimeout().toMillis());
      s.execute("SET lock_timeout = " + req.lockTimeout().toMillis());
    }
  }

  private List<PreparedMigration> prepareAll(List<History.Row> rows, MigrateRequest req) {
    List<PreparedMigration> out = new ArrayList<>();
    for (History.Row r : rows) {
      if (r.state().pending() && r.migration() != null) {
        out.add(checked(PreparedMigration.of(r.migration()), req));
      }
    }
    return out;
  }

  private static PreparedMigration checked(PreparedMigration p, MigrateRequest req) {
    if (p.nonTransactional()
        && !p.migration().noTransactionHeader()
        && !req.allowNonTransactional()) {
      throw new BadInputException(
          "allow-non-transactional",
          p.migration().script()
              + " line "
              + p.nonTransactionalLine()
              + ": "
              + p.nonTransactionalStatement()
              + " cannot run inside a transaction. "
              + "Put it in a migration of its own whose first line is '-- "
              + Migration.NO_TRANSACTION_HEADER
              + "' (it then runs statement by statement, so a failure may leave it half-applied), or set "
              + "allow-non-transactional: true.");
    }
    return p;
  }

  /**
   * Lints the migrations the run would apply, those lint-base allows, as this run and server would
   * run them.
   */
  private static List<Linter.Finding> lintPending(
      List<History.Row> rows, Linter.Settings settings, MigrateRequest req) {
    List<Linter.Finding> findings = new ArrayList<>();
    for (History.Row r : rows) {
      if (r.state().pending() && r.migration() != null && req.lint().covers(r.migration())) {
        findings.addAll(Linter.lint(r.migration(), settings));
      }
    }
    return findings;
  }

  /**
   * The lint settings: pg-version when given, else the release of the server it is connected to.
   */
  private static Linter.Settings settings(Connection c, MigrateRequest req) throws SQLException {
    PgVersion pg = req.lint().pgVersion().orElse(null);
    if (pg == null) {
      try (Statement s = c.createStatement();
          java.sql.ResultSet rs = s.executeQuery("SHOW server_version_num")) {
        pg =
            rs.next()
                ? PgVersion.ofServer(Integer.parseInt(rs.getString(1).trim()))
                : Linter.Settings.defaults().pgVersion();
      }
    }
    return new Linter.Settings(pg, req.lockTimeout(), req.statementTimeout(), req.lint().ignored());
  }

  private static int indexOf(List<History.Row> rows, Migration m) {
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).migration() == m) {
        return i;
      }
    }
    throw new IllegalStateException("row for " + m.script());
  }

  private static void markNotRun(List<History.Row> rows, int from) {
    for (int i = from; i < rows.size(); i++) {
      if (rows.get(i).state().pending()) {
        rows.set(i, rows.get(i).with(History.State.NOT_RUN, null, false));
      }
    }
  }

  static List<Path> seedFiles(List<Path> seeds) {
    List<Path> files = new ArrayList<>();
    for (Path p : seeds) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.list(p)) {
          s.filter(
                  f ->
                      f.getFileName()
                          .toString()
                          .toLowerCase(java.util.Locale.ROOT)
                          .endsWith(".sql"))
              .sorted()
              .forEach(files::add);
        } catch (IOException e) {
          throw new BadInputException(
              "seed", "Input 'seed': cannot list '" + p + "': " + e.getMessage());
        }
      } else if (Files.isRegularFile(p)) {
        files.add(p);
      } else {
        throw new BadInputException(
            "seed", "Input 'seed': '" + p + "' is neither a SQL file nor a directory of them.");
      }
    }
    return files;
  }

  private static String read(Path f) {
    try {
      return dev.bosun.actions.FileInputs.readText(
          "seed", f, dev.bosun.actions.FileInputs.SQL_LIMIT);
    } catch (IOException e) {
      throw new BadInputException(
          "seed", "Input 'seed': cannot read '" + f + "': " + e.getMessage());
    }
  }

  private static String describeEnv(MigrateRequest req) {
    return req.environment() == null || req.environment().isEmpty()
        ? "this environment"
        : "'" + req.environment() + "'";
  }

  private static Duration min(Duration a, Duration b) {
    Duration x = a.compareTo(b) <= 0 ? a : b;
    return x.isNegative() ? Duration.ZERO : x;
  }

  private static String versionText(Version v) {
    return v == null ? "" : v.text();
  }

  /** The server's message and SQLSTATE, never the connection URL. */
  static String describe(SQLException e) {
    if (e instanceof PSQLException pe && pe.getServerErrorMessage() != null) {
      ServerErrorMessage m = pe.getServerErrorMessage();
      return m.getMessage()
          + (m.getDetail() == null ? "" : " (" + m.getDetail() + ")")
          + " [SQLSTATE "
          + m.getSQLState()
          + "]";
    }
    return e.getMessage() + (e.getSQLState() == null ? "" : " [SQLSTATE " + e.getSQLState() + "]");
  }

  /** Cancels the running statement when the overall timeout passes. */
  static final class Watchdog implements AutoCloseable {
    private final ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "db-migrate-timeout");
              t.setDaemon(true);
              return t;
            });
    private final AtomicReference<Statement> current = new AtomicReference<>();
    private final AtomicBoolean fired = new AtomicBoolean();

    Watchdog(Instant deadline, Clock clock) {
      long ms = Math.max(0, Duration.between(clock.instant(), deadline).toMillis());
      timer.schedule(this::fire, ms, TimeUnit.MILLISECONDS);
    }

    void watch(Statement s) {
      current.set(s);
      if (s != null && fired.get()) {
        fire();
      }
    }

    boolean fired() {
      return fired.get();
    }

    private void fire() {
      fired.set(true);
      Statement s = current.get();
      if (s != null) {
        try {
          s.cancel();
        } catch (SQLException ignored) {
          // the statement finished meanwhile
        }
      }
    }

    @Override
    public void close() {
      timer.shutdownNow();
    }
  }

  static String format(Duration d) {
    return Durations.format(d);
  }
}
