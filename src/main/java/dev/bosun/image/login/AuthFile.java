package dev.bosun.image.login;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bosun.image.registry.RegistryCredential;
import dev.bosun.support.Json;
import dev.bosun.support.OutsideSystemException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A temporary Docker config directory holding the run's registry logins, so credentials reach
 * docker and buildah through {@code DOCKER_CONFIG} and {@code REGISTRY_AUTH_FILE} and never through
 * argv. It starts from the runner's own config (other logins, credential helpers) and links its
 * {@code buildx} and {@code cli-plugins} so existing builders still work; {@link #close()} deletes
 * it.
 */
public final class AuthFile implements AutoCloseable {

  private static final ObjectMapper JSON = Json.mapper();
  private final Path dir;

  private AuthFile(Path dir) {
    this.dir = dir;
  }

  /**
   * @param original the runner's docker config directory ({@code $DOCKER_CONFIG} or {@code
   *     ~/.docker}), if any
   */
  public static AuthFile create(Map<String, RegistryCredential> logins, Optional<Path> original) {
    try {
      Path dir =
          Files.createTempDirectory(
              "bosun-docker-config-",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      ObjectNode config = JSON.createObjectNode();
      if (original.isPresent() && Files.isDirectory(original.get())) {
        Path originalFile = original.get().resolve("config.json");
        if (Files.isRegularFile(originalFile)) {
          try {
            if (JSON.readTree(originalFile.toFile()) instanceof ObjectNode existing) {
              config = existing;
            }
          } catch (IOException unreadable) {
            // a broken config is the runner's problem; start clean
          }
        }
        try (Stream<Path> entries = Files.list(original.get())) {
          for (Path entry : entries.toList()) {
            if (!entry.getFileName().toString().equals("config.json")) {
              Files.createSymbolicLink(dir.resolve(entry.getFileName().toString()), entry);
            }
          }
        }
      }
      ObjectNode auths =
          config.get("auths") instanceof ObjectNode a ? a : config.putObject("auths");
      if (!logins.isEmpty()) {
        // a credential store answers for every registry before "auths" is read
        config.remove("credsStore");
      }
      for (Map.Entry<String, RegistryCredential> login : logins.entrySet()) {
        auths.putObject(login.getKey()).put("auth", login.getValue().basic());
        // a credential helper for the same registry would win over "auths"
        if (config.get("credHelpers") instanceof ObjectNode helpers) {
          helpers.remove(login.getKey());
        }
      }
      Path file = dir.resolve("config.json");
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(config));
      return new AuthFile(dir);
    } catch (IOException e) {
      throw new OutsideSystemException(
          "runner", "Cannot write a temporary docker config: " + e.getMessage(), e);
    }
  }

  public Path directory() {
    return dir;
  }

  /** {@code DOCKER_CONFIG} for docker, {@code REGISTRY_AUTH_FILE} for buildah. */
  public Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("DOCKER_CONFIG", dir.toString());
    env.put("REGISTRY_AUTH_FILE", dir.resolve("config.json").toString());
    return env;
  }

  @Override
  public void close() {
    try (Stream<Path> walk = Files.walk(dir)) {
      // links are deleted, never followed
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new OutsideSystemException(
          "runner", "Cannot remove the temporary docker config " + dir + ": " + e.getMessage(), e);
    }
  }
}
