package dev.bosun.migrate;

import dev.bosun.actions.InputChoice;
import java.util.Locale;

/** What a db-migrate run does. */
public enum Mode implements InputChoice {
  /** Apply pending migrations (and the seed) under the lock. */
  APPLY,
  /** Report applied, pending, changed, missing and unknown migrations; changes nothing. */
  STATUS,
  /** Dry run: what apply would run, with lint findings; changes nothing. */
  PLAN,
  /**
   * Run every migration on a throwaway embedded PostgreSQL and report lint findings and the
   * resulting schema.
   */
  VERIFY,
  /** Adopt an existing database: record everything up to a version as applied. */
  BASELINE,
  /**
   * Revert applied migrations newest first with their down files, down to {@code target} or by
   * {@code steps}.
   */
  DOWN,
  /**
   * Re-record changed checksums and clear failed non-transactional records, with a reason, after a
   * person reviewed them.
   */
  REPAIR;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
