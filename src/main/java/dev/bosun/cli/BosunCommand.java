package dev.bosun.cli;

import dev.bosun.support.BuildInfo;
import picocli.CommandLine.Command;

/** The root {@code bosun} command; it only lists the actions. */
@Command(
    name = "bosun",
    mixinStandardHelpOptions = true,
    versionProvider = BuildInfo.class,
    description =
        "Takes a containerized service from a commit to production.%n"
            + "Each command is also a GitHub container action: OWNER/bosun/actions/<command>@v1.",
    commandListHeading = "%nActions:%n",
    footer = {
      "",
      "Every option is also an action input of the same name, read from INPUT_<NAME> when the flag is absent.",
      "Exit codes: 0 success, 1 a check failed or a gate refused, 2 bad input."
    })
public final class BosunCommand implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
