package dev.bosun.migrate;

import dev.bosun.support.BadInputException;
import java.util.Locale;

/** The three file layouts db-migrate reads, and how each file name must look. */
public enum MigrationFormat {
  NUMBERED("NNN_name.sql, for example 015_add_users.sql"),
  FLYWAY(
      "V<version>__name.sql (for example V1.2__add_users.sql) or R__name.sql for a repeatable migration"),
  PRISMA("<timestamp>_name/migration.sql, for example 20240101120000_init/migration.sql");

  private final String expected;

  MigrationFormat(String expected) {
    this.expected = expected;
  }

  /** The expected form, for error messages. */
  public String expected() {
    return expected;
  }

  /**
   * Parses the {@code format} input; {@code auto} (or empty) gives null, meaning detect from the
   * directory.
   */
  public static MigrationFormat parse(String text) {
    String v = text == null ? "auto" : text.trim().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "", "auto" -> null;
      case "numbered" -> NUMBERED;
      case "flyway" -> FLYWAY;
      case "prisma" -> PRISMA;
      default ->
          throw new BadInputException(
              "format",
              "Input 'format' must be auto, numbered, flyway or prisma, not '" + text + "'.");
    };
  }
}
