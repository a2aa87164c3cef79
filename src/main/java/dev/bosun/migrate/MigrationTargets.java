package dev.bosun.migrate;

import dev.bosun.actions.ActionRuntime;
import dev.bosun.azure.AzureCloud;
import dev.bosun.support.BadInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chooses where a run goes (the secret URL, the PG* variables, or the embedded server) and how it
 * authenticates.
 */
public final class MigrationTargets {

  private static final Pattern HOST_DB = Pattern.compile("jdbc:postgresql://([^/?]*)/([^?]*).*");
  private final ActionRuntime runtime;
  private final MigrateSystems systems;
  private final AzureCloud cloud;

  public MigrationTargets(ActionRuntime runtime, MigrateSystems systems) {
    this(runtime, systems, AzureCloud.AZURE_CLOUD);
  }

  /**
   * @param cloud the cloud of {@code auth: azure-ad}'s Entra sign-in ({@code azure-environment})
   */
  public MigrationTargets(ActionRuntime runtime, MigrateSystems systems, AzureCloud cloud) {
    this.runtime = runtime;
    this.systems = systems;
    this.cloud = cloud;
  }

  /**
   * @param directUrl the direct (unpooled) URL; when set it is used instead of {@code databaseUrl},
   *     which apps often point at a transaction-mode pooler
   */
  public MigrateResult run(
      MigrateRequest req, String databaseUrl, String directUrl, DatabaseAuth auth) {
    boolean direct = directUrl != null && !directUrl.isBlank();
    String urlInput =
        direct
            ? "direct-url"
            : databaseUrl == null || databaseUrl.isBlank() ? "PGHOST" : "database-url";
    Optional<DatabaseTarget> pooled =
        databaseUrl == null || databaseUrl.isBlank()
            ? Optional.empty()
            : Optional.of(DatabaseTarget.parse(databaseUrl));
    pooled.map(DatabaseTarget::password).ifPresent(runtime.log()::addMask);
    Optional<DatabaseTarget> target =
        direct
            ? Optional.of(DatabaseTarget.parse("direct-url", directUrl))
            : pooled.isPresent() ? pooled : DatabaseTarget.fromPgEnv(runtime.env().all());
    target.map(DatabaseTarget::password).ifPresent(runtime.log()::addMask);
    if (req.mode() == Mode.VERIFY || (req.mode() == Mode.PLAN && target.isEmpty())) {
      return embedded(req, target.isPresent());
    }
    if (target.isEmpty()) {
      throw new BadInputException(
          "database-url",
          "Input 'database-url' is needed for mode "
              + req.mode().id()
              + ": set it from a secret (postgres://user:password@host:5432/db or a JDBC URL), or set PGHOST, PGDATABASE, "
              + "PGUSER and PGPASSWORD.");
    }
    DatabaseTarget t = target.get();
    Optional<String> pooler = ConnectionPooler.byUrl(t);
    if (pooler.isPresent()) {
      throw ConnectionPooler.refusal(urlInput, pooler.get());
    }
    Connector connector = systems.password().apply(t);
    if (auth == DatabaseAuth.AZURE_AD) {
      if (t.user() == null) {
        throw new BadInputException(
            "database-url",
            "Input 'database-url' must name the Microsoft Entra user or group "
                + "for auth: azure-ad, for example postgres://my-app-identity@server.postgres.database.azure.com:5432/app"
                + "?sslmode=require (no password: the token is the password).");
      }
      connector = systems.azureAd().apply(t, cloud);
    }
    return new Migrator(connector, describe(t), runtime.log()::info, urlInput).run(req);
  }

  /**
   * Runs every migration on a throwaway embedded PostgreSQL. For {@code plan} the result reads as a
   * plan: each migration is pending (it would run on an empty database), and it was proven to apply
   * cleanly.
   */
  private MigrateResult embedded(MigrateRequest req, boolean urlIgnored) {
    MigrationSource.Scan scan =
        MigrationSource.scan(req.dir(), req.format()); // bad file names fail before a server starts
    scan.all().forEach(LintIgnore::parse); // and bad lint-ignore lines and lint-base refs
    MigrateRequest verify =
        req.as(Mode.VERIFY, false, null).withLint(req.lint().resolved(req.dir()));
    try (EmbeddedPostgres pg = systems.embedded().get()) {
      String name = "a throwaway embedded PostgreSQL " + EmbeddedPostgres.VERSION;
      MigrateResult r = new Migrator(pg::connect, name, runtime.log()::info).run(verify);
      List<String> notes = new ArrayList<>(r.notes());
      if (urlIgnored) {
        notes.add(
            "verify never touches database-url: it runs on a throwaway database. Use mode: plan to check the real one.");
      }
      if (req.mode() == Mode.VERIFY) {
        return new MigrateResult(
                Mode.VERIFY,
                r.target(),
                r.format(),
                r.rows(),
                r.findings(),
                r.failure(),
                null,
                r.schemaVersion(),
                r.appliedCount(),
                List.of(),
                r.schema(),
                r.seed(),
                notes)
            .with(r.slow(), r.roundTrips(), 0, r.targetVersion());
      }
      notes.add(
          "No database-url: every migration was run on "
              + name
              + " to prove it applies; nothing else was touched.");
      List<History.Row> rows =
          r.rows().stream()
              .map(
                  row ->
                      row.state() == History.State.APPLIED_NOW
                          ? row.with(
                              History.State.PENDING, row.executionMs(), row.nonTransactional())
                          : row)
              .toList();
      return new MigrateResult(
              Mode.PLAN,
              r.target(),
              r.format(),
              rows,
              r.findings(),
              r.failure(),
              null,
              "",
              0,
              List.of(),
              r.schema(),
              null,
              notes)
          .with(List.of(), List.of(), 0, r.targetVersion());
    }
  }

  /** Host and database, never credentials. */
  static String describe(DatabaseTarget t) {
    Matcher m = HOST_DB.matcher(t.jdbcUrl());
    return m.matches() ? "database " + m.group(2) + " on " + m.group(1) : "the database";
  }
}
