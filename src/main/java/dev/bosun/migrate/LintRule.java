package dev.bosun.migrate;

import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The lint rules as data: a stable ID, whether a finding destroys data, what goes wrong, how to do
 * the same change safely, and the detector that decides whether one statement breaks the rule.
 * Adding a rule is adding a constant; {@link Linter} only walks the statements and asks each rule.
 */
public enum LintRule {
  DROP_TABLE(
      "drop-table",
      true,
      "Dropping a table deletes its data for good and breaks any code still reading it.",
      "Ship code that no longer uses the table first, take a backup, then drop it in a later migration.",
      s -> s.is(Sql.DROP_TABLE)),
  DROP_COLUMN(
      "drop-column",
      true,
      "Dropping a column deletes its data and breaks running code that still selects it.",
      "Stop reading and writing the column in a deploy first, then drop it in a later migration.",
      s -> s.anyAction(Sql.DROP_COLUMN)),
  TRUNCATE(
      "truncate",
      true,
      "TRUNCATE deletes every row and takes an ACCESS EXCLUSIVE lock.",
      "Delete only the rows you mean to with DELETE ... WHERE, in batches if there are many.",
      s -> s.is(Sql.TRUNCATE)),
  DELETE_WITHOUT_WHERE(
      "delete-without-where",
      true,
      "DELETE without WHERE removes every row of the table.",
      "Add a WHERE clause naming the rows to delete; if you really mean all of them, say so with WHERE true.",
      s -> s.is(Sql.DELETE) && !Sql.WHERE.matcher(s.after("DELETE FROM ")).matches()),
  UPDATE_WITHOUT_WHERE(
      "update-without-where",
      true,
      "UPDATE without WHERE rewrites every row of the table.",
      "Add a WHERE clause; backfill large tables in batches (WHERE id BETWEEN ...) to keep locks and WAL small.",
      s ->
          s.is(Sql.UPDATE)
              && !s.code().startsWith("ALTER ")
              && !Sql.WHERE.matcher(s.after("UPDATE ")).matches()),
  ALTER_COLUMN_TYPE(
      "alter-column-type",
      false,
      "Changing a column's type rewrites the table and its indexes under an ACCESS EXCLUSIVE lock.",
      "Add a new column of the new type, backfill it in batches, switch the code over, then drop the old column.",
      s -> s.existingTable() && s.anyAction(Sql.ALTER_TYPE)),
  SET_NOT_NULL(
      "set-not-null",
      false,
      "SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock.",
      "Add CHECK (col IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT it in a later migration, then SET NOT NULL "
          + "(PostgreSQL 12+ uses the valid check and skips the scan) and drop the check.",
      s -> s.existingTable() && s.anyAction(Sql.SET_NOT_NULL)),
  INDEX_NOT_CONCURRENT(
      "index-not-concurrent",
      false,
      "CREATE INDEX without CONCURRENTLY blocks writes to the table while the index builds.",
      "Use CREATE INDEX CONCURRENTLY in a migration of its own, with -- bosun:no-transaction as its first line.",
      s -> s.existingTable() && s.is(Sql.CREATE_INDEX) && !s.is(Sql.CREATE_INDEX_CONCURRENTLY)),
  CONSTRAINT_NOT_VALID(
      "constraint-not-valid",
      false,
      "Adding a foreign key or check constraint validates every row while holding a lock that blocks writes.",
      "Add it with NOT VALID, then run ALTER TABLE ... VALIDATE CONSTRAINT in a later migration, which does not "
          + "block writes.",
      s ->
          s.existingTable()
              && s.actions().stream()
                  .anyMatch(
                      a ->
                          (Sql.ADD_CONSTRAINT.matcher(a).matches()
                                  || Sql.ADD_COLUMN_REFERENCES.matcher(a).matches())
                              && !Sql.NOT_VALID.matcher(a).matches())),
  RENAME_COLUMN(
      "rename-column",
      false,
      "Renaming a column breaks running code that still uses the old name.",
      "Add the new column, write to both, backfill, move reads over, then drop the old column.",
      s -> s.anyAction(Sql.RENAME_COLUMN)),
  RENAME_TABLE(
      "rename-table",
      false,
      "Renaming a table breaks running code that still uses the old name.",
      "Create the new table (or a view with the old name), move the code over, then drop the old name.",
      s -> s.anyAction(Sql.RENAME_TABLE)),
  VOLATILE_DEFAULT(
      "volatile-default",
      false,
      "Adding a column with a volatile default (random(), gen_random_uuid(), clock_timestamp(), nextval, serial) "
          + "rewrites the whole table under an ACCESS EXCLUSIVE lock.",
      "Add the column without a default (or with a constant one), backfill it in batches, then set the default.",
      s ->
          s.existingTable()
              && s.addedColumns().stream().anyMatch(c -> Sql.VOLATILE.matcher(c).matches()));

  private final String id;
  private final boolean destructive;
  private final String problem;
  private final String fix;
  private final Predicate<Linter.Subject> detector;

  LintRule(
      String id,
      boolean destructive,
      String problem,
      String fix,
      Predicate<Linter.Subject> detector) {
    this.id = id;
    this.destructive = destructive;
    this.problem = problem;
    this.fix = fix;
    this.detector = detector;
  }

  public String id() {
    return id;
  }

  public boolean destructive() {
    return destructive;
  }

  /** What goes wrong, for the SARIF rule description. */
  public String problem() {
    return problem;
  }

  /** How to make the same change safely. */
  public String fix() {
    return fix;
  }

  /** Squawk-style: what goes wrong, then how to do it safely. */
  public String message() {
    return problem + " Safer: " + fix;
  }

  /** Whether this statement breaks the rule. */
  boolean flags(Linter.Subject statement) {
    return detector.test(statement);
  }

  /**
   * The patterns the detectors match against a statement's code form (upper-cased, comments
   * dropped, literals emptied). A nested class, so the enum constants above may use them.
   */
  static final class Sql {
    static final String NAME =
        "((?:\"(?:[^\"]|\"\")+\"|[A-Z_][A-Z0-9_$]*)(?:\\.(?:\"(?:[^\"]|\"\")+\"|[A-Z_][A-Z0-9_$]*))*)";
    static final Pattern CREATE_TABLE =
        Pattern.compile(
            "^CREATE (?:(?:GLOBAL |LOCAL )?(?:TEMP|TEMPORARY|UNLOGGED) )?TABLE (?:IF NOT EXISTS )?"
                + NAME
                + ".*");
    static final Pattern ALTER_TABLE =
        Pattern.compile("^ALTER TABLE (?:IF EXISTS )?(?:ONLY )?" + NAME + " (.*)");
    static final Pattern CREATE_INDEX =
        Pattern.compile(
            "^CREATE (?:UNIQUE )?INDEX (CONCURRENTLY )?(?:IF NOT EXISTS )?(?:"
                + NAME
                + " )?ON (?:ONLY )?"
                + NAME
                + ".*");
    static final Pattern CREATE_INDEX_CONCURRENTLY =
        Pattern.compile("^CREATE (?:UNIQUE )?INDEX CONCURRENTLY\\b.*");
    static final Pattern DROP_TABLE = Pattern.compile("^DROP TABLE\\b.*");
    static final Pattern DROP_COLUMN =
        Pattern.compile(
            "(?:^|, ?)DROP (?:COLUMN )?(?!CONSTRAINT\\b|DEFAULT\\b|NOT "
                + "NULL\\b|IDENTITY\\b|EXPRESSION\\b)(?:IF EXISTS )?[\"A-Z_].*");
    static final Pattern TRUNCATE = Pattern.compile("^TRUNCATE\\b.*");
    static final Pattern DELETE = Pattern.compile("^(?:WITH .* )?DELETE FROM .*");
    static final Pattern UPDATE = Pattern.compile("^(?:WITH .* )?UPDATE .* SET .*");
    static final Pattern WHERE = Pattern.compile(".*\\bWHERE\\b.*");
    static final Pattern ALTER_TYPE =
        Pattern.compile(".*\\bALTER (?:COLUMN )?\\S+ (?:SET DATA )?TYPE\\b.*");
    static final Pattern SET_NOT_NULL =
        Pattern.compile(".*\\bALTER (?:COLUMN )?\\S+ SET NOT NULL\\b.*");
    static final Pattern ADD_CONSTRAINT =
        Pattern.compile(".*\\bADD (?:CONSTRAINT \\S+ )?(?:FOREIGN KEY|CHECK)\\b.*");
    static final Pattern ADD_COLUMN_REFERENCES =
        Pattern.compile(".*\\bADD (?:COLUMN )?(?:IF NOT EXISTS )?\\S+ .*\\bREFERENCES\\b.*");
    static final Pattern NOT_VALID = Pattern.compile(".*\\bNOT VALID\\b.*");
    static final Pattern RENAME_COLUMN =
        Pattern.compile(".*\\bRENAME (?:COLUMN )?(?!TO\\b|CONSTRAINT\\b)\\S+ TO \\S+.*");
    static final Pattern RENAME_TABLE = Pattern.compile("^RENAME TO \\S+.*");

    /** An added column; group 1 is its definition after the name. */
    static final Pattern ADD_COLUMN =
        Pattern.compile(
            "(?:^|.*, ?)ADD (?:COLUMN )?(?!CONSTRAINT\\b|PRIMARY\\b|UNIQUE\\b"
                + "|FOREIGN\\b|CHECK\\b|EXCLUDE\\b)(?:IF NOT EXISTS )?\\S+ (.*)");

    static final Pattern VOLATILE =
        Pattern.compile(
            ".*(?:\\bDEFAULT .*\\b(?:RANDOM|GEN_RANDOM_UUID|UUID_GENERATE_V[14]"
                + "|UUID_GENERATE_V1MC|CLOCK_TIMESTAMP|TIMEOFDAY|NEXTVAL|STATEMENT_TIMESTAMP|TXID_CURRENT) ?\\(|\\b(?:SMALLSERIAL"
                + "|SERIAL|BIGSERIAL|SERIAL2|SERIAL4|SERIAL8)\\b).*");

    private Sql() {}
  }
}
