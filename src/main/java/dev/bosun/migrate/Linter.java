package dev.bosun.migrate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The migration safety lint: pure rules over each statement's code form (comments dropped, literals
 * emptied), so text in strings and comments never triggers a rule. Tables created earlier in the
 * same file are new and empty, so the rules about locking and rewriting existing tables do not
 * apply to them.
 */
public final class Linter {

  /** One finding: the rule, where it is, and the statement's first words. */
  public record Finding(LintRule rule, String script, int line, String statement) {
    public String message() {
      return rule.id() + ": " + rule.message();
    }
  }

  private static final String NAME =
      "((?:\"(?:[^\"]|\"\")+\"|[A-Z_][A-Z0-9_$]*)(?:\\.(?:\"(?:[^\"]|\"\")+\"|[A-Z_][A-Z0-9_$]*))*)";
  private static final Pattern CREATE_TABLE =
      Pattern.compile(
          "^CREATE (?:(?:GLOBAL |LOCAL )?(?:TEMP|TEMPORARY|UNLOGGED) )?TABLE (?:IF NOT EXISTS )?"
              + NAME
              + ".*");
  private static final Pattern ALTER_TABLE =
      Pattern.compile("^ALTER TABLE (?:IF EXISTS )?(?:ONLY )?" + NAME + " (.*)");
  private static final Pattern DROP_TABLE = Pattern.compile("^DROP TABLE\\b.*");
  private static final Pattern DROP_COLUMN =
      Pattern.compile(
          "(?:^|, ?)DROP (?:COLUMN )?(?!CONSTRAINT\\b|DEFAULT\\b|NOT NULL\\b|IDENTITY\\b|EXPRESSION\\b)(?:IF EXISTS )?[\"A-Z_].*");
  private static final Pattern TRUNCATE = Pattern.compile("^TRUNCATE\\b.*");
  private static final Pattern DELETE = Pattern.compile("^(?:WITH .* )?DELETE FROM .*");
  private static final Pattern UPDATE = Pattern.compile("^(?:WITH .* )?UPDATE .* SET .*");
  private static final Pattern WHERE = Pattern.compile(".*\\bWHERE\\b.*");
  private static final Pattern ALTER_TYPE =
      Pattern.compile(".*\\bALTER (?:COLUMN )?\\S+ (?:SET DATA )?TYPE\\b.*");
  private static final Pattern SET_NOT_NULL =
      Pattern.compile(".*\\bALTER (?:COLUMN )?\\S+ SET NOT NULL\\b.*");
  private static final Pattern CREATE_INDEX =
      Pattern.compile(
          "^CREATE (?:UNIQUE )?INDEX (CONCURRENTLY )?(?:IF NOT EXISTS )?(?:"
              + NAME
              + " )?ON (?:ONLY )?"
              + NAME
              + ".*");
  private static final Pattern ADD_CONSTRAINT =
      Pattern.compile(".*\\bADD (?:CONSTRAINT \\S+ )?(?:FOREIGN KEY|CHECK)\\b.*");
  private static final Pattern ADD_COLUMN_REFERENCES =
      Pattern.compile(".*\\bADD (?:COLUMN )?(?:IF NOT EXISTS )?\\S+ .*\\bREFERENCES\\b.*");
  private static final Pattern NOT_VALID = Pattern.compile(".*\\bNOT VALID\\b.*");
  private static final Pattern RENAME_COLUMN =
      Pattern.compile(".*\\bRENAME (?:COLUMN )?(?!TO\\b|CONSTRAINT\\b)\\S+ TO \\S+.*");
  private static final Pattern RENAME_TABLE = Pattern.compile("^RENAME TO \\S+.*");
  private static final Pattern ADD_COLUMN =
      Pattern.compile(
          "(?:^|.*, ?)ADD (?:COLUMN )?(?!CONSTRAINT\\b|PRIMARY\\b|UNIQUE\\b|FOREIGN\\b|CHECK\\b|EXCLUDE\\b)(?:IF NOT EXISTS )?\\S+ (.*)");
  private static final Pattern VOLATILE =
      Pattern.compile(
          ".*(?:\\bDEFAULT .*\\b(?:RANDOM|GEN_RANDOM_UUID|UUID_GENERATE_V[14]|UUID_GENERATE_V1MC|CLOCK_TIMESTAMP|TIMEOFDAY|NEXTVAL|STATEMENT_TIMESTAMP|TXID_CURRENT) ?\\(|\\b(?:SMALLSERIAL|SERIAL|BIGSERIAL|SERIAL2|SERIAL4|SERIAL8)\\b).*");

  private Linter() {}

  public static List<Finding> lint(PreparedMigration prepared) {
    List<Finding> findings = new ArrayList<>();
    Set<String> created = new HashSet<>();
    String script = prepared.migration().script();
    for (SqlScript.Statement s : prepared.statements()) {
      String code = s.code();
      Matcher ct = CREATE_TABLE.matcher(code);
      if (ct.matches()) {
        created.add(key(ct.group(1)));
        continue;
      }
      if (DROP_TABLE.matcher(code).matches()) {
        add(findings, LintRule.DROP_TABLE, script, s);
      } else if (TRUNCATE.matcher(code).matches()) {
        add(findings, LintRule.TRUNCATE, script, s);
      } else if (DELETE.matcher(code).matches()
          && !WHERE.matcher(afterLast(code, "DELETE FROM ")).matches()) {
        add(findings, LintRule.DELETE_WITHOUT_WHERE, script, s);
      } else if (UPDATE.matcher(code).matches()
          && !code.startsWith("ALTER ")
          && !WHERE.matcher(afterLast(code, "UPDATE ")).matches()) {
        add(findings, LintRule.UPDATE_WITHOUT_WHERE, script, s);
      }
      Matcher ci = CREATE_INDEX.matcher(code);
      if (ci.matches() && ci.group(1) == null && !created.contains(key(ci.group(3)))) {
        add(findings, LintRule.INDEX_NOT_CONCURRENT, script, s);
      }
      Matcher at = ALTER_TABLE.matcher(code);
      if (at.matches()) {
        boolean fresh = created.contains(key(at.group(1)));
        for (String action : actions(at.group(2))) {
          lintAlterAction(findings, script, s, action, fresh);
        }
      }
    }
    return findings;
  }

  private static void lintAlterAction(
      List<Finding> findings, String script, SqlScript.Statement s, String action, boolean fresh) {
    if (DROP_COLUMN.matcher(action).matches()) {
      add(findings, LintRule.DROP_COLUMN, script, s);
    }
    if (RENAME_TABLE.matcher(action).matches()) {
      add(findings, LintRule.RENAME_TABLE, script, s);
    } else if (RENAME_COLUMN.matcher(action).matches()) {
      add(findings, LintRule.RENAME_COLUMN, script, s);
    }
    if (fresh) {
      return; // a table created in this file is empty: rewrites, scans and locks cost nothing
    }
    if (ALTER_TYPE.matcher(action).matches()) {
      add(findings, LintRule.ALTER_COLUMN_TYPE, script, s);
    }
    if (SET_NOT_NULL.matcher(action).matches()) {
      add(findings, LintRule.SET_NOT_NULL, script, s);
    }
    if ((ADD_CONSTRAINT.matcher(action).matches()
            || ADD_COLUMN_REFERENCES.matcher(action).matches())
        && !NOT_VALID.matcher(action).matches()) {
      add(findings, LintRule.CONSTRAINT_NOT_VALID, script, s);
    }
    Matcher add = ADD_COLUMN.matcher(action);
    if (add.matches() && VOLATILE.matcher(add.group(1)).matches()) {
      add(findings, LintRule.VOLATILE_DEFAULT, script, s);
    }
  }

  /** Splits an ALTER TABLE's action list on top-level commas. */
  static List<String> actions(String text) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        out.add(text.substring(start, i).trim());
        start = i + 1;
      }
    }
    out.add(text.substring(start).trim());
    return out;
  }

  private static String afterLast(String code, String marker) {
    int i = code.lastIndexOf(marker);
    return i < 0 ? code : code.substring(i);
  }

  private static String key(String name) {
    if (name == null) {
      return "";
    }
    String last = name;
    int dot = lastDotOutsideQuotes(name);
    if (dot >= 0) {
      last = name.substring(dot + 1);
    }
    return last.startsWith("\"")
        ? last.substring(1, last.length() - 1).replace("\"\"", "\"")
        : last.toLowerCase(Locale.ROOT);
  }

  private static int lastDotOutsideQuotes(String name) {
    boolean quoted = false;
    int dot = -1;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '.' && !quoted) {
        dot = i;
      }
    }
    return dot;
  }

  private static void add(
      List<Finding> findings, LintRule rule, String script, SqlScript.Statement s) {
    findings.add(new Finding(rule, script, s.line(), SqlKinds.head(s.code())));
  }
}
