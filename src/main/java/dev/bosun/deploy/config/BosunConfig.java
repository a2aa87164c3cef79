package dev.bosun.deploy.config;

import dev.bosun.support.BadInputException;
import java.util.Map;

/**
 * The whole environments file: the registry images come from and the environments by name, in file
 * order.
 */
public record BosunConfig(String registry, Map<String, EnvironmentSpec> environments) {

  public BosunConfig {
    environments =
        environments == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(environments));
  }

  /** The environment named {@code name}, or bad input that lists the ones there are. */
  public EnvironmentSpec environment(String name) {
    EnvironmentSpec spec = environments.get(name);
    if (spec == null) {
      throw new BadInputException(
          "environment",
          "Environment '"
              + name
              + "' is not in the environments file; it has "
              + String.join(", ", environments.keySet())
              + ".");
    }
    return spec;
  }
}
