package dev.bosun.migrate;

/**
 * The lint rules: a stable ID, whether a finding destroys data, and how to do the same change
 * safely.
 */
public enum LintRule {
  DROP_TABLE(
      "drop-table",
      true,
      "Dropping a table deletes its data for good and breaks any code still reading it.",
      "Ship code that no longer uses the table first, take a backup, then drop it in a later migration."),
  DROP_COLUMN(
      "drop-column",
      true,
      "Dropping a column deletes its data and breaks running code that still selects it.",
      "Stop reading and writing the column in a deploy first, then drop it in a later migration."),
  TRUNCATE(
      "truncate",
      true,
      "TRUNCATE deletes every row and takes an ACCESS EXCLUSIVE lock.",
      "Delete only the rows you mean to with DELETE ... WHERE, in batches if there are many."),
  DELETE_WITHOUT_WHERE(
      "delete-without-where",
      true,
      "DELETE without WHERE removes every row of the table.",
      "Add a WHERE clause naming the rows to delete; if you really mean all of them, say so with WHERE true."),
  UPDATE_WITHOUT_WHERE(
      "update-without-where",
      true,
      "UPDATE without WHERE rewrites every row of the table.",
      "Add a WHERE clause; backfill large tables in batches (WHERE id BETWEEN ...) to keep locks and WAL small."),
  ALTER_COLUMN_TYPE(
      "alter-column-type",
      false,
      "Changing a column's type rewrites the table and its indexes under an ACCESS EXCLUSIVE lock.",
      "Add a new column of the new type, backfill it in batches, switch the code over, then drop the old column."),
  SET_NOT_NULL(
      "set-not-null",
      false,
      "SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock.",
      "Add CHECK (col IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT it in a later migration, then SET NOT NULL "
          + "(PostgreSQL 12+ uses the valid check and skips the scan) and drop the check."),
  INDEX_NOT_CONCURRENT(
      "index-not-concurrent",
      false,
      "CREATE INDEX without CONCURRENTLY blocks writes to the table while the index builds.",
      "Use CREATE INDEX CONCURRENTLY in a migration of its own, with -- bosun:no-transaction as its first line."),
  CONSTRAINT_NOT_VALID(
      "constraint-not-valid",
      false,
      "Adding a foreign key or check constraint validates every row while holding a lock that blocks writes.",
      "Add it with NOT VALID, then run ALTER TABLE ... VALIDATE CONSTRAINT in a later migration, which does not block writes."),
  RENAME_COLUMN(
      "rename-column",
      false,
      "Renaming a column breaks running code that still uses the old name.",
      "Add the new column, write to both, backfill, move reads over, then drop the old column."),
  RENAME_TABLE(
      "rename-table",
      false,
      "Renaming a table breaks running code that still uses the old name.",
      "Create the new table (or a view with the old name), move the code over, then drop the old name."),
  VOLATILE_DEFAULT(
      "volatile-default",
      false,
      "Adding a column with a volatile default (random(), gen_random_uuid(), clock_timestamp(), nextval, serial) "
          + "rewrites the whole table under an ACCESS EXCLUSIVE lock.",
      "Add the column without a default (or with a constant one), backfill it in batches, then set the default.");

  private final String id;
  private final boolean destructive;
  private final String problem;
  private final String fix;

  LintRule(String id, boolean destructive, String problem, String fix) {
    this.id = id;
    this.destructive = destructive;
    this.problem = problem;
    this.fix = fix;
  }

  public String id() {
    return id;
  }

  public boolean destructive() {
    return destructive;
  }

  /** Squawk-style: what goes wrong, then how to do it safely. */
  public String message() {
    return problem + " Safer: " + fix;
  }
}
