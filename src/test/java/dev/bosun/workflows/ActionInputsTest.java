package dev.bosun.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.actions.ActionEnv;
import dev.bosun.actions.ActionRuntime;
import dev.bosun.cli.ActionMetadata;
import dev.bosun.cli.Composition;
import dev.bosun.cli.ProbeCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every bosun step in the templates and in bosun's own workflows passes only declared inputs and
 * all required ones.
 */
class ActionInputsTest {

  private static final Path ACTIONS = Path.of("actions");
  private static final Path TEMPLATES = Path.of("action-templates");
  private static final List<String> EXPECTED_TEMPLATES =
      List.of("ci-dev.yml", "db-deploy.yml", "promote.yml", "release.yml", "rollback.yml");

  /**
   * One test per workflow and bosun action it uses. A placeholder action aborts its test with the
   * reason, so the report shows which actions are not yet implemented instead of failing: templates
   * run ahead of the actions.
   */
  @TestFactory
  Stream<DynamicTest> templatesAndOwnWorkflowsMatchTheActionsTheyUse() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path workflow : workflows()) {
      ActionInputCheck.Report report = ActionInputCheck.check(workflow, ACTIONS);
      for (String action : report.actions()) {
        tests.add(
            DynamicTest.dynamicTest(
                workflow + " uses " + action,
                () -> {
                  List<String> problems = messages(report.problems(), action);
                  assertThat(problems)
                      .as(
                          "steps that do not match actions/%s/action.yml:%n%s",
                          action, String.join("\n", problems))
                      .isEmpty();
                  List<String> placeholders = messages(report.notYetImplemented(), action);
                  if (!placeholders.isEmpty()) {
                    placeholders.forEach(note -> System.out.println("NOTE " + note));
                    Assumptions.abort(
                        "actions/"
                            + action
                            + " is not yet implemented (its action.yml is the placeholder): "
                            + placeholders.size()
                            + " step(s) in "
                            + workflow
                            + " are unchecked until it lands");
                  }
                }));
      }
    }
    return tests.stream();
  }

  @Test
  void theTemplatesUseBosunActions() throws IOException {
    assertThat(WorkflowLinter.yamlFiles(TEMPLATES))
        .map(p -> p.getFileName().toString())
        .containsExactlyInAnyOrderElementsOf(EXPECTED_TEMPLATES);
    for (Path template : WorkflowLinter.yamlFiles(TEMPLATES)) {
      ActionInputCheck.Report report = ActionInputCheck.check(template, ACTIONS);
      assertThat(report.actions()).as("bosun actions used by %s", template).isNotEmpty();
    }
  }

  private static List<Path> workflows() throws IOException {
    List<Path> workflows = new ArrayList<>(WorkflowLinter.yamlFiles(TEMPLATES));
    workflows.addAll(WorkflowLinter.yamlFiles(Path.of(".github", "workflows")));
    return workflows;
  }

  private static List<String> messages(List<ActionInputCheck.Finding> findings, String action) {
    return findings.stream()
        .filter(f -> f.action().equals(action))
        .map(ActionInputCheck.Finding::message)
        .toList();
  }

  @Test
  void unknownInputMissingRequiredInputAndUnknownOutputAreCaught(@TempDir Path actions)
      throws IOException {
    writeProbeAction(actions);

    ActionInputCheck.Report report =
        ActionInputCheck.check(Path.of("src/test/resources/workflows/unknown-input.yml"), actions);

    assertThat(report.messages())
        .containsExactly(
            "src/test/resources/workflows/unknown-input.yml:14: job 'probe', step 1 'Probe with a typo'"
                + " (bosun-dev/bosun/actions/probe@v1) passes input 'nmae', which "
                + actions.resolve("probe/action.yml")
                + " does not declare (did you mean 'name'?). Declared inputs: name, flag, lines, token",
            "src/test/resources/workflows/unknown-input.yml:14: job 'probe', step 1 'Probe with a typo'"
                + " (bosun-dev/bosun/actions/probe@v1) does not set 'name', which "
                + actions.resolve("probe/action.yml")
                + " requires",
            "src/test/resources/workflows/unknown-input.yml: job 'probe' reads steps.probe.outputs.ecko, but step 1"
                + " 'Probe with a typo'"
                + " (bosun-dev/bosun/actions/probe@v1) has no output 'ecko' (did you mean 'echo'?). Its outputs: echo");
  }

  @Test
  void aCorrectStepPasses(@TempDir Path dir) throws IOException {
    writeProbeAction(dir.resolve("actions"));
    Path workflow =
        write(
            dir.resolve("ok.yml"),
            step("name: web\n          token: ${{ secrets.T }}")
                + "      - run: echo ${{ steps.p.outputs.echo }}\n");

    ActionInputCheck.Report report = ActionInputCheck.check(workflow, dir.resolve("actions"));

    assertThat(report.messages()).isEmpty();
    assertThat(report.stepsChecked()).isEqualTo(1);
  }

  @Test
  void placeholderActionIsReportedAsNotYetImplemented(@TempDir Path dir) throws IOException {
    write(
        dir.resolve("actions/probe/action.yml"),
        "name: 'bosun probe'\ndescription: 'probe (not implemented yet).'\nruns:\n  using: 'docker'\n  image: 'x'\n");
    Path workflow = write(dir.resolve("wf.yml"), step("anything: 1"));

    ActionInputCheck.Report report = ActionInputCheck.check(workflow, dir.resolve("actions"));

    assertThat(report.messages()).isEmpty();
    assertThat(report.notYetImplemented())
        .singleElement()
        .asString()
        .contains("actions/probe is not yet implemented")
        .contains("inputs are not checked yet");
  }

  @Test
  void anImplementedActionWithoutInputsIsNotExcused(@TempDir Path dir) throws IOException {
    write(
        dir.resolve("actions/probe/action.yml"),
        "name: 'bosun probe'\ndescription: 'Probes.'\nruns:\n  using: 'docker'\n  image: 'x'\n");
    Path workflow = write(dir.resolve("wf.yml"), step("anything: 1"));

    ActionInputCheck.Report report = ActionInputCheck.check(workflow, dir.resolve("actions"));

    assertThat(report.notYetImplemented()).isEmpty();
    assertThat(report.messages())
        .singleElement()
        .asString()
        .contains("passes input 'anything'")
        .contains("Declared inputs: none");
  }

  @Test
  void anUnknownActionIsCaught(@TempDir Path dir) throws IOException {
    writeProbeAction(dir.resolve("actions"));
    Path workflow =
        write(dir.resolve("wf.yml"), step("name: x").replace("actions/probe@", "actions/prbe@"));

    ActionInputCheck.Report report = ActionInputCheck.check(workflow, dir.resolve("actions"));

    assertThat(report.messages())
        .singleElement()
        .asString()
        .contains("uses the bosun action 'prbe'")
        .contains("does not exist; the actions are: probe");
  }

  private static void writeProbeAction(Path actions) throws IOException {
    var runtime =
        new ActionRuntime(
            ActionEnv.of(Map.of()),
            new PrintWriter(new StringWriter()),
            new PrintWriter(new StringWriter()));
    String yml =
        ActionMetadata.actionYml(
            new CommandLine(new ProbeCommand(runtime, Composition.real())).getCommandSpec(),
            "ghcr.io/bosun-dev/bosun",
            "0.0.0");
    write(actions.resolve("probe/action.yml"), yml);
  }

  private static String step(String with) {
    return """
        on: push
        jobs:
          j:
            runs-on: ubuntu-latest
            steps:
              - id: p
                uses: bosun-dev/bosun/actions/probe@v1
                with:
                  %s
        """
        .formatted(with);
  }

  private static Path write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }
}
