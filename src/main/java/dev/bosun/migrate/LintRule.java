package dev.bosun.migrate;

import dev.bosun.actions.Printable;
import dev.bosun.support.BadInputException;
import dev.bosun.support.EditDistance;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The lint rules as data: a stable ID, whether a finding destroys data, what goes wrong, how to do
 * the same change safely, and the detector that decides whether one statement breaks the rule.
 * Adding a rule is adding a constant; {@link Linter} only walks the statements and asks each rule.
 */
public enum LintRule {
  BAN_DROP_TABLE(
      "ban-drop-table",
      true,
      "Dropping a table deletes its data for good and breaks any code still " + "reading it.",
      "Ship code that no longer uses the table first, take a backup, then drop it in a later migration.",
      s -> s.is(Sql.DROP_TABLE)),
  BAN_DROP_COLUMN(
      "ban-drop-column",
      true,
      "Dropping a column deletes its data and breaks running code that still " + "selects it.",
      "Stop reading and writing the column in a deploy first, then drop it in a later migration.",
      s -> s.anyAction(Sql.DROP_COLUMN)),
  BAN_DROP_DATABASE(
      "ban-drop-database",
      true,
      "Dropping a database deletes every table in it and breaks every " + "client connected to it.",
      "Do not drop databases from a migration: remove the database by hand, after a "
          + "backup, once nothing uses it.",
      s -> s.is(Sql.DROP_DATABASE)),
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
  CHANGING_COLUMN_TYPE(
      "changing-column-type",
      false,
      "Changing a column's type rewrites the table and its indexes "
          + "under an ACCESS EXCLUSIVE lock (only varchar to text or to a longer varchar is free), and breaks clients that "
          + "read the old type.",
      "Add a new column of the new type, backfill it in batches, switch the code over, then "
          + "drop the old column.",
      s -> s.existingTable() && s.anyAction(Sql.ALTER_TYPE)),
  SET_NOT_NULL(
      "set-not-null",
      false,
      "SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock.",
      "Add CHECK (col IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT it in a later migration, then SET NOT NULL "
          + "(PostgreSQL 12+ uses the valid check and skips the scan) and drop the check.",
      s -> s.existingTable() && s.anyAction(Sql.SET_NOT_NULL)),
  REQUIRE_CONCURRENT_INDEX_CREATION(
      "require-concurrent-index-creation",
      false,
      "CREATE INDEX without CONCURRENTLY blocks writes to the table while the index builds.",
      "Use CREATE INDEX CONCURRENTLY in a migration of its own (it then runs outside a transaction; start the file "
          + "with -- bosun:no-transaction).",
      s -> s.existingTable() && s.is(Sql.CREATE_INDEX) && !s.is(Sql.CREATE_INDEX_CONCURRENTLY)),
  REQUIRE_CONCURRENT_INDEX_DELETION(
      "require-concurrent-index-deletion",
      false,
      "DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the index's table, blocking reads and writes "
          + "until it is done.",
      "Use DROP INDEX CONCURRENTLY in a migration of its own (it then runs outside a "
          + "transaction; start the file with -- bosun:no-transaction).",
      s -> s.existingTable() && s.is(Sql.DROP_INDEX) && !s.is(Sql.DROP_INDEX_CONCURRENTLY)),
  CONSTRAINT_MISSING_NOT_VALID(
      "constraint-missing-not-valid",
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
  DISALLOWED_UNIQUE_CONSTRAINT(
      "disallowed-unique-constraint",
      false,
      "Adding a UNIQUE (or PRIMARY KEY) constraint "
          + "builds its index under an ACCESS EXCLUSIVE lock, blocking reads and writes while it builds.",
      "Build the index first with CREATE UNIQUE INDEX CONCURRENTLY (in a migration of its own), then add the "
          + "constraint with ALTER TABLE ... ADD CONSTRAINT name UNIQUE USING INDEX index_name, which is instant.",
      s ->
          s.existingTable()
              && (s.anyAction(Sql.ADD_UNIQUE)
                  || s.addedColumns().stream()
                      .anyMatch(c -> Sql.UNIQUE_COLUMN.matcher(c).matches()))),
  RENAMING_COLUMN(
      "renaming-column",
      false,
      "Renaming a column breaks running code that still uses the old name.",
      "Add the new column, write to both, backfill, move reads over, then drop the old column.",
      s -> s.existingTable() && s.anyAction(Sql.RENAME_COLUMN)),
  RENAMING_TABLE(
      "renaming-table",
      false,
      "Renaming a table breaks running code that still uses the old name.",
      "Create the new table (or a view with the old name), move the code over, then drop the old name.",
      s -> s.existingTable() && s.anyAction(Sql.RENAME_TABLE)),
  ADDING_FIELD_WITH_DEFAULT(
      "adding-field-with-default",
      false,
      "Adding a column whose default must be computed per "
          + "row (random(), gen_random_uuid(), clock_timestamp(), nextval, serial, identity, a stored generated column) "
          + "rewrites the whole table under an ACCESS EXCLUSIVE lock; before PostgreSQL 11 any non-null default does.",
      "Add the column without a default, set the default in a second statement (it applies to new rows only), then "
          + "backfill the existing rows in batches.",
      s ->
          s.existingTable()
              && s.addedColumns().stream()
                  .anyMatch(
                      c ->
                          Sql.REWRITING_COLUMN.matcher(c).matches()
                              || !s.pg().atLeast(11) && Sql.NON_NULL_DEFAULT.matcher(c).matches())),
  PREFER_ROBUST_STMTS(
      "prefer-robust-stmts",
      false,
      "This file runs outside a transaction, one statement at a time: "
          + "if it stops midway, the statements before stay applied and the rerun (after mode: repair) fails on them.",
      "Make each statement safe to run twice (CREATE ... IF NOT EXISTS, DROP ... IF EXISTS, ADD COLUMN IF NOT EXISTS, "
          + "DROP CONSTRAINT IF EXISTS before ADD CONSTRAINT), or move the statements that can run in a transaction "
          + "to a migration of their own.",
      s -> s.partialOnFailure() && s.fragile()),
  TRANSACTION_NESTING(
      "transaction-nesting",
      false,
      "bosun runs each migration and its history row in a transaction "
          + "of its own: a BEGIN/COMMIT around the whole file is dropped, and any other transaction control would end "
          + "bosun's transaction, so the run refuses the file.",
      "Remove the BEGIN, COMMIT or ROLLBACK; to run a file "
          + "outside a transaction, make -- bosun:no-transaction its first line.",
      s -> SqlKinds.transactionControl(s.code())),
  REQUIRE_TIMEOUT_SETTINGS(
      "require-timeout-settings",
      false,
      "A statement that locks an existing table runs without "
          + "both a lock_timeout and a statement_timeout: waiting for a lock, or holding one for long, queues every "
          + "query on the table behind it.",
      "Set the statement-timeout input (and keep lock-timeout short), or start the "
          + "file with SET lock_timeout = '5s'; SET statement_timeout = '1min';; never set either to 0.",
      s -> s.existingTable() && s.is(Sql.LOCKING) && !s.timeouts(),
      true);

  private final String id;
  private final boolean destructive;
  private final String problem;
  private final String fix;
  private final Predicate<Linter.Subject> detector;
  private final boolean oncePerFile;

  LintRule(
      String id,
      boolean destructive,
      String problem,
      String fix,
      Predicate<Linter.Subject> detector) {
    this(id, destructive, problem, fix, detector, false);
  }

  LintRule(
      String id,
      boolean destructive,
      String problem,
      String fix,
      Predicate<Linter.Subject> detector,
      boolean oncePerFile) {
    this.id = id;
    this.destructive = destructive;
    this.problem = problem;
    this.fix = fix;
    this.detector = detector;
    this.oncePerFile = oncePerFile;
  }

  /** The rule for an ID, or bad input naming {@code input} with the nearest ID. */
  public static LintRule byId(String input, String id, String where) {
    for (LintRule r : values()) {
      if (r.id.equals(id)) {
        return r;
      }
    }
    LintRule near = values()[0];
    for (LintRule r : values()) {
      if (EditDistance.between(r.id, id) < EditDistance.between(near.id, id)) {
        near = r;
      }
    }
    boolean close = EditDistance.between(near.id, id) <= 3;
    for (LintRule r : values()) {
      if (!close
          && id.length() >= 4
          && r.id.contains(id)) { // squawk's names: drop-table is ban-drop-table
        near = r;
        close = true;
      }
    }
    throw new BadInputException(
        input,
        where
            + ": '"
            + Printable.value(id)
            + "' is not a lint rule"
            + (close ? " (did you mean " + near.id + "?)" : "")
            + ". The rules are listed "
            + "in docs/db-migrate.md#lint-rules.");
  }

  /**
   * A rule about the file as a whole (its settings): reported at the first statement it concerns,
   * not at each.
   */
  boolean oncePerFile() {
    return oncePerFile;
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
    static final Pattern DROP_DATABASE = Pattern.compile("^DROP DATABASE\\b.*");
    static final Pattern DROP_INDEX =
        Pattern.compile("^DROP INDEX (?:CONCURRENTLY )?(?:IF EXISTS )?" + NAME + ".*");
    static final Pattern DROP_INDEX_CONCURRENTLY = Pattern.compile("^DROP INDEX CONCURRENTLY\\b.*");

    /** Statements that lock a table against readers or writers while they wait and run. */
    static final Pattern LOCKING =
        Pattern.compile(
            "^(?!.*\\bCONCURRENTLY\\b)(?:ALTER TABLE|CREATE (?:UNIQUE )?INDEX"
                + "|DROP INDEX|DROP TABLE|TRUNCATE|LOCK|REINDEX|CLUSTER|VACUUM FULL|VACUUM \\(.*\\bFULL\\b)\\b.*");

    static final Pattern ADD_UNIQUE =
        Pattern.compile(
            "^ADD (?:CONSTRAINT \\S+ )?(?:UNIQUE|PRIMARY KEY)\\b" + "(?!.*\\bUSING INDEX\\b).*");
    static final Pattern UNIQUE_COLUMN = Pattern.compile(".*\\b(?:UNIQUE|PRIMARY KEY)\\b.*");
    static final Pattern NON_NULL_DEFAULT = Pattern.compile(".*\\bDEFAULT (?!NULL\\b).*");
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

    /**
     * A column definition whose value PostgreSQL computes per row when the column is added: a table
     * rewrite.
     */
    static final Pattern REWRITING_COLUMN =
        Pattern.compile(
            VOLATILE.pattern()
                + "|.*\\bGENERATED .*\\bSTORED\\b.*"
                + "|.*\\bGENERATED (?:ALWAYS|BY DEFAULT) AS IDENTITY\\b.*");

    /** Statements that fail when run a second time, as the rerun of a half-applied file does. */
    static final Pattern FRAGILE =
        Pattern.compile(
            "^(?:CREATE (?:UNIQUE )?INDEX (?:CONCURRENTLY )?+(?!IF NOT EXISTS\\b)"
                + "|CREATE (?:(?:GLOBAL |LOCAL )?(?:TEMP|TEMPORARY|UNLOGGED) )?TABLE (?!IF NOT EXISTS\\b)"
                + "|CREATE (?:SCHEMA|EXTENSION|SEQUENCE) (?!IF NOT EXISTS\\b)"
                + "|DROP (?:TABLE|INDEX|VIEW|MATERIALIZED VIEW|SEQUENCE|SCHEMA|EXTENSION|TYPE|FUNCTION|PROCEDURE|TRIGGER"
                + "|DOMAIN) (?:CONCURRENTLY )?+(?!IF EXISTS\\b)).*");

    static final Pattern FRAGILE_ACTION =
        Pattern.compile(
            "^(?:ADD (?:COLUMN )?+(?!IF NOT EXISTS\\b|CONSTRAINT\\b"
                + "|PRIMARY\\b|UNIQUE\\b|FOREIGN\\b|CHECK\\b|EXCLUDE\\b)|ADD PRIMARY KEY\\b|DROP (?:COLUMN |CONSTRAINT )?+"
                + "(?!IF EXISTS\\b|DEFAULT\\b|NOT NULL\\b|IDENTITY\\b|EXPRESSION\\b)).*");

    /** A named constraint added; group 1 is its name. */
    static final Pattern ADD_NAMED_CONSTRAINT = Pattern.compile("^ADD CONSTRAINT (\\S+) .*");

    static final Pattern DROP_CONSTRAINT_IF_EXISTS =
        Pattern.compile("^DROP CONSTRAINT IF EXISTS (\\S+).*");

    private Sql() {}
  }
}
