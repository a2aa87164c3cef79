package dev.bosun.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every action.yml, every template and bosun's own workflows pass actionlint and action-validator.
 */
class WorkflowLintTest {

  @Test
  void actionsTemplatesAndOwnWorkflowsAreLintClean() throws Exception {
    List<Path> files = WorkflowLinter.filesToLint();
    assertThat(files).as("files to lint").anyMatch(p -> p.toString().endsWith("action.yml"));

    WorkflowLinter.Result result = WorkflowLinter.lint(files);

    assertThat(result.exitCode())
        .as(
            "the workflow linters found problems (reproduce with: node .ci/lint-workflows.mjs):%n%s",
            result.output())
        .isZero();
    assertThat(result.output()).contains(files.size() + " files linted, 0 findings");
  }

  @Test
  void missingLintersFailWithHowToInstallThem(@TempDir Path emptyModules) {
    assertThatThrownBy(
            () ->
                WorkflowLinter.lint(List.of(Path.of("action-templates/ci-dev.yml")), emptyModules))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(
            "The workflow linters are not installed in " + emptyModules.toAbsolutePath())
        .hasMessageContaining("run .ci/prepare");
  }

  @Test
  void theLintersReallyCatchMistakes() throws Exception {
    Path workflow = Path.of("src/test/resources/workflows/bad-step.yml");
    Path action = Path.of("src/test/resources/workflows/bad-action/action.yml");

    WorkflowLinter.Result result = WorkflowLinter.lint(List.of(workflow, action));

    assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
    assertThat(result.output())
        // actionlint: an unknown step key, a job that needs a job that does not exist, an undefined
        // context property
        .contains("bad-step.yml:18:9: unexpected key \"with-typo\" for \"step\" section")
        .contains("job \"deploy\" needs job \"biuld\" which does not exist")
        .contains("property \"sha256\" is not defined")
        // action-validator: an action.yml whose runs section has no image
        .contains("bad-action/action.yml: alternative 3: /runs/image: This property is required")
        .contains("[action-validator]");
  }
}
