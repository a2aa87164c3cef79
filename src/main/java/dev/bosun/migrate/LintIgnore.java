package dev.bosun.migrate;

import dev.bosun.actions.Printable;
import dev.bosun.support.BadInputException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code -- bosun:lint-ignore <rule>[,<rule>...] <reason>} line in a migration: on a line of
 * its own, it marks the named rules' findings on the next statement as suppressed. The reason is
 * required (it shows in the summary and in SARIF), and an unknown rule is bad input, so a typo
 * never silences nothing while looking as if it did.
 *
 * @param line the 1-based line of the comment
 */
record LintIgnore(int line, Set<LintRule> rules, String reason) {

  static final String DIRECTIVE = "bosun:lint-ignore";
  private static final Pattern LINE =
      Pattern.compile("--\\s*" + DIRECTIVE + "(?:\\s+(\\S+))?(?:\\s+(.*))?");
  static final int REASON_LIMIT = 500;

  /** The directives of a file, checked: every rule known, every reason given. */
  static List<LintIgnore> parse(Migration m) {
    if (!m.sql().contains(DIRECTIVE)) {
      return List.of(); // the common case, without splitting thousands of files into lines
    }
    List<LintIgnore> out = new ArrayList<>();
    List<String> lines = m.sql().lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      Matcher d = LINE.matcher(lines.get(i).strip());
      if (!d.matches()) {
        continue;
      }
      String where = m.script() + " line " + (i + 1);
      if (d.group(1) == null) {
        throw new BadInputException(
            "dir",
            "Input 'dir': "
                + where
                + ": '-- "
                + DIRECTIVE
                + "' needs a rule and a "
                + "reason, for example '-- "
                + DIRECTIVE
                + " ban-drop-column the column is unused since release 4.2'.");
      }
      Set<LintRule> rules = EnumSet.noneOf(LintRule.class);
      for (String id : d.group(1).split(",")) {
        if (!id.isEmpty()) {
          rules.add(LintRule.byId("dir", id, "Input 'dir': " + where));
        }
      }
      if (rules.isEmpty()) {
        throw new BadInputException(
            "dir", "Input 'dir': " + where + ": '-- " + DIRECTIVE + "' names no rule.");
      }
      String reason = d.group(2) == null ? "" : d.group(2).strip();
      if (reason.isEmpty()) {
        throw new BadInputException(
            "dir",
            "Input 'dir': "
                + where
                + ": the lint-ignore of "
                + d.group(1)
                + " gives no reason. Say why the finding is safe here after the rule, for example '-- "
                + DIRECTIVE
                + " "
                + d.group(1)
                + " the table is empty in every environment'.");
      }
      if (reason.length() > REASON_LIMIT) {
        throw new BadInputException(
            "dir",
            "Input 'dir': "
                + where
                + ": the lint-ignore reason is longer than "
                + REASON_LIMIT
                + " characters; keep it to a sentence.");
      }
      out.add(new LintIgnore(i + 1, Set.copyOf(rules), Printable.value(reason)));
    }
    return out;
  }
}
