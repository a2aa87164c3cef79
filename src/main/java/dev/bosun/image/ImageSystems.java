package dev.bosun.image;

import dev.bosun.image.build.ImageBuilder;
import dev.bosun.image.login.RegistryLogin;
import dev.bosun.image.registry.RegistryClient;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The outside systems one run talks to, built by the command and replaced in tests.
 *
 * @param builders {@code docker} and {@code buildah}
 * @param registry the registry API client, logging in through {@code login}
 * @param dockerConfig the runner's docker config directory, copied into the temporary one
 */
public record ImageSystems(Map<String, ImageBuilder> builders, RegistryClient registry, RegistryLogin login,
    Optional<Path> dockerConfig) {
}
