package dev.bosun.migrate;

import dev.bosun.actions.ActionRuntime;
import dev.bosun.support.BadInputException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Chooses where a run goes (the secret URL, the PG* variables, or the embedded server) and how it authenticates. */
public final class MigrationTargets {

  private static final Pattern HOST_DB = Pattern.compile("jdbc:postgresql://([^/?]*)/([^?]*).*");
  private final ActionRuntime runtime;

  public MigrationTargets(ActionRuntime runtime) {
    this.runtime = runtime;
  }

  public MigrateResult run(MigrateRequest req, String databaseUrl, String auth) {
    String authMode = auth == null ? "password" : auth.trim().toLowerCase(Locale.ROOT);
    if (!authMode.equals("password") && !authMode.equals("azure-ad")) {
      throw new BadInputException("auth", "Input 'auth' must be password or azure-ad, not '" + auth + "'.");
    }
    Optional<DatabaseTarget> target = databaseUrl == null || databaseUrl.isBlank()
        ? DatabaseTarget.fromPgEnv(runtime.env().all())
        : Optional.of(DatabaseTarget.parse(databaseUrl));
    target.map(DatabaseTarget::password).ifPresent(runtime.log()::addMask);
    if (target.isEmpty()) {
      throw new BadInputException("database-url", "Input 'database-url' is needed for mode " + req.mode().id()
          + ": set it from a secret (postgres://user:password@host:5432/db or a JDBC URL), or set PGHOST, PGDATABASE, "
          + "PGUSER and PGPASSWORD.");
    }
    DatabaseTarget t = target.get();
    Connector connector = JdbcConnector.of(t);
    return new Migrator(connector, describe(t), runtime.log()::info).run(req);
  }

  /** Host and database, never credentials. */
  static String describe(DatabaseTarget t) {
    Matcher m = HOST_DB.matcher(t.jdbcUrl());
    return m.matches() ? "database " + m.group(2) + " on " + m.group(1) : "the database";
  }
}
