package dev.bosun.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.bosun.actions.ActionEnv;
import dev.bosun.deploy.config.BosunConfig;
import dev.bosun.deploy.config.ConfigLoader;
import dev.bosun.smoke.Check;
import dev.bosun.smoke.ChecksFile;
import dev.bosun.smoke.SqlCheckKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The example .github files the templates point at are read by the actions' own parsers, and the
 * environments file names every environment a template deploys to.
 */
class TemplateExamplesTest {

  private static final Path EXAMPLE = Path.of("action-templates", "example", ".github");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void environmentsFileLoadsAndCoversEveryTemplateEnvironment() throws IOException {
    BosunConfig config = ConfigLoader.load(EXAMPLE.resolve("bosun.yml"));

    assertThat(config.environments().keySet()).containsAll(templateEnvironments());
    assertThat(config.environment("production").isProtected()).isTrue();
    assertThat(config.environment("production").promoteFrom()).containsExactly("staging");
  }

  @Test
  void sqlSmokeChecksParse() {
    List<Check> checks =
        ChecksFile.read(
            "checks-file",
            EXAMPLE.resolve("db-smoke.yml"),
            List.of(new SqlCheckKind(Optional.of("db.example.com:5432/app"))),
            ActionEnv.of(Map.of()),
            secret -> {});

    assertThat(checks).hasSize(3);
  }

  /**
   * Literal job environments and the choices of an {@code environment} dispatch input, across the
   * templates.
   */
  private static Set<String> templateEnvironments() throws IOException {
    Set<String> names = new TreeSet<>();
    for (Path template : WorkflowLinter.yamlFiles(Path.of("action-templates"))) {
      JsonNode root = YAML.readTree(template.toFile());
      root.path("on")
          .path("workflow_dispatch")
          .path("inputs")
          .path("environment")
          .path("options")
          .forEach(o -> names.add(o.asText()));
      for (JsonNode job : root.path("jobs")) {
        String env = job.path("environment").asText("");
        if (!env.isEmpty() && !env.contains("${{")) {
          names.add(env);
        }
      }
    }
    assertThat(names)
        .as("environments the templates use")
        .contains("dev", "test", "staging", "production");
    return names;
  }
}
