package dev.bosun.cli;

import dev.bosun.actions.ActionBoolean;
import dev.bosun.actions.ActionBranding;
import dev.bosun.actions.ActionDuration;
import dev.bosun.actions.ActionOutput;
import dev.bosun.actions.ActionRuntime;
import dev.bosun.actions.Multiline;
import dev.bosun.actions.Secret;
import dev.bosun.azure.AzureCloud;
import dev.bosun.migrate.DatabaseAuth;
import dev.bosun.migrate.EnvironmentKind;
import dev.bosun.migrate.LintOptions;
import dev.bosun.migrate.LintRule;
import dev.bosun.migrate.MigrateReport;
import dev.bosun.migrate.MigrateRequest;
import dev.bosun.migrate.MigrateResult;
import dev.bosun.migrate.MigrationFormat;
import dev.bosun.migrate.MigrationTargets;
import dev.bosun.migrate.Mode;
import dev.bosun.migrate.PgVersion;
import dev.bosun.migrate.Version;
import dev.bosun.support.BadInputException;
import dev.bosun.support.BuildInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bosun db-migrate}: safe PostgreSQL migrations with a lock, per-migration transactions,
 * drift, lint and seed.
 */
@Command(
    name = "db-migrate",
    mixinStandardHelpOptions = true,
    versionProvider = BuildInfo.class,
    description =
        "Applies SQL migrations to PostgreSQL under an advisory lock, one transaction per migration, with "
            + "checksums, drift status, a plan (dry run), a safety lint and an optional seed. Without a database, plan and "
            + "verify run the migrations on a throwaway embedded PostgreSQL.")
@ActionBranding(icon = "database", color = "blue")
@ActionOutput(name = "applied-count", description = "How many migrations this run applied.")
@ActionOutput(
    name = "pending-count",
    description = "How many migrations are still pending after this run.")
@ActionOutput(
    name = "schema-version",
    description = "The newest applied migration version (empty when none).")
@ActionOutput(
    name = "drift",
    description =
        "true when the database differs from the files (changed, missing, unknown or out-of-order migrations).")
@ActionOutput(name = "reverted-count", description = "How many migrations mode down reverted.")
@ActionOutput(
    name = "plan",
    description =
        "JSON: the pending (or just applied) migrations, the lint findings and the drift.")
public final class DbMigrateCommand extends ActionCommand {

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      defaultValue = "migrations",
      description =
          "Directory holding the migrations: NNN_name.sql, Flyway V<version>__name.sql / R__name.sql, or "
              + "Prisma <timestamp>_name/migration.sql.")
  String dir;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "auto",
      description = "File layout: auto, numbered, flyway or prisma.")
  String format;

  @Option(
      names = "--mode",
      paramLabel = "MODE",
      defaultValue = "apply",
      description =
          "apply (run pending migrations), status (applied/pending/drift, changes nothing), plan (dry run "
              + "with lint, changes nothing), verify (run all migrations on a throwaway embedded PostgreSQL, checking "
              + "up, down, up for those with a down file), baseline (adopt an existing database), down (revert with the "
              + "down files, to target or by steps) or repair (accept changed files and clear failed records, with a reason).")
  Mode mode;

  @Option(
      names = "--target",
      paramLabel = "VERSION",
      defaultValue = "",
      description =
          "apply, plan, status and verify: go up to and including this version. down: revert the "
              + "migrations above it (0 reverts all of them).")
  String target;

  @Option(
      names = "--steps",
      paramLabel = "N",
      defaultValue = "",
      description =
          "For mode down: how many of the newest applied migrations to revert (instead of target).")
  String steps;

  @Option(
      names = "--reason",
      paramLabel = "TEXT",
      defaultValue = "",
      description =
          "For mode repair (required): why, for example the review that accepted the changed file. "
              + "Recorded in the history table with the actor.")
  String reason;

  @Option(
      converter = ActionDuration.OrZero.class,
      names = "--warn-after",
      paramLabel = "DURATION",
      defaultValue = "0",
      description =
          "Warn (::warning and a summary line) about each migration that takes longer than this, e.g. 10m; "
              + "0 means never.")
  Duration warnAfter;

  @Secret
  @Option(
      names = "--database-url",
      paramLabel = "URL",
      description =
          "Secret PostgreSQL URL: jdbc:postgresql://host:5432/db?user=...&password=... or "
              + "postgres://user:password@host:5432/db. When empty, the PGHOST/PGDATABASE/PGUSER/PGPASSWORD variables are "
              + "used; without either, plan and verify use an embedded PostgreSQL.")
  String databaseUrl;

  @Secret
  @Option(
      names = "--direct-url",
      paramLabel = "URL",
      description =
          "Secret direct (unpooled) PostgreSQL URL, used instead of database-url when that points at a "
              + "transaction-mode pooler (PgBouncer, Neon -pooler hosts, Supabase port 6543), which breaks the migration lock.")
  String directUrl;

  @Option(
      names = "--auth",
      paramLabel = "AUTH",
      defaultValue = "password",
      description =
          "password (the URL's or PGPASSWORD), or azure-ad: an Entra access token from azure-identity "
              + "(OIDC federation after azure/login, Azure CLI or managed identity) is the password.")
  DatabaseAuth auth;

  @Option(
      names = "--azure-environment",
      paramLabel = "CLOUD",
      defaultValue = "AzureCloud",
      description =
          "For auth: azure-ad: the Azure cloud of the database, as azure/login names it: AzureCloud, "
              + "AzureUSGovernment or AzureChinaCloud. It sets the Entra authority and the token scope (each cloud's "
              + "Azure Database for PostgreSQL has its own).")
  String azureEnvironment;

  @Option(
      names = "--schema",
      paramLabel = "SCHEMA",
      defaultValue = "public",
      description = "Schema that holds the bosun_schema_history table.")
  String schema;

  @Option(
      names = "--lock-timeout",
      paramLabel = "DURATION",
      defaultValue = "10s",
      description =
          "How long to wait for another run's migration lock, and PostgreSQL's lock_timeout for each statement.")
  Duration lockTimeout;

  @Option(
      converter = ActionDuration.OrZero.class,
      names = "--statement-timeout",
      paramLabel = "DURATION",
      defaultValue = "0",
      description =
          "PostgreSQL's statement_timeout for each migration statement; 0 means none (the overall timeout still applies).")
  Duration statementTimeout;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "15m",
      description =
          "Overall time for the run; the running migration is cancelled and rolled back when it passes.")
  Duration timeout;

  @Option(
      names = "--allow-drift",
      paramLabel = "BOOL",
      arity = "0..1",
      fallbackValue = "true",
      defaultValue = "false",
      converter = ActionBoolean.class,
      description =
          "Apply even when applied migrations changed, went missing or are newer than the files.")
  boolean allowDrift;

  @Option(
      names = "--allow-non-transactional",
      paramLabel = "BOOL",
      arity = "0..1",
      fallbackValue = "true",
      defaultValue = "false",
      converter = ActionBoolean.class,
      description =
          "Let files with statements that cannot run in a transaction (CREATE INDEX CONCURRENTLY, VACUUM, ...) "
              + "run outside one, as the '-- bosun:no-transaction' first line does for a single file.")
  boolean allowNonTransactional;

  @Option(
      names = "--allow-destructive",
      paramLabel = "BOOL",
      arity = "0..1",
      fallbackValue = "true",
      defaultValue = "false",
      converter = ActionBoolean.class,
      description =
          "Apply destructive changes (drop, truncate, unbounded delete or update) in a production environment.")
  boolean allowDestructive;

  @Option(
      names = "--environment",
      paramLabel = "NAME",
      defaultValue = "",
      description =
          "Name of the target environment (as in the job's environment:); prod or production marks it as production.")
  String environment;

  @Option(
      names = "--environment-kind",
      paramLabel = "KIND",
      defaultValue = "auto",
      description =
          "production, non-production, or auto (production when environment is prod or production).")
  EnvironmentKind environmentKind;

  @Option(
      names = "--baseline-version",
      paramLabel = "VERSION",
      defaultValue = "",
      description =
          "For mode baseline: the newest version already in the database. Empty: import it from a "
              + "schema_migrations or _prisma_migrations table.")
  String baselineVersion;

  @Option(
      names = "--seed",
      paramLabel = "PATH",
      split = Multiline.SPLIT,
      description =
          "SQL files or directories to run after the migrations, in one transaction (one per line).")
  List<String> seed;

  @Option(
      names = "--allow-seed-in-production",
      paramLabel = "BOOL",
      arity = "0..1",
      fallbackValue = "true",
      defaultValue = "false",
      converter = ActionBoolean.class,
      description = "Allow the seed in a production environment (refused by default).")
  boolean allowSeedInProduction;

  @Option(
      names = "--pg-version",
      paramLabel = "VERSION",
      defaultValue = "",
      description =
          "PostgreSQL release the lint judges by, e.g. 16 or 9.6 (adding a column with a constant default "
              + "rewrites the table before 11). Empty: the connected server's own release (17 for the embedded one).")
  String pgVersion;

  @Option(
      names = "--lint-ignore",
      paramLabel = "RULE",
      split = Multiline.SPLIT,
      description =
          "Lint rules to turn off for this run (one per line or comma-separated). To accept one finding, "
              + "put '-- bosun:lint-ignore <rule> <reason>' on the line above its statement instead.")
  List<String> lintIgnore;

  @Option(
      names = "--lint-base",
      paramLabel = "REF",
      defaultValue = "",
      description =
          "Lint only the migrations added or changed since this git ref (e.g. origin/main; compared from "
              + "where HEAD branched off it). Needs the ref fetched: actions/checkout with fetch-depth: 0.")
  String lintBase;

  @Option(
      names = "--sarif-file",
      paramLabel = "FILE",
      defaultValue = "",
      description =
          "Write the lint findings as SARIF 2.1.0 to this file, for github/codeql-action/upload-sarif.")
  String sarifFile;

  public DbMigrateCommand(ActionRuntime runtime, Composition systems) {
    super(runtime, systems);
  }

  @Override
  public Integer call() {
    MigrateRequest request = request();
    MigrationTargets targets =
        new MigrationTargets(
            runtime, systems.migrate().apply(runtime), AzureCloud.parse(azureEnvironment));
    Optional<Path> sarif = runtime.files().resolveOptional("sarif-file", sarifFile);
    if (sarif.filter(Files::isDirectory).isPresent()) {
      throw new BadInputException(
          "sarif-file",
          "Input 'sarif-file' names a directory; give a file such as db-migrate.sarif.");
    }
    MigrateResult result = targets.run(request, databaseUrl, directUrl, auth);
    new MigrateReport(runtime, sarif).write(result);
    return 0;
  }

  MigrateRequest request() {
    Mode m = mode;
    boolean production = environmentKind.production(environment);
    if (!schema.matches("[A-Za-z_][A-Za-z0-9_$]{0,62}")) {
      throw new BadInputException(
          "schema",
          "Input 'schema' must be a plain PostgreSQL identifier such as public or "
              + "migrations, not '"
              + schema
              + "'.");
    }
    Version baseline =
        baselineVersion.isBlank()
            ? null
            : Version.parse("baseline-version", baselineVersion.trim());
    Version targetVersion = target.isBlank() ? null : Version.parse("target", target.trim());
    int stepCount = steps(m, targetVersion);
    String why = reason.trim();
    if (m == Mode.REPAIR && why.isEmpty()) {
      throw new BadInputException(
          "reason",
          "Input 'reason' is required for mode: repair: say why the changed files or "
              + "failed records may be accepted (for example 'reviewed in PR 123: comment-only change'). It is recorded "
              + "in the history table with who ran it.");
    }
    if (why.length() > 500 || why.chars().anyMatch(ch -> ch < 0x20)) {
      throw new BadInputException(
          "reason", "Input 'reason' must be one line of at most 500 characters.");
    }
    // in Actions dir and seed must stay in the workspace; they are used as given, so annotations
    // keep relative paths
    runtime.files().resolve("dir", dir);
    List<String> seeds = Multiline.lines(seed);
    seeds.forEach(s -> runtime.files().resolve("seed", s));
    return new MigrateRequest(
        m,
        Path.of(dir),
        MigrationFormat.parse(format),
        schema,
        lockTimeout,
        statementTimeout,
        timeout,
        allowDrift,
        allowNonTransactional,
        allowDestructive,
        production,
        environment.trim(),
        baseline,
        seeds.stream().map(Path::of).toList(),
        allowSeedInProduction,
        runtime.env().actorOrUser(),
        runtime.env().runUrl().orElse(null),
        targetVersion,
        stepCount,
        why,
        warnAfter,
        lintOptions());
  }

  private LintOptions lintOptions() {
    Set<LintRule> ignored = EnumSet.noneOf(LintRule.class);
    for (String line : Multiline.lines(lintIgnore)) {
      for (String id : line.split(",")) {
        if (!id.isBlank()) {
          ignored.add(LintRule.byId("lint-ignore", id.trim(), "Input 'lint-ignore'"));
        }
      }
    }
    Optional<PgVersion> pg =
        pgVersion.isBlank()
            ? Optional.empty()
            : Optional.of(PgVersion.parse("pg-version", pgVersion));
    String base = lintBase.trim();
    if (base.startsWith("-") || base.chars().anyMatch(ch -> ch < 0x20)) {
      throw new BadInputException(
          "lint-base", "Input 'lint-base' must be a git ref such as origin/main or a commit SHA.");
    }
    return new LintOptions(
        pg, ignored, Optional.empty(), base.isEmpty() ? Optional.empty() : Optional.of(base));
  }

  /** down takes exactly one of target and steps; steps is for down only. */
  private int steps(Mode m, Version targetVersion) {
    String text = steps.trim();
    if (m != Mode.DOWN) {
      if (!text.isEmpty()) {
        throw new BadInputException(
            "steps", "Input 'steps' is only for mode: down. Remove it, or use target.");
      }
      return 0;
    }
    if (text.isEmpty() == (targetVersion == null)) {
      throw new BadInputException(
          text.isEmpty() ? "target" : "steps",
          "Mode down needs exactly one of 'target' (the "
              + "version to go back to; 0 for all) and 'steps' (how many of the newest migrations to revert).");
    }
    if (text.isEmpty()) {
      return 0;
    }
    if (!text.matches("[1-9][0-9]{0,5}")) {
      throw new BadInputException(
          "steps", "Input 'steps' must be a whole number from 1, not '" + steps + "'.");
    }
    return Integer.parseInt(text);
  }
}
