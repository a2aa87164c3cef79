package dev.bosun.cli;

import dev.bosun.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs {@link ProbeCommand} through {@link Main#run}, as one more command of the composition,
 * capturing its output.
 */
public record ProbeRun(int exitCode, String out, String err) {

  public static ProbeRun run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            Stream.concat(Stream.of("probe"), Stream.of(args)).toArray(String[]::new),
            env,
            new PrintWriter(out),
            new PrintWriter(err),
            Composition.real().withCommand(ProbeCommand.class));
    return new ProbeRun(code, out.toString(), err.toString());
  }
}
