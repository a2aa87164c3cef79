package dev.bosun.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.actions.ActionEnv;
import dev.bosun.actions.ActionRuntime;
import dev.bosun.cli.ActionMetadata;
import dev.bosun.cli.ProbeCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Every bosun step in the templates and in bosun's own workflows passes only declared inputs and all required ones. */
class ActionInputsTest {

  private static final Path ACTIONS = Path.of("actions");
  private static final Path TEMPLATES = Path.of("action-templates");
  private static final List<String> EXPECTED_TEMPLATES =
      List.of("ci-dev.yml", "db-deploy.yml", "promote.yml", "release.yml", "rollback.yml");

  @Test
  void templatesAndOwnWorkflowsMatchTheActionsTheyUse() throws IOException {
    List<Path> workflows = new ArrayList<>(WorkflowLinter.yamlFiles(TEMPLATES));
    workflows.addAll(WorkflowLinter.yamlFiles(Path.of(".github", "workflows")));
    assertThat(WorkflowLinter.yamlFiles(TEMPLATES)).map(p -> p.getFileName().toString())
        .containsAll(EXPECTED_TEMPLATES);

    List<String> problems = new ArrayList<>();
    int bosunSteps = 0;
    for (Path workflow : workflows) {
      ActionInputCheck.Report report = ActionInputCheck.check(workflow, ACTIONS);
      problems.addAll(report.problems());
      // Placeholders are reported, not failed: the actions land in parallel with the templates that use them.
      report.notYetImplemented().forEach(note -> System.out.println("NOTE " + note));
      bosunSteps += report.stepsChecked() + report.notYetImplemented().size();
    }

    assertThat(bosunSteps).as("bosun steps found in the templates").isGreaterThanOrEqualTo(EXPECTED_TEMPLATES.size());
    assertThat(problems).as("template steps that do not match their action.yml:%n%s", String.join("\n", problems))
        .isEmpty();
  }

  @Test
  void unknownInputMissingRequiredInputAndUnknownOutputAreCaught(@TempDir Path actions) throws IOException {
    writeProbeAction(actions);

    ActionInputCheck.Report report =
        ActionInputCheck.check(Path.of("src/test/resources/workflows/unknown-input.yml"), actions);

    assertThat(report.problems()).containsExactly(
        "src/test/resources/workflows/unknown-input.yml: job 'probe', step 1 'Probe with a typo'"
            + " (bosun-dev/bosun/actions/probe@v1) passes input 'nmae', which " + actions.resolve("probe/action.yml")
            + " does not declare (did you mean 'name'?). Declared inputs: name, flag, lines, token",
        "src/test/resources/workflows/unknown-input.yml: job 'probe', step 1 'Probe with a typo'"
            + " (bosun-dev/bosun/actions/probe@v1) does not set 'name', which " + actions.resolve("probe/action.yml")
            + " requires",
        "src/test/resources/workflows/unknown-input.yml: job 'probe' reads steps.probe.outputs.ecko, but step 1"
            + " 'Probe with a typo'"
            + " (bosun-dev/bosun/actions/probe@v1) has no output 'ecko' (did you mean 'echo'?). Its outputs: echo");
  }

  @Test
  void aCorrectStepPasses(@TempDir Path dir) throws IOException {
    writeProbeAction(dir.resolve("actions"));
    Path workflow = write(dir.resolve("ok.yml"), step("name: web\n          token: ${{ secrets.T }}")
        + "      - run: echo ${{ steps.p.outputs.echo }}\n");

    ActionInputCheck.Report report = ActionInputCheck.check(workflow, dir.resolve("actions"));

    assertThat(report.problems()).isEmpty();
    assertThat(report.stepsChecked()).isEqualTo(1);
  }

  @Test
  void placeholderActionIsReportedAsNotYetImplemented(@TempDir Path dir) throws IOException {
    write(dir.resolve("actions/probe/action.yml"),
        "name: 'bosun probe'\ndescription: 'probe (not implemented yet).'\nruns:\n  using: 'docker'\n  image: 'x'\n");
    Path workflow = write(dir.resolve("wf.yml"), step("anything: 1"));

    ActionInputCheck.Report report = ActionInputCheck.check(workflow, dir.resolve("actions"));

    assertThat(report.problems()).isEmpty();
    assertThat(report.notYetImplemented()).singleElement().asString()
        .contains("actions/probe is not yet implemented").contains("inputs are not checked yet");
  }

  @Test
  void anImplementedActionWithoutInputsIsNotExcused(@TempDir Path dir) throws IOException {
    write(dir.resolve("actions/probe/action.yml"),
        "name: 'bosun probe'\ndescription: 'Probes.'\nruns:\n  using: 'docker'\n  image: 'x'\n");
    Path workflow = write(dir.resolve("wf.yml"), step("anything: 1"));

    ActionInputCheck.Report report = ActionInputCheck.check(workflow, dir.resolve("actions"));

    assertThat(report.notYetImplemented()).isEmpty();
    assertThat(report.problems()).singleElement().asString()
        .contains("passes input 'anything'").contains("Declared inputs: none");
  }

  @Test
  void anUnknownActionIsCaught(@TempDir Path dir) throws IOException {
    writeProbeAction(dir.resolve("actions"));
    Path workflow = write(dir.resolve("wf.yml"), step("name: x").replace("actions/probe@", "actions/prbe@"));

    ActionInputCheck.Report report = ActionInputCheck.check(workflow, dir.resolve("actions"));

    assertThat(report.problems()).singleElement().asString()
        .contains("uses the bosun action 'prbe'").contains("does not exist; the actions are: probe");
  }

  private static void writeProbeAction(Path actions) throws IOException {
    var runtime = new ActionRuntime(ActionEnv.of(Map.of()), new PrintWriter(new StringWriter()),
        new PrintWriter(new StringWriter()));
    String yml = ActionMetadata.actionYml(new CommandLine(new ProbeCommand(runtime)).getCommandSpec(),
        "ghcr.io/bosun-dev/bosun", "0.0.0");
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
        """.formatted(with);
  }

  private static Path write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }
}
