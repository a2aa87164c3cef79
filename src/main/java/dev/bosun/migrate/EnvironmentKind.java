package dev.bosun.migrate;

import dev.bosun.actions.InputChoice;
import java.util.List;
import java.util.Locale;

/** The {@code environment-kind} input: whether production guards apply. */
public enum EnvironmentKind implements InputChoice {
  PRODUCTION(List.of("prod")),
  NON_PRODUCTION(List.of("nonproduction")),
  /** Production when the environment is named prod or production. */
  AUTO(List.of());

  private final List<String> aliases;

  EnvironmentKind(List<String> aliases) {
    this.aliases = aliases;
  }

  @Override
  public List<String> aliases() {
    return aliases;
  }

  /** Whether a run against {@code environment} counts as production. */
  public boolean production(String environment) {
    return switch (this) {
      case PRODUCTION -> true;
      case NON_PRODUCTION -> false;
      case AUTO -> environment.trim().toLowerCase(Locale.ROOT).matches("prod|production");
    };
  }
}
