package dev.bosun.cli;

import dev.bosun.actions.ActionRuntime;
import java.util.List;

/** The five actions, in pipeline order; Main registers them and the action.yml generator walks them. */
public final class Commands {

  private Commands() {}

  public static List<ActionCommand> all(ActionRuntime runtime) {
    return List.of(
        new BuildTagPushCommand(runtime),
        new DeployEnvCommand(runtime),
        new DbMigrateCommand(runtime),
        new SmokeCheckCommand(runtime),
        new NotifySlackCommand(runtime));
  }
}
