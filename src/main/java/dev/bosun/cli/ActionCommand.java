package dev.bosun.cli;

import dev.bosun.actions.ActionRuntime;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/** Base of the five action commands: the shared runtime and the laptop-only flags. */
public abstract class ActionCommand implements Callable<Integer> {

  @Mixin CommonOptions common = new CommonOptions();

  protected final ActionRuntime runtime;

  protected ActionCommand(ActionRuntime runtime) {
    this.runtime = runtime;
  }
}
