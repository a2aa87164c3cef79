package dev.bosun.migrate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One db-migrate run, parsed from the inputs.
 *
 * @param production the target is production: destructive lint findings, down migrations and seeds
 *     are refused unless allowed
 * @param baselineVersion for {@code baseline}: the version to record, or null to take it from a
 *     legacy table
 * @param seeds SQL files or directories run after the migrations, in one transaction
 * @param target apply (and plan) up to and including this version; for {@code down}, revert down to
 *     it; null for none
 * @param steps for {@code down}: how many of the newest migrations to revert; 0 when {@code target}
 *     says it
 * @param reason for {@code repair}: why, recorded in the history table with the actor
 * @param warnAfter a migration slower than this gets a warning; zero for none
 * @param lint the lint inputs: pg-version, lint-ignore, lint-base
 */
public record MigrateRequest(
    Mode mode,
    Path dir,
    MigrationFormat format,
    String schema,
    Duration lockTimeout,
    Duration statementTimeout,
    Duration timeout,
    boolean allowDrift,
    boolean allowNonTransactional,
    boolean allowDestructive,
    boolean production,
    String environment,
    Version baselineVersion,
    List<Path> seeds,
    boolean allowSeedInProduction,
    String appliedBy,
    String runUrl,
    Version target,
    int steps,
    String reason,
    Duration warnAfter,
    LintOptions lint) {

  public MigrateRequest {
    seeds = List.copyOf(seeds);
    warnAfter = warnAfter == null ? Duration.ZERO : warnAfter;
    lint = lint == null ? LintOptions.NONE : lint;
  }

  /**
   * The same run in another mode, for production or not; used to run plan as a verify on the
   * embedded server.
   */
  public MigrateRequest as(Mode newMode, boolean isProduction, Version newBaseline) {
    return new MigrateRequest(
        newMode,
        dir,
        format,
        schema,
        lockTimeout,
        statementTimeout,
        timeout,
        allowDrift,
        allowNonTransactional,
        allowDestructive,
        isProduction,
        environment,
        newBaseline,
        seeds,
        !isProduction || allowSeedInProduction,
        appliedBy,
        runUrl,
        target,
        steps,
        reason,
        warnAfter,
        lint);
  }

  /** The same run with other lint inputs (lint-base resolved to its files). */
  public MigrateRequest withLint(LintOptions newLint) {
    return new MigrateRequest(
        mode,
        dir,
        format,
        schema,
        lockTimeout,
        statementTimeout,
        timeout,
        allowDrift,
        allowNonTransactional,
        allowDestructive,
        production,
        environment,
        baselineVersion,
        seeds,
        allowSeedInProduction,
        appliedBy,
        runUrl,
        target,
        steps,
        reason,
        warnAfter,
        newLint);
  }
}
