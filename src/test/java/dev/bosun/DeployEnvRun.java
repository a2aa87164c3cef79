package dev.bosun;

import dev.bosun.actions.ActionEnv;
import dev.bosun.actions.ActionRuntime;
import dev.bosun.actions.InputDefaultProvider;
import dev.bosun.cli.BosunCommand;
import dev.bosun.cli.DeployEnvCommand;
import dev.bosun.cli.Wiring;
import dev.bosun.deploy.DeployWiring;
import dev.bosun.testing.ActionHarness;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;

/**
 * Runs deploy-env exactly as {@link Main#run} does (secrets masked before parsing, inputs from
 * {@code INPUT_*}, the shared failure reporting), but with the outside systems pointed at WireMock
 * through {@link DeployWiring}.
 */
public final class DeployEnvRun {

  private DeployEnvRun() {}

  public static ActionHarness.Result run(
      ActionHarness harness, DeployWiring wiring, String... args) {
    Map<String, String> env = harness.environment();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    PrintWriter o = new PrintWriter(out, true);
    PrintWriter e = new PrintWriter(err, true);
    ActionRuntime runtime = new ActionRuntime(ActionEnv.of(env), o, e);
    CommandLine cli = new CommandLine(new BosunCommand());
    cli.addSubcommand(new DeployEnvCommand(runtime, wiring));
    cli.setDefaultValueProvider(new InputDefaultProvider(runtime.env()));
    Wiring.install(cli, runtime);
    cli.setOut(runtime.out());
    cli.setErr(runtime.err());
    String[] all = new String[args.length + 1];
    all[0] = "deploy-env";
    System.arraycopy(args, 0, all, 1, args.length);
    Main.maskSecrets(cli, all, runtime);
    int code = cli.execute(all);
    runtime.log().drain();
    o.flush();
    e.flush();
    return new ActionHarness.Result(
        code,
        out.toString(),
        err.toString(),
        ActionHarness.parseFileCommands(read(env.get("GITHUB_OUTPUT"))),
        ActionHarness.parseFileCommands(read(env.get("GITHUB_ENV"))),
        read(env.get("GITHUB_STEP_SUMMARY")));
  }

  private static String read(String file) {
    if (file == null || !Files.exists(Path.of(file))) {
      return "";
    }
    try {
      return Files.readString(Path.of(file));
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }
}
