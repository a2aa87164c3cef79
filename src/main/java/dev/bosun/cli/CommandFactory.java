package dev.bosun.cli;

import dev.bosun.actions.ActionRuntime;
import picocli.CommandLine;

/**
 * The one picocli factory: it makes every command with the run's runtime and the composition's
 * systems, and leaves everything else (converters, mixins) to picocli's own factory.
 */
public final class CommandFactory implements CommandLine.IFactory {

  private final ActionRuntime runtime;
  private final Composition composition;

  public CommandFactory(ActionRuntime runtime, Composition composition) {
    this.runtime = runtime;
    this.composition = composition;
  }

  @Override
  public <K> K create(Class<K> type) throws Exception {
    if (ActionCommand.class.isAssignableFrom(type)) {
      return type.getConstructor(ActionRuntime.class, Composition.class)
          .newInstance(runtime, composition);
    }
    return CommandLine.defaultFactory().create(type);
  }
}
