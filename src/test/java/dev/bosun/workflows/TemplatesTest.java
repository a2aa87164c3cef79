package dev.bosun.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The templates say what to set, ask for minimal permissions, and are linked from the README and
 * their index.
 */
class TemplatesTest {

  private static final Path TEMPLATES = Path.of("action-templates");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** The only permissions a template may ask for. */
  private static final Map<String, String> ALLOWED =
      Map.of("contents", "read", "deployments", "write", "id-token", "write");

  private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");

  @Test
  void eachTemplateStartsWithAHeaderAndAsksOnlyForMinimalPermissions() throws IOException {
    List<Path> templates = WorkflowLinter.yamlFiles(TEMPLATES);
    assertThat(templates).hasSize(5);
    for (Path template : templates) {
      List<String> lines = Files.readAllLines(template);
      assertThat(lines.subList(0, 5))
          .as("%s opens with a header comment", template)
          .allMatch(l -> l.startsWith("#"));
      assertThat(String.join("\n", lines))
          .as("%s header says what to set", template)
          .contains("then set:");

      JsonNode root = YAML.readTree(template.toFile());
      List<String> problems = new ArrayList<>();
      checkPermissions(template + ": workflow", root.get("permissions"), problems);
      for (var job : root.path("jobs").properties()) {
        checkPermissions(
            template + ": job " + job.getKey(), job.getValue().get("permissions"), problems);
      }
      assertThat(problems).as("permissions").isEmpty();
    }
  }

  @Test
  void readmeAndTemplateIndexLinkEveryTemplate() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    int start = readme.indexOf("<!-- section:adopt -->\n## Adopt bosun in 10 minutes");
    assertThat(start).as("README has the adopt section").isNotNegative();
    String adopt = readme.substring(start, readme.indexOf("\n## ", start + 30));
    String index = Files.readString(TEMPLATES.resolve("README.md"));

    for (Path template : WorkflowLinter.yamlFiles(TEMPLATES)) {
      String name = template.getFileName().toString();
      assertThat(adopt)
          .as("README's adopt section links %s", name)
          .contains("](action-templates/" + name + ")");
      assertThat(index).as("action-templates/README.md links %s", name).contains("](" + name + ")");
    }
    assertLinksResolve(Path.of("README.md"), adopt);
    assertLinksResolve(TEMPLATES.resolve("README.md"), index);
  }

  private static void checkPermissions(String where, JsonNode permissions, List<String> problems) {
    if (permissions == null) {
      if (where.contains(": workflow")) {
        problems.add(where + " sets no permissions (the token would get the repository default)");
      }
      return;
    }
    if (!permissions.isObject()) {
      problems.add(where + " permissions must be a map, not " + permissions);
      return;
    }
    for (var p : permissions.properties()) {
      if (!p.getValue().asText().equals(ALLOWED.get(p.getKey()))) {
        problems.add(
            where
                + " asks for "
                + p.getKey()
                + ": "
                + p.getValue().asText()
                + "; allowed: "
                + ALLOWED);
      }
    }
  }

  private static void assertLinksResolve(Path file, String markdown) {
    Matcher m = LINK.matcher(markdown);
    while (m.find()) {
      String target = m.group(1);
      if (!target.contains("://")) {
        assertThat(file.resolveSibling(target)).as("link %s in %s", target, file).exists();
      }
    }
  }
}
