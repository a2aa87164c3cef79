package dev.bosun.smoke;

import dev.bosun.migrate.DatabaseTarget;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every kind of smoke check, registered once: the checks-file key that marks it ({@link CheckKind})
 * and the {@link Prober} that runs it. smoke-check and deploy-env's inline smoke both take their
 * kinds from here, so a kind added here works in both.
 *
 * @param database the database for {@code sql:} checks, if one is given
 * @param databaseInput the input that gives it ({@code database-url}, {@code smoke-database-url}),
 *     for errors
 */
public record SmokeKinds(Optional<DatabaseTarget> database, String databaseInput) {

  /**
   * How a checks file's entries are read: {@code url:} and {@code sql:}.
   *
   * @param headers sent with every HTTP check (secret values)
   * @param expectVersion for HTTP entries that say {@code expect-version: true}
   * @param retryOn 4xx statuses HTTP entries keep retrying unless they give their own
   */
  public List<CheckKind> fileKinds(
      Map<String, String> headers, Optional<String> expectVersion, StatusSet retryOn) {
    return List.of(
        new HttpCheckKind(headers, expectVersion, retryOn),
        new SqlCheckKind(database.map(DatabaseTarget::display), databaseInput));
  }

  /**
   * What runs each kind, made by {@code systems}: HTTP checks, and SQL checks when a database is
   * given (without one, the checks file refuses {@code sql:} entries).
   */
  public Probers probers(SmokeSystems systems, Duration connectTimeout) {
    Probers http = systems.http().apply(connectTimeout);
    return database.isPresent()
        ? http.with(SqlCheck.class, systems.sql().apply(database.get()))
        : http;
  }
}
