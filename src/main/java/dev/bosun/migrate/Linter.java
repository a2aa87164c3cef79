package dev.bosun.migrate;

import dev.bosun.migrate.LintRule.Sql;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The migration safety lint: walks a file's statements and asks every {@link LintRule} about each
 * one. Rules read the statement's code form (comments dropped, literals emptied), so text in
 * strings and comments never triggers a rule. Tables created earlier in the same file are new and
 * empty, so the rules about locking and rewriting existing tables do not apply to them.
 */
public final class Linter {

  /** One finding: the rule, where it is, and the statement's first words. */
  public record Finding(LintRule rule, String script, int line, String statement) {
    public String message() {
      return rule.id() + ": " + rule.message();
    }
  }

  /**
   * One statement as the rules see it.
   *
   * @param actions an ALTER TABLE's actions split on top-level commas; empty for other statements
   * @param existingTable the statement works on a table that this file did not create (so it may
   *     hold rows)
   */
  public record Subject(
      SqlScript.Statement statement, List<String> actions, boolean existingTable) {

    public String code() {
      return statement.code();
    }

    boolean is(Pattern p) {
      return p.matcher(code()).matches();
    }

    boolean anyAction(Pattern p) {
      return actions.stream().anyMatch(a -> p.matcher(a).matches());
    }

    /** The definitions (after the column name) of the columns an ALTER TABLE adds. */
    List<String> addedColumns() {
      List<String> out = new ArrayList<>();
      for (String a : actions) {
        Matcher m = Sql.ADD_COLUMN.matcher(a);
        if (m.matches()) {
          out.add(m.group(1));
        }
      }
      return out;
    }

    /** The code from the last {@code marker} on (the outer statement of a {@code WITH}). */
    String after(String marker) {
      int i = code().lastIndexOf(marker);
      return i < 0 ? code() : code().substring(i);
    }
  }

  private Linter() {}

  public static List<Finding> lint(PreparedMigration prepared) {
    List<Finding> findings = new ArrayList<>();
    Set<String> created = new HashSet<>();
    String script = prepared.migration().script();
    for (SqlScript.Statement s : prepared.statements()) {
      String code = s.code();
      Matcher ct = Sql.CREATE_TABLE.matcher(code);
      if (ct.matches()) {
        created.add(key(ct.group(1)));
        continue;
      }
      Subject subject = subject(s, created);
      for (LintRule rule : LintRule.values()) {
        if (rule.flags(subject)) {
          findings.add(new Finding(rule, script, s.line(), SqlKinds.head(code)));
        }
      }
    }
    return findings;
  }

  private static Subject subject(SqlScript.Statement s, Set<String> created) {
    Matcher at = Sql.ALTER_TABLE.matcher(s.code());
    if (at.matches()) {
      return new Subject(s, actions(at.group(2)), !created.contains(key(at.group(1))));
    }
    Matcher ci = Sql.CREATE_INDEX.matcher(s.code());
    if (ci.matches()) {
      return new Subject(s, List.of(), !created.contains(key(ci.group(3))));
    }
    return new Subject(s, List.of(), true);
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

  /**
   * A table name as PostgreSQL compares it: the last part, unquoted as written or folded to lower
   * case.
   */
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
}
