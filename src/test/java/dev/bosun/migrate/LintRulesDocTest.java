package dev.bosun.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The lint rules table in docs/db-migrate.md lists exactly the rules in {@link LintRule}, with
 * their destructiveness.
 */
class LintRulesDocTest {

  private static final Path DOC = Path.of("docs", "db-migrate.md");
  private static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9-]+)` \\| (yes|no) \\|.*");

  @Test
  void docsTableMatchesTheRules() throws IOException {
    Map<String, Boolean> documented = table(Files.readString(DOC, StandardCharsets.UTF_8));
    Map<String, Boolean> rules =
        Arrays.stream(LintRule.values())
            .collect(
                Collectors.toMap(
                    LintRule::id, LintRule::destructive, (a, b) -> a, LinkedHashMap::new));
    assertThat(documented)
        .as("rows of the '## Lint rules' table in " + DOC + " (rule, destructive)")
        .containsExactlyEntriesOf(rules);
  }

  @Test
  void actionGuideLinksToTheTable() throws IOException {
    assertThat(
            Files.readString(Path.of("docs", "actions", "db-migrate.md"), StandardCharsets.UTF_8))
        .contains("](../db-migrate.md#lint-rules)");
  }

  /** The rows of the table under "## Lint rules", in order. */
  static Map<String, Boolean> table(String markdown) {
    int start = markdown.indexOf("\n## Lint rules");
    assertThat(start).as("a '## Lint rules' section").isNotNegative();
    int end = markdown.indexOf("\n## ", start + 1);
    String section = markdown.substring(start, end < 0 ? markdown.length() : end);
    Map<String, Boolean> rows = new LinkedHashMap<>();
    for (String line : section.lines().toList()) {
      Matcher m = ROW.matcher(line);
      if (m.matches()) {
        assertThat(rows.put(m.group(1), m.group(2).equals("yes")))
            .as("row for " + m.group(1) + " appears once")
            .isNull();
      }
    }
    return rows;
  }
}
