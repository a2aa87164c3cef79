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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workflow snippets in the README and docs/ pass only inputs the actions declare, and all
 * required ones.
 */
class DocSnippetsTest {

  private static final Pattern YAML_BLOCK =
      Pattern.compile("(?m)^```ya?ml\\n(.*?)^```", Pattern.DOTALL);
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void readmeAndDocsSnippetsMatchTheActions() throws IOException {
    List<Path> docs =
        new ArrayList<>(List.of(Path.of("README.md"), Path.of("action-templates", "README.md")));
    try (Stream<Path> s = Files.walk(Path.of("docs"))) {
      s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    List<String> problems = new ArrayList<>();
    int snippets = 0;
    for (Path doc : docs) {
      for (Snippet snippet : bosunSnippets(doc)) {
        snippets++;
        JsonNode tree;
        try {
          tree = YAML.readTree(snippet.text());
        } catch (IOException e) {
          problems.add(
              snippet.where()
                  + ": not valid YAML: "
                  + e.getMessage().lines().findFirst().orElse(""));
          continue;
        }
        ActionInputCheck.checkSnippet(snippet.where(), tree, Path.of("actions"))
            .forEach(f -> problems.add(f.message()));
      }
    }
    assertThat(snippets).as("YAML snippets that use bosun actions").isGreaterThanOrEqualTo(5);
    assertThat(problems)
        .as("snippets that do not match their action.yml:%n%s", String.join("\n", problems))
        .isEmpty();
  }

  @Test
  void aSnippetWithAnUnknownInputIsCaught(@TempDir Path dir) throws IOException {
    Path doc =
        Files.writeString(
            dir.resolve("doc.md"),
            """
        # Example

        ```yaml
        - name: Smoke
          uses: bosun-dev/bosun/actions/smoke-check@v1
          with:
            url: https://example.com/health
            expect-stauts: 204
        ```
        """);

    List<Snippet> snippets = bosunSnippets(doc);
    List<ActionInputCheck.Finding> problems =
        ActionInputCheck.checkSnippet(
            snippets.get(0).where(), YAML.readTree(snippets.get(0).text()), Path.of("actions"));

    assertThat(problems)
        .singleElement()
        .asString()
        .startsWith(doc + ":3: yaml block: step 'Smoke' (bosun-dev/bosun/actions/smoke-check@v1)")
        .contains("passes input 'expect-stauts'")
        .contains("(did you mean 'expect-status'?)");
  }

  /** A fenced YAML block and where it starts. */
  record Snippet(String where, String text) {}

  static List<Snippet> bosunSnippets(Path doc) throws IOException {
    String text = Files.readString(doc);
    List<Snippet> found = new ArrayList<>();
    Matcher m = YAML_BLOCK.matcher(text);
    while (m.find()) {
      if (m.group(1).contains("/bosun/actions/")) {
        int line = (int) text.substring(0, m.start()).lines().count() + 1;
        found.add(new Snippet(doc + ":" + line + ": yaml block", m.group(1)));
      }
    }
    return found;
  }
}
