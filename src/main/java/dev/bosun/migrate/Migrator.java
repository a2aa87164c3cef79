package dev.bosun.migrate;

import dev.bosun.support.BadInputException;
import dev.bosun.support.Durations;
import dev.bosun.support.GateRefusedException;
import dev.bosun.support.OutsideSystemException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * The db-migrate service: reads the files, reconciles them with the history table and, for {@code apply}, runs each
 * pending migration with its history row in one transaction under the advisory lock. Returns a {@link MigrateResult};
 * it prints nothing but progress lines.
 */
public final class Migrator {

  private final Connector connector;
  private final String targetName;
  private final Consumer<String> log;

  public Migrator(Connector connector, String targetName, Consumer<String> log) {
    this.connector = connector;
    this.targetName = targetName;
    this.log = log;
  }

  public MigrateResult run(MigrateRequest req) {
    MigrationSource.Scan scan = MigrationSource.scan(req.dir(), req.format());
    List<Path> seedFiles = seedFiles(req.seeds());
    if (!seedFiles.isEmpty() && req.production() && !req.allowSeedInProduction() && req.mode() == Mode.APPLY) {
      throw new GateRefusedException("allow-seed-in-production", "Refusing to seed " + describeEnv(req)
          + ", a production environment. Seeds are for dev, test and staging; set allow-seed-in-production: true "
          + "only if you really mean to write seed data into production.");
    }
    try {
      return switch (req.mode()) {
        case STATUS, PLAN -> inspect(req, scan);
        case APPLY, VERIFY -> apply(req, scan, seedFiles);
        case BASELINE -> baseline(req, scan);
      };
    } catch (SQLException e) {
      throw new OutsideSystemException("database", "PostgreSQL at " + targetName + " failed: " + describe(e), e);
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
      List<History.Row> rows = History.reconcile(scan, entries);
      List<Linter.Finding> findings = req.mode() == Mode.PLAN ? lintPending(rows) : List.of();
      if (req.mode() == Mode.PLAN) {
        prepareAll(rows, req); // surfaces non-transactional files now rather than at apply time
      }
      Version v = History.schemaVersion(entries);
      return new MigrateResult(req.mode(), targetName, scan.format(), rows, findings, null, null,
          v == null ? "" : v.text(), 0, legacy, null, null, List.of());
    }
  }

  private MigrateResult apply(MigrateRequest req, MigrationSource.Scan scan, List<Path> seedFiles) throws SQLException {
    Instant deadline = Instant.now().plus(req.timeout());
    Ledger ledger = new Ledger(req.schema());
    try (Connection c = connector.open(); Watchdog watchdog = new Watchdog(deadline)) {
      configure(c, req);
      Duration lockWait = min(req.lockTimeout(), Duration.between(Instant.now(), deadline));
      AdvisoryLock lock = new AdvisoryLock(c, ledger.lockKey(), req.schema() + "." + Ledger.TABLE, log);
      return lock.execute(lockWait, () -> applyLocked(c, ledger, req, scan, seedFiles, watchdog));
    }
  }

  private MigrateResult applyLocked(Connection c, Ledger ledger, MigrateRequest req, MigrationSource.Scan scan,
      List<Path> seedFiles, Watchdog watchdog) throws SQLException {
    ledger.create(c);
    List<Ledger.Entry> entries = ledger.read(c);
    List<LegacyTable> legacy = entries.isEmpty() ? LegacyTable.find(c) : List.of();
    List<History.Row> rows = new ArrayList<>(History.reconcile(scan, entries));
    List<Linter.Finding> findings = lintPending(rows);
    List<PreparedMigration> prepared = prepareAll(rows, req);
    String version = versionText(History.schemaVersion(entries));
    List<String> notes = new ArrayList<>();
    MigrateResult.Refusal refusal = refusal(req, rows, findings, legacy, entries);
    if (refusal != null) {
      return new MigrateResult(req.mode(), targetName, scan.format(), rows, findings, null, refusal, version, 0, legacy,
          null, null, notes);
    }
    for (Linter.Finding f : findings) {
      log.accept("Lint " + f.rule().id() + (f.rule().destructive() ? " (destructive)" : "") + " at " + f.script()
          + " line " + f.line() + ": " + f.statement());
    }
    int applied = 0;
    MigrateResult.Failure failure = null;
    for (PreparedMigration p : prepared) {
      int index = indexOf(rows, p.migration());
      if (watchdog.fired()) {
        failure = new MigrateResult.Failure(p.migration().script(), 1, "The overall timeout (" + format(req.timeout())
            + ") was reached before this migration started; it and the ones after it were not run.", null, false);
        markNotRun(rows, index);
        break;
      }
      log.accept("Applying " + p.migration().script() + (p.nonTransactional() ? " (outside a transaction)" : ""));
      long start = System.nanoTime();
      failure = p.nonTransactional() ? runAutocommit(c, ledger, p, req, watchdog) : runInTransaction(c, ledger, p, req, watchdog);
      long ms = (System.nanoTime() - start) / 1_000_000;
      if (failure != null) {
        rows.set(index, rows.get(index).with(History.State.FAILED, ms, p.nonTransactional()));
        markNotRun(rows, index + 1);
        break;
      }
      applied++;
      rows.set(index, rows.get(index).with(History.State.APPLIED_NOW, ms, p.nonTransactional()));
      if (!p.migration().repeatable()) {
        version = p.migration().version().text();
      }
      if (p.nonTransactional()) {
        notes.add(p.migration().script() + " ran outside a transaction (" + p.nonTransactionalStatement() + " at line "
            + p.nonTransactionalLine() + ").");
      }
    }
    MigrateResult.SeedRun seed = null;
    if (failure == null && !seedFiles.isEmpty()) {
      long start = System.nanoTime();
      failure = runSeed(c, seedFiles, watchdog);
      seed = new MigrateResult.SeedRun(seedFiles.stream().map(Path::toString).toList(),
          (System.nanoTime() - start) / 1_000_000);
    }
    SchemaSnapshot schema = req.mode() == Mode.VERIFY && failure == null ? SchemaSnapshot.read(c) : null;
    return new MigrateResult(req.mode(), targetName, scan.format(), rows, findings, failure, null, version, applied,
        legacy, schema, seed, notes);
  }

  private MigrateResult.Refusal refusal(MigrateRequest req, List<History.Row> rows, List<Linter.Finding> findings,
      List<LegacyTable> legacy, List<Ledger.Entry> entries) {
    if (req.mode() == Mode.VERIFY) {
      return null;
    }
    if (rows.stream().anyMatch(r -> r.state().drift()) && !req.allowDrift()) {
      return new MigrateResult.Refusal("allow-drift", "The database has drifted from the migration files (see the "
          + "drift table): nothing was applied. Restore the changed or missing files from git, or, once you have "
          + "checked the difference, run again with allow-drift: true.");
    }
    if (entries.isEmpty() && legacy.stream().anyMatch(l -> l.rows() > 0)) {
      return new MigrateResult.Refusal("baseline", "This database already has a migration history in "
          + legacy.stream().map(LegacyTable::describe).toList() + " but no " + Ledger.TABLE + ": applying every file "
          + "would run migrations that were already applied. Adopt it first with mode: baseline (it records the newest "
          + "version found there, or set baseline-version).");
    }
    List<Linter.Finding> destructive = findings.stream().filter(f -> f.rule().destructive()).toList();
    if (req.production() && !destructive.isEmpty() && !req.allowDestructive()) {
      return new MigrateResult.Refusal("allow-destructive", destructive.size() + " destructive change(s) pending for "
          + describeEnv(req) + ", a production environment: nothing was applied. Review them (first: "
          + destructive.get(0).script() + " line " + destructive.get(0).line() + ", " + destructive.get(0).rule().id()
          + "), then run again with allow-destructive: true.");
    }
    return null;
  }

  private MigrateResult baseline(MigrateRequest req, MigrationSource.Scan scan) throws SQLException {
    Ledger ledger = new Ledger(req.schema());
    try (Connection c = connector.open()) {
      configure(c, req);
      AdvisoryLock lock = new AdvisoryLock(c, ledger.lockKey(), req.schema() + "." + Ledger.TABLE, log);
      return lock.execute(req.lockTimeout(), () -> {
        ledger.create(c);
        List<Ledger.Entry> entries = ledger.read(c);
        List<LegacyTable> legacy = LegacyTable.find(c);
        if (!entries.isEmpty()) {
          throw new BadInputException("mode", "Input 'mode': baseline only adopts a database without bosun history, but "
              + ledger.qualifiedName() + " already has " + entries.size() + " row(s). Use mode: status to see them.");
        }
        Version v = req.baselineVersion();
        String from = "baseline-version input";
        if (v == null) {
          LegacyTable source = legacy.stream().filter(l -> l.highest() != null).findFirst()
              .orElseThrow(() -> new BadInputException("baseline-version", "Input 'baseline-version' is required for "
                  + "mode: baseline when the database has no schema_migrations or _prisma_migrations table to import "
                  + "from. Set it to the newest migration version already in the database, for example 015."));
          v = source.highest();
          from = "imported from " + source.describe();
        }
        ledger.insertBaseline(c, v, "baseline (" + from + ")", req.appliedBy(), req.runUrl());
        List<Ledger.Entry> after = ledger.read(c);
        return new MigrateResult(Mode.BASELINE, targetName, scan.format(), History.reconcile(scan, after), List.of(),
            null, null, v.text(), 0, legacy, null, null, List.of("Recorded baseline " + v.text() + " (" + from + ")."));
      });
    }
  }

  private MigrateResult.Failure runInTransaction(Connection c, Ledger ledger, PreparedMigration p, MigrateRequest req,
      Watchdog watchdog) throws SQLException {
    SqlScript.Statement current = null;
    long start = System.nanoTime();
    c.setAutoCommit(false);
    try (Statement st = c.createStatement()) {
      st.setEscapeProcessing(false);
      watchdog.watch(st);
      for (SqlScript.Statement s : p.statements()) {
        current = s;
        st.execute(s.text());
      }
      current = null;
      ledger.insert(c, p.migration(), p.migration().repeatable() ? "repeatable" : "versioned", req.appliedBy(),
          (System.nanoTime() - start) / 1_000_000, req.runUrl(), true);
      c.commit();
      return null;
    } catch (SQLException e) {
      rollbackQuietly(c, e);
      return failure(p, current, e, watchdog, false);
    } finally {
      watchdog.watch(null);
      if (!c.isClosed()) {
        try {
          c.setAutoCommit(true);
        } catch (SQLException ignored) {
          // the connection is gone; the failure already says so
        }
      }
    }
  }

  private MigrateResult.Failure runAutocommit(Connection c, Ledger ledger, PreparedMigration p, MigrateRequest req,
      Watchdog watchdog) throws SQLException {
    SqlScript.Statement current = null;
    long start = System.nanoTime();
    boolean any = false;
    try (Statement st = c.createStatement()) {
      st.setEscapeProcessing(false);
      watchdog.watch(st);
      for (SqlScript.Statement s : p.statements()) {
        current = s;
        st.execute(s.text());
        any = true;
      }
      current = null;
      ledger.insert(c, p.migration(), p.migration().repeatable() ? "repeatable" : "versioned", req.appliedBy(),
          (System.nanoTime() - start) / 1_000_000, req.runUrl(), false);
      return null;
    } catch (SQLException e) {
      return failure(p, current, e, watchdog, any);
    } finally {
      watchdog.watch(null);
    }
  }

  private MigrateResult.Failure runSeed(Connection c, List<Path> files, Watchdog watchdog) throws SQLException {
    c.setAutoCommit(false);
    String file = null;
    SqlScript.Statement current = null;
    try (Statement st = c.createStatement()) {
      st.setEscapeProcessing(false);
      watchdog.watch(st);
      for (Path f : files) {
        file = f.toString();
        log.accept("Seeding " + file);
        for (SqlScript.Statement s : SqlScript.parse(read(f))) {
          current = s;
          st.execute(s.text());
        }
      }
      c.commit();
      return null;
    } catch (SQLException e) {
      rollbackQuietly(c, e);
      Migration m = Migration.of(null, "seed", file, "");
      return failure(new PreparedMigration(m, List.of(), 0, null), current, e, watchdog, false);
    } finally {
      watchdog.watch(null);
      if (!c.isClosed()) {
        c.setAutoCommit(true);
      }
    }
  }

  private MigrateResult.Failure failure(PreparedMigration p, SqlScript.Statement current, SQLException e,
      Watchdog watchdog, boolean partial) {
    int line = current == null ? 1 : current.line();
    String message = describe(e);
    if (e instanceof PSQLException pe && pe.getServerErrorMessage() != null && current != null) {
      ServerErrorMessage sem = pe.getServerErrorMessage();
      if (sem.getPosition() > 0) {
        line = current.lineOf(sem.getPosition());
      }
    }
    if (watchdog.fired()) {
      message = "The overall timeout was reached while this migration ran, so it was cancelled: " + message;
    }
    return new MigrateResult.Failure(p.migration().script(), line, message, e.getSQLState(), partial);
  }

  private static void rollbackQuietly(Connection c, SQLException cause) {
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
        PreparedMigration p = PreparedMigration.of(r.migration());
        if (p.nonTransactional() && !p.migration().noTransactionHeader() && !req.allowNonTransactional()) {
          throw new BadInputException("allow-non-transactional", p.migration().script() + " line "
              + p.nonTransactionalLine() + ": " + p.nonTransactionalStatement() + " cannot run inside a transaction. "
              + "Put it in a migration of its own whose first line is '-- " + Migration.NO_TRANSACTION_HEADER
              + "' (it then runs statement by statement, so a failure may leave it half-applied), or set "
              + "allow-non-transactional: true.");
        }
        out.add(p);
      }
    }
    return out;
  }

  private static List<Linter.Finding> lintPending(List<History.Row> rows) {
    List<Linter.Finding> findings = new ArrayList<>();
    for (History.Row r : rows) {
      if (r.state().pending() && r.migration() != null) {
        findings.addAll(Linter.lint(PreparedMigration.of(r.migration())));
      }
    }
    return findings;
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
          s.filter(f -> f.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".sql")).sorted()
              .forEach(files::add);
        } catch (IOException e) {
          throw new BadInputException("seed", "Input 'seed': cannot list '" + p + "': " + e.getMessage());
        }
      } else if (Files.isRegularFile(p)) {
        files.add(p);
      } else {
        throw new BadInputException("seed", "Input 'seed': '" + p + "' is neither a SQL file nor a directory of them.");
      }
    }
    return files;
  }

  private static String read(Path f) {
    try {
      return Files.readString(f, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new BadInputException("seed", "Input 'seed': cannot read '" + f + "': " + e.getMessage());
    }
  }

  private static String describeEnv(MigrateRequest req) {
    return req.environment() == null || req.environment().isEmpty() ? "this environment" : "'" + req.environment() + "'";
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
      return m.getMessage() + (m.getDetail() == null ? "" : " (" + m.getDetail() + ")") + " [SQLSTATE " + m.getSQLState()
          + "]";
    }
    return e.getMessage() + (e.getSQLState() == null ? "" : " [SQLSTATE " + e.getSQLState() + "]");
  }

  /** Cancels the running statement when the overall timeout passes. */
  static final class Watchdog implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "db-migrate-timeout");
      t.setDaemon(true);
      return t;
    });
    private final AtomicReference<Statement> current = new AtomicReference<>();
    private final AtomicBoolean fired = new AtomicBoolean();

    Watchdog(Instant deadline) {
      long ms = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
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
