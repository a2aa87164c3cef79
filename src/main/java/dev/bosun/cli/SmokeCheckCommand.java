package dev.bosun.cli;

import dev.bosun.actions.ActionBranding;
import dev.bosun.actions.ActionRuntime;
import dev.bosun.support.OutsideSystemException;
import picocli.CommandLine.Command;

/** Placeholder until the smoke-check issue lands. */
@Command(name = "smoke-check", mixinStandardHelpOptions = true, versionProvider = BuildInfo.class,
    description = "smoke-check (not implemented yet).")
@ActionBranding(icon = "box", color = "blue")
public final class SmokeCheckCommand extends ActionCommand {

  public SmokeCheckCommand(ActionRuntime runtime) {
    super(runtime);
  }

  @Override
  public Integer call() {
    throw new OutsideSystemException("smoke-check", "smoke-check is not implemented yet");
  }
}
