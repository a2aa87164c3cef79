package dev.bosun.cli;

import dev.bosun.actions.ActionEnv;
import dev.bosun.actions.ActionRuntime;
import dev.bosun.actions.InputDefaultProvider;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/** Runs {@link ProbeCommand} the way Main runs a real command, capturing what it prints. */
public record ProbeRun(int exitCode, String out, String err) {

  public static ProbeRun run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    PrintWriter o = new PrintWriter(out);
    PrintWriter e = new PrintWriter(err);
    ActionRuntime runtime = new ActionRuntime(ActionEnv.of(env), o, e);
    CommandLine cli = new CommandLine(new ProbeCommand(runtime));
    cli.setOut(runtime.out());
    cli.setErr(runtime.err());
    cli.setDefaultValueProvider(new InputDefaultProvider(runtime.env()));
    Wiring.install(cli, runtime);
    int code = cli.execute(args);
    runtime.log().drain();
    o.flush();
    e.flush();
    return new ProbeRun(code, out.toString(), err.toString());
  }
}
