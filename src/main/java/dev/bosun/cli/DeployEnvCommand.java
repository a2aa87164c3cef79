package dev.bosun.cli;

import dev.bosun.actions.ActionBranding;
import dev.bosun.actions.ActionRuntime;
import dev.bosun.support.OutsideSystemException;
import picocli.CommandLine.Command;

/** Placeholder until the deploy-env issue lands. */
@Command(name = "deploy-env", mixinStandardHelpOptions = true, versionProvider = BuildInfo.class,
    description = "deploy-env (not implemented yet).")
@ActionBranding(icon = "box", color = "blue")
public final class DeployEnvCommand extends ActionCommand {

  public DeployEnvCommand(ActionRuntime runtime) {
    super(runtime);
  }

  @Override
  public Integer call() {
    throw new OutsideSystemException("deploy-env", "deploy-env is not implemented yet");
  }
}
