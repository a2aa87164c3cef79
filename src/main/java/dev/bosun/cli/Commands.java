package dev.bosun.cli;

import dev.bosun.actions.ActionRuntime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The five actions, in pipeline order; Main registers them and the action.yml generator walks them.
 */
public final class Commands {

  /**
   * Each command's name (its {@code @Command} name; a test keeps them equal) and constructor. Main
   * constructs only the command it runs: some constructors prepare clients (TLS context, Azure
   * settings) that other commands never use.
   */
  static final Map<String, Function<ActionRuntime, ActionCommand>> BY_NAME = byName();

  private Commands() {}

  public static List<ActionCommand> all(ActionRuntime runtime) {
    return BY_NAME.values().stream().map(make -> make.apply(runtime)).toList();
  }

  /** The command called {@code name}, constructed, or empty when there is none of that name. */
  public static Optional<ActionCommand> named(String name, ActionRuntime runtime) {
    return Optional.ofNullable(name).map(BY_NAME::get).map(make -> make.apply(runtime));
  }

  private static Map<String, Function<ActionRuntime, ActionCommand>> byName() {
    Map<String, Function<ActionRuntime, ActionCommand>> m = new LinkedHashMap<>();
    m.put("build-tag-push", BuildTagPushCommand::new);
    m.put("deploy-env", DeployEnvCommand::new);
    m.put("db-migrate", DbMigrateCommand::new);
    m.put("smoke-check", SmokeCheckCommand::new);
    m.put("notify-slack", NotifySlackCommand::new);
    return java.util.Collections.unmodifiableMap(m);
  }
}
