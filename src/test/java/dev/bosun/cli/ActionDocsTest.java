package dev.bosun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.Main;
import dev.bosun.actions.ActionEnv;
import dev.bosun.actions.ActionRuntime;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Keeps docs/actions/*.md equal to what the picocli model generates, as ActionMetadataTest does for
 * action.yml.
 */
class ActionDocsTest {

  private static final Path DOCS = Path.of("docs", "actions");
  private static final boolean REGENERATE = "1".equals(System.getenv("BOSUN_REGENERATE"));

  @Test
  void committedDocsMatchTheCommands() throws IOException {
    Map<String, CommandSpec> commands = commands();
    assertThat(commands)
        .containsOnlyKeys(
            "build-tag-push", "deploy-env", "db-migrate", "smoke-check", "notify-slack");

    for (var entry : commands.entrySet()) {
      assertGenerated(DOCS.resolve(entry.getKey() + ".md"), ActionDocs.markdown(entry.getValue()));
    }
    assertGenerated(DOCS.resolve("README.md"), ActionDocs.index(commands));
  }

  @Test
  void noDocsForActionsThatDoNotExist() throws IOException {
    List<String> expected =
        Stream.concat(commands().keySet().stream().map(n -> n + ".md"), Stream.of("README.md"))
            .toList();
    try (Stream<Path> files = Files.list(DOCS)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList())
          .as("docs/actions holds only generated pages; delete the stale ones")
          .containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @Test
  void inputsAndOutputsTables() {
    var runtime =
        new ActionRuntime(
            ActionEnv.of(Map.of()),
            new PrintWriter(new StringWriter()),
            new PrintWriter(new StringWriter()));
    CommandSpec probe =
        new CommandLine(new ProbeCommand(runtime, Composition.real())).getCommandSpec();

    String md = ActionDocs.markdown(probe);

    assertThat(md)
        .contains("# probe\n\nEchoes its inputs.\n")
        .contains("- uses: bosun-dev/bosun/actions/probe@v1\n  with:\n    name: …\n```")
        .contains(
            """
            | Input | Required | Default | Secret | Description |
            |---|---|---|---|---|
            | `name` | yes |  |  | A required input. |
            | `flag` | no | `false` |  | A boolean input. |
            | `lines` (multiline) | no |  |  | A multiline input. |
            | `token` | no |  | yes | A secret input. |
            """)
        .contains(
            """
            | Output | Description |
            |---|---|
            | `echo` | What the probe saw. |
            """)
        .doesNotContain("summary-file", "debug");
  }

  @Test
  void cellsCannotBreakTheTable() {
    assertThat(ActionDocs.cell("a | b\n  c")).isEqualTo("a \\| b c");
    assertThat(ActionDocs.code("200|201")).isEqualTo("`200\\|201`");
    assertThat(ActionDocs.code("`x`")).isEqualTo("`` `x` ``");
  }

  private static Map<String, CommandSpec> commands() {
    CommandLine cli =
        Main.commandLine(
            new ActionRuntime(
                ActionEnv.of(Map.of()),
                new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter())));
    Map<String, CommandSpec> specs = new LinkedHashMap<>();
    cli.getSubcommands().forEach((name, sub) -> specs.put(name, sub.getCommandSpec()));
    return specs;
  }

  private static void assertGenerated(Path file, String expected) throws IOException {
    String guide = Files.exists(file) ? ActionDocs.handWritten(Files.readString(file)) : "";
    if (REGENERATE) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, expected + guide);
    }
    assertThat(file).as("%s is missing; run %s", file, ActionDocs.REGENERATE).exists();
    String committed = Files.readString(file);
    assertThat(committed.substring(0, committed.length() - guide.length()))
        .as("%s differs from the command's options; run %s", file, ActionDocs.REGENERATE)
        .isEqualTo(expected);
  }

  @Test
  void theHandWrittenGuideBelowTheMarkerIsKept() {
    String page = "# generated\n" + ActionDocs.GUIDE_MARKER + "\n## How it behaves\nkept\n";

    assertThat(ActionDocs.handWritten(page))
        .isEqualTo(ActionDocs.GUIDE_MARKER + "\n## How it behaves\nkept\n");
    assertThat(ActionDocs.handWritten("# generated only\n")).isEmpty();
  }
}
