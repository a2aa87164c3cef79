package dev.bosun.cli;

import dev.bosun.actions.ActionRuntime;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * Base of the action commands: the shared runtime, the composition its systems come from, the
 * laptop-only flags.
 */
public abstract class ActionCommand implements Callable<Integer> {

  @Mixin CommonOptions common = new CommonOptions();

  protected final ActionRuntime runtime;

  /**
   * Where this command's outside systems come from; a command asks for its own only when it runs.
   */
  protected final Composition systems;

  protected ActionCommand(ActionRuntime runtime, Composition systems) {
    this.runtime = runtime;
    this.systems = systems;
  }
}
