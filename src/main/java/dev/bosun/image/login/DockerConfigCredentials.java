package dev.bosun.image.login;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bosun.image.registry.RegistryCredential;
import dev.bosun.image.registry.RegistryCredentials;
import dev.bosun.support.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Logins already on the machine ({@code docker/login-action}, {@code docker login}, {@code buildah
 * login}): the plain {@code auths} entries of docker's config.json or containers' auth.json, first
 * file first; credential helpers are left to docker itself.
 */
public final class DockerConfigCredentials implements RegistryCredentials {

  private static final ObjectMapper JSON = Json.mapper();
  private final List<Path> files;

  /**
   * @param files auth files in order of preference; missing ones are skipped
   */
  public DockerConfigCredentials(List<Path> files) {
    this.files = List.copyOf(files);
  }

  /** The docker config directory's config.json. */
  public DockerConfigCredentials(Optional<Path> dockerConfigDir) {
    this(dockerConfigDir.map(d -> List.of(d.resolve("config.json"))).orElse(List.of()));
  }

  /**
   * For the plan: which files exist. Inside a container action {@code HOME} is {@code
   * /github/home}, not the runner user's home, so the config docker/login-action wrote on the host
   * is not among them (actions/runner, ContainerActionHandler.cs); the text says so instead of
   * promising "the runner's docker config".
   */
  public String describe() {
    List<Path> present = files.stream().filter(Files::isRegularFile).toList();
    if (!present.isEmpty()) {
      return "the logins in " + present.stream().map(Path::toString).toList() + ", or anonymous";
    }
    boolean containerAction = files.stream().anyMatch(f -> f.startsWith(CONTAINER_HOME));
    return "anonymous: no docker config found"
        + (containerAction
            ? " (docker/login-action's config is on the "
                + "runner host, which a container action cannot see; give this step its own login, or set DOCKER_CONFIG "
                + "under RUNNER_TEMP before docker/login-action)"
            : "");
  }

  /** The HOME the runner gives container actions. */
  static final Path CONTAINER_HOME = Path.of("/github/home");

  @Override
  public Optional<RegistryCredential> forRegistry(String registry) {
    for (Path file : files) {
      Optional<RegistryCredential> found = read(file, registry);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private static Optional<RegistryCredential> read(Path file, String registry) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      JsonNode auths = JSON.readTree(file.toFile()).path("auths");
      for (String key :
          new String[] {
            registry,
            "https://" + registry,
            "https://" + registry + "/v1/",
            registry.equals("docker.io") ? "https://index.docker.io/v1/" : registry
          }) {
        String auth = auths.path(key).path("auth").asText("");
        if (!auth.isEmpty()) {
          String pair = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
          int colon = pair.indexOf(':');
          if (colon > 0) {
            return Optional.of(
                new RegistryCredential(pair.substring(0, colon), pair.substring(colon + 1)));
          }
        }
      }
      return Optional.empty();
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
