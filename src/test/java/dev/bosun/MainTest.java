package dev.bosun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.actions.ActionEnv;
import dev.bosun.actions.ActionRuntime;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Main builds only the command it runs, yet help and typos still see all five. */
class MainTest {

  private static ActionRuntime runtime() {
    return new ActionRuntime(
        ActionEnv.of(Map.of()),
        new PrintWriter(new StringWriter()),
        new PrintWriter(new StringWriter()));
  }

  @Test
  void aNamedCommandIsBuiltAlone() {
    assertThat(Main.commandLine(runtime(), "smoke-check").getSubcommands())
        .containsOnlyKeys("smoke-check");
  }

  @Test
  void helpAndUnknownNamesGetEveryCommand() {
    assertThat(Main.commandLine(runtime(), null).getSubcommands()).hasSize(5);
    assertThat(Main.commandLine(runtime(), "smoke-chek").getSubcommands()).hasSize(5);
    StringWriter out = new StringWriter();
    int code =
        Main.run(
            new String[] {"--help"},
            Map.of(),
            new PrintWriter(out),
            new PrintWriter(new StringWriter()));
    assertThat(code).isZero();
    assertThat(out.toString())
        .contains("build-tag-push", "deploy-env", "db-migrate", "smoke-check", "notify-slack");
  }

  @Test
  void theCompositionFindsEachCommandByItsName() {
    var composition = dev.bosun.cli.Composition.real();
    for (var command : composition.commands()) {
      String name = command.getAnnotation(picocli.CommandLine.Command.class).name();
      assertThat(composition.named(name)).contains(command);
    }
    assertThat(composition.named("nope")).isEmpty();
  }
}
