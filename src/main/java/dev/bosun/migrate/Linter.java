package dev.bosun.migrate;

import dev.bosun.migrate.LintRule.Sql;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The migration safety lint: walks a file's statements and asks every {@link LintRule} about each
 * one. Rules read the statement's code form (comments dropped, literals emptied), so text in
 * strings and comments never triggers a rule. Tables and indexes created earlier in the same file
 * are new and empty, so the rules about locking and rewriting existing ones do not apply to them. A
 * {@code -- bosun:lint-ignore <rule> <reason>} line marks the findings of the statement below it as
 * suppressed, with the reason.
 */
public final class Linter {

  /** Files lint-ignore comments in; the summary shows the reason. */
  public record Suppression(int line, String reason) {}

  /**
   * One finding: the rule, where it is, the statement as written (shortened), and the in-file
   * suppression, if any.
   */
  public record Finding(
      LintRule rule, String script, int line, String statement, Optional<Suppression> suppression) {
    public Finding(LintRule rule, String script, int line, String statement) {
      this(rule, script, line, statement, Optional.empty());
    }

    public String message() {
      return rule.id() + ": " + rule.message();
    }

    public boolean suppressed() {
      return suppression.isPresent();
    }
  }

  /**
   * How a run is judged.
   *
   * @param pgVersion the PostgreSQL release the migrations will run on
   * @param lockTimeout the lock_timeout bosun sets for each statement ({@code lock-timeout}); zero
   *     for none
   * @param statementTimeout the statement_timeout bosun sets ({@code statement-timeout}); zero for
   *     none
   * @param ignored rules turned off for the run ({@code lint-ignore})
   */
  public record Settings(
      PgVersion pgVersion, Duration lockTimeout, Duration statementTimeout, Set<LintRule> ignored) {
    public Settings {
      ignored = ignored.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(ignored));
    }

    /**
     * What a run judges by when nothing says otherwise: a current PostgreSQL, bosun's default
     * timeouts.
     */
    public static Settings defaults() {
      return new Settings(
          PgVersion.parse("pg-version", "17"), Duration.ofSeconds(10), Duration.ZERO, Set.of());
    }

    public Settings withPgVersion(PgVersion v) {
      return new Settings(v, lockTimeout, statementTimeout, ignored);
    }
  }

  /**
   * One statement as the rules see it.
   *
   * @param actions an ALTER TABLE's actions split on top-level commas; empty for other statements
   * @param existingTable the statement works on a table (or index) that this file did not create,
   *     so it may hold rows
   * @param pg the PostgreSQL release it will run on
   * @param partialOnFailure the file runs outside a transaction with more than one statement: a
   *     failure midway leaves the statements before it applied
   * @param timeouts both a lock_timeout and a statement_timeout are in force for this statement
   * @param guarded constraint names dropped with IF EXISTS earlier in the file (or in this
   *     statement)
   */
  public record Subject(
      SqlScript.Statement statement,
      List<String> actions,
      boolean existingTable,
      PgVersion pg,
      boolean partialOnFailure,
      boolean timeouts,
      Set<String> guarded) {

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

    /**
     * Fails when run a second time: no IF [NOT] EXISTS, or a named constraint added without
     * dropping it first.
     */
    boolean fragile() {
      if (is(Sql.FRAGILE) || anyAction(Sql.FRAGILE_ACTION)) {
        return true;
      }
      for (String a : actions) {
        Matcher m = Sql.ADD_NAMED_CONSTRAINT.matcher(a);
        if (m.matches() && !guarded.contains(m.group(1))) {
          return true;
        }
      }
      return false;
    }
  }

  private static final Pattern SET_TIMEOUT =
      Pattern.compile(
          "(?is)SET\\s+(?:SESSION\\s+|LOCAL\\s+)?(LOCK_TIMEOUT|STATEMENT_TIMEOUT)\\s*(?:=|\\s)\\s*(?:TO\\s+)?(.*?)\\s*");
  private static final Pattern RESET_TIMEOUT =
      Pattern.compile("(?is)RESET\\s+(LOCK_TIMEOUT|STATEMENT_TIMEOUT|ALL)\\s*");
  private static final Pattern ZERO =
      Pattern.compile("(?i)['\"]?\\s*0+(?:\\.0*)?\\s*[a-z]*\\s*['\"]?|DEFAULT");

  private Linter() {}

  /** Lints a file as bosun's defaults would run it. */
  public static List<Finding> lint(Migration migration) {
    return lint(migration, Settings.defaults());
  }

  public static List<Finding> lint(Migration migration, Settings settings) {
    List<SqlScript.Statement> statements = SqlScript.parse(migration.sql());
    List<LintIgnore> ignores = LintIgnore.parse(migration);
    boolean partial =
        statements.size() > 1
            && statements.stream().anyMatch(s -> SqlKinds.nonTransactional(s.code()));
    boolean lockTimeout = !settings.lockTimeout().isZero();
    boolean statementTimeout = !settings.statementTimeout().isZero();
    Set<String> createdTables = new HashSet<>();
    Set<String> createdIndexes = new HashSet<>();
    Set<String> guarded = new HashSet<>();
    Set<LintRule> reported = EnumSet.noneOf(LintRule.class);
    List<Finding> findings = new ArrayList<>();
    String script = migration.script();
    int previousLine = 0;
    for (SqlScript.Statement s : statements) {
      int above = previousLine;
      previousLine = s.line();
      List<LintIgnore> here =
          ignores.stream().filter(d -> d.line() > above && d.line() < s.line()).toList();
      String text = s.text().strip();
      Matcher set = SET_TIMEOUT.matcher(text);
      Matcher reset = RESET_TIMEOUT.matcher(text);
      if (set.matches() || reset.matches()) {
        String which = (set.matches() ? set.group(1) : reset.group(1)).toUpperCase(Locale.ROOT);
        boolean on = set.matches() && !ZERO.matcher(set.group(2)).matches();
        lockTimeout = which.equals("STATEMENT_TIMEOUT") ? lockTimeout : on;
        statementTimeout = which.equals("LOCK_TIMEOUT") ? statementTimeout : on;
        continue;
      }
      Subject subject =
          subject(
              s,
              createdTables,
              createdIndexes,
              guarded,
              settings.pgVersion(),
              partial,
              lockTimeout && statementTimeout);
      for (LintRule rule : LintRule.values()) {
        if (settings.ignored().contains(rule) || rule.oncePerFile() && reported.contains(rule)) {
          continue;
        }
        if (rule.flags(subject)) {
          reported.add(rule);
          findings.add(
              new Finding(
                  rule,
                  script,
                  s.line(),
                  excerpt(s.text()),
                  here.stream()
                      .filter(d -> d.rules().contains(rule))
                      .findFirst()
                      .map(d -> new Suppression(d.line(), d.reason()))));
        }
      }
      remember(s.code(), createdTables, createdIndexes);
    }
    return findings;
  }

  private static Subject subject(
      SqlScript.Statement s,
      Set<String> createdTables,
      Set<String> createdIndexes,
      Set<String> guarded,
      PgVersion pg,
      boolean partial,
      boolean timeouts) {
    Matcher at = Sql.ALTER_TABLE.matcher(s.code());
    if (at.matches()) {
      List<String> actions = actions(at.group(2));
      for (String a : actions) {
        Matcher d = Sql.DROP_CONSTRAINT_IF_EXISTS.matcher(a);
        if (d.matches()) {
          guarded.add(d.group(1));
        }
      }
      return new Subject(
          s,
          actions,
          !createdTables.contains(key(at.group(1))),
          pg,
          partial,
          timeouts,
          Set.copyOf(guarded));
    }
    boolean existing = true;
    Matcher ci = Sql.CREATE_INDEX.matcher(s.code());
    Matcher di = Sql.DROP_INDEX.matcher(s.code());
    if (ci.matches()) {
      existing = !createdTables.contains(key(ci.group(3)));
    } else if (di.matches()) {
      existing = !createdIndexes.contains(key(di.group(1)));
    } else if (Sql.CREATE_TABLE.matcher(s.code()).matches()) {
      existing = false;
    }
    return new Subject(s, List.of(), existing, pg, partial, timeouts, Set.of());
  }

  private static void remember(String code, Set<String> createdTables, Set<String> createdIndexes) {
    Matcher ct = Sql.CREATE_TABLE.matcher(code);
    if (ct.matches()) {
      createdTables.add(key(ct.group(1)));
    }
    Matcher ci = Sql.CREATE_INDEX.matcher(code);
    if (ci.matches() && ci.group(2) != null) {
      createdIndexes.add(key(ci.group(2)));
    }
  }

  /** The statement as written in the file, on one line and cut to a readable length. */
  static String excerpt(String text) {
    String one = text.strip().replaceAll("\\s+", " ");
    return one.length() <= 100 ? one : one.substring(0, 99) + "…";
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
