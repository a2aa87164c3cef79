package dev.bosun.image.login;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bosun.image.registry.RegistryCredential;
import dev.bosun.image.registry.RegistryCredentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;

/**
 * Logins already in the runner's docker config ({@code docker/login-action}, {@code docker login} on a laptop): the
 * plain {@code auths} entries only; credential helpers are left to docker itself.
 */
public final class DockerConfigCredentials implements RegistryCredentials {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Optional<Path> dir;

  public DockerConfigCredentials(Optional<Path> dir) {
    this.dir = dir;
  }

  @Override
  public Optional<RegistryCredential> forRegistry(String registry) {
    if (dir.isEmpty() || !Files.isRegularFile(dir.get().resolve("config.json"))) {
      return Optional.empty();
    }
    try {
      JsonNode auths = JSON.readTree(dir.get().resolve("config.json").toFile()).path("auths");
      for (String key : new String[] {registry, "https://" + registry, "https://" + registry + "/v1/",
          registry.equals("docker.io") ? "https://index.docker.io/v1/" : registry}) {
        String auth = auths.path(key).path("auth").asText("");
        if (!auth.isEmpty()) {
          String pair = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
          int colon = pair.indexOf(':');
          if (colon > 0) {
            return Optional.of(new RegistryCredential(pair.substring(0, colon), pair.substring(colon + 1)));
          }
        }
      }
      return Optional.empty();
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
