package dev.bosun.deploy.target;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The environment's optional release step: run the new image of {@code app} once with {@code
 * command} before any app gets it (migrations, a seed), failing the deploy when it fails.
 *
 * @param job the Container Apps job that runs it (only that target uses it)
 */
public record Release(String app, List<String> command, Duration timeout, Optional<String> job) {

  public Release {
    command = command == null ? List.of() : List.copyOf(command);
  }
}
