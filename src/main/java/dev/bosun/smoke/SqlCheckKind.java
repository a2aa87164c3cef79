package dev.bosun.smoke;

import java.util.Optional;
import java.util.Set;

/**
 * Checks-file entries with {@code sql:}: {@code name}, {@code sql}, and the expectation {@code
 * min-rows} (a count) or {@code equals} (the first column of the first row). With neither, the
 * query only has to run.
 */
public final class SqlCheckKind implements CheckKind {

  private static final Set<String> FIELDS = Set.of("name", "sql", "min-rows", "equals");
  private final Optional<String> target;
  private final String databaseInput;

  /**
   * @param target the database as {@code host:port/db}, or empty when no database was given
   * @param databaseInput the input that gives the database, for the error when none is given
   */
  public SqlCheckKind(Optional<String> target, String databaseInput) {
    this.target = target;
    this.databaseInput = databaseInput;
  }

  public SqlCheckKind(Optional<String> target) {
    this(target, "database-url");
  }

  @Override
  public String key() {
    return "sql";
  }

  @Override
  public Set<String> fields() {
    return FIELDS;
  }

  @Override
  public Check parse(ChecksFile.Entry entry) {
    String sql = entry.requiredText("sql").trim();
    String db =
        target.orElseThrow(
            () ->
                entry.fail(
                    "is a SQL check, but no database is given; set the "
                        + databaseInput
                        + " input (a secret) or the PGHOST/PGDATABASE/PGUSER/PGPASSWORD variables"));
    Optional<Long> minRows =
        entry
            .text("min-rows")
            .map(
                t -> {
                  try {
                    long n = Long.parseLong(t.trim());
                    if (n < 0) {
                      throw new NumberFormatException();
                    }
                    return n;
                  } catch (NumberFormatException e) {
                    throw entry.fail(
                        "has min-rows '" + t + "'; give a whole number such as 1 or 16");
                  }
                });
    Optional<String> equals = entry.text("equals");
    if (minRows.isPresent() && equals.isPresent()) {
      throw entry.fail("has both min-rows and equals; give one expectation per check");
    }
    String name = entry.name(sql.length() > 60 ? sql.substring(0, 60) + "…" : sql);
    return new SqlCheck(name, db, sql, minRows, equals, Optional.empty());
  }
}
