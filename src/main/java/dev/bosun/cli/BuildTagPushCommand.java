package dev.bosun.cli;

import dev.bosun.actions.ActionBranding;
import dev.bosun.actions.ActionRuntime;
import dev.bosun.support.OutsideSystemException;
import picocli.CommandLine.Command;

/** Placeholder until the build-tag-push issue lands. */
@Command(name = "build-tag-push", mixinStandardHelpOptions = true, versionProvider = BuildInfo.class,
    description = "build-tag-push (not implemented yet).")
@ActionBranding(icon = "box", color = "blue")
public final class BuildTagPushCommand extends ActionCommand {

  public BuildTagPushCommand(ActionRuntime runtime) {
    super(runtime);
  }

  @Override
  public Integer call() {
    throw new OutsideSystemException("build-tag-push", "build-tag-push is not implemented yet");
  }
}
