package dev.bosun.smoke;

import java.util.Optional;

/**
 * A SQL smoke check, the {@code 004_…} DB smoke test: a read-only query and what its result must
 * be.
 *
 * @param target the database as {@code host:port/db}, never with credentials
 * @param minRows the query must return at least this many rows
 * @param equals the first column of the first row must equal this (numbers compare by value)
 * @param hint what to do when it fails, for checks bosun writes itself (required extensions)
 */
public record SqlCheck(
    String name,
    String target,
    String sql,
    Optional<Long> minRows,
    Optional<String> equals,
    Optional<String> hint)
    implements Check {

  /** The check for one {@code required-extensions} entry. */
  public static SqlCheck extension(String target, String extension) {
    if (!extension.matches("[A-Za-z0-9_-]+")) {
      throw new dev.bosun.support.BadInputException(
          "required-extensions",
          "Input 'required-extensions': '"
              + extension
              + "' is not an extension name; give one per line, such as vector or uuid-ossp.");
    }
    return new SqlCheck(
        "extension " + extension,
        target,
        "SELECT extname FROM pg_extension WHERE extname = '" + extension + "'",
        Optional.of(1L),
        Optional.empty(),
        Optional.of(
            "extension "
                + extension
                + " is not installed; add CREATE EXTENSION IF NOT EXISTS \""
                + extension
                + "\" to a migration"));
  }
}
