package dev.bosun.migrate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One db-migrate run, parsed from the inputs.
 *
 * @param production the target is production: destructive lint findings and seeds are refused unless allowed
 * @param baselineVersion for {@code baseline}: the version to record, or null to take it from a legacy table
 * @param seeds SQL files or directories run after the migrations, in one transaction
 */
public record MigrateRequest(Mode mode, Path dir, MigrationFormat format, String schema, Duration lockTimeout,
    Duration statementTimeout, Duration timeout, boolean allowDrift, boolean allowNonTransactional,
    boolean allowDestructive, boolean production, String environment, Version baselineVersion, List<Path> seeds,
    boolean allowSeedInProduction, String appliedBy, String runUrl) {

  public MigrateRequest {
    seeds = List.copyOf(seeds);
  }
}
