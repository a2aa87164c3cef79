package dev.bosun.cli;

import dev.bosun.actions.ActionBoolean;
import dev.bosun.actions.ActionOutput;
import dev.bosun.actions.ActionRuntime;
import dev.bosun.actions.Multiline;
import dev.bosun.actions.Secret;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A test-only command that exercises every kind of input, so the runtime is tested apart from the
 * real actions.
 */
@Command(name = "probe", mixinStandardHelpOptions = true, description = "Echoes its inputs.")
@ActionOutput(name = "echo", description = "What the probe saw.")
public final class ProbeCommand extends ActionCommand {

  @Option(names = "--name", required = true, description = "A required input.")
  String name;

  @Option(
      names = "--flag",
      arity = "0..1",
      fallbackValue = "true",
      defaultValue = "false",
      converter = ActionBoolean.class,
      description = "A boolean input.")
  boolean flag;

  @Option(names = "--lines", split = Multiline.SPLIT, description = "A multiline input.")
  List<String> lines;

  @Secret
  @Option(names = "--token", description = "A secret input.")
  String token;

  public ProbeCommand(ActionRuntime runtime, Composition systems) {
    super(runtime, systems);
  }

  @Override
  public Integer call() {
    runtime.log().info("token is " + token);
    runtime.outputs().set("echo", name + "|" + flag + "|" + Multiline.lines(lines) + "|" + token);
    return 0;
  }
}
