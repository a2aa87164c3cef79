package dev.bosun.cli;

import dev.bosun.actions.ActionBranding;
import dev.bosun.actions.ActionRuntime;
import dev.bosun.support.OutsideSystemException;
import picocli.CommandLine.Command;

/** Placeholder until the notify-slack issue lands. */
@Command(name = "notify-slack", mixinStandardHelpOptions = true, versionProvider = BuildInfo.class,
    description = "notify-slack (not implemented yet).")
@ActionBranding(icon = "box", color = "blue")
public final class NotifySlackCommand extends ActionCommand {

  public NotifySlackCommand(ActionRuntime runtime) {
    super(runtime);
  }

  @Override
  public Integer call() {
    throw new OutsideSystemException("notify-slack", "notify-slack is not implemented yet");
  }
}
