package dev.bosun.image.login;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bosun.image.registry.RegistryCredential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The temporary docker config that carries logins to docker and buildah. */
class AuthFileTest {

  @TempDir Path home;

  @Test
  void aPrivateTemporaryConfigThatKeepsTheRunnersOtherLoginsAndIsRemoved() throws Exception {
    Path original = Files.createDirectories(home.resolve(".docker"));
    Files.writeString(
        original.resolve("config.json"),
        """
        {"auths":{"docker.io":{"auth":"dXNlcjpodWI="}},"credsStore":"desktop","credHelpers":{"ghcr.io":"gh"}}
        """);
    Files.createDirectories(original.resolve("buildx/instances"));
    Path dir;
    try (AuthFile file =
        AuthFile.create(
            Map.of("ghcr.io", new RegistryCredential("octocat", "ghs_secret")),
            Optional.of(original))) {
      dir = file.directory();
      Path config = dir.resolve("config.json");
      JsonNode json = new ObjectMapper().readTree(config.toFile());
      assertThat(json.at("/auths/ghcr.io/auth").asText())
          .isEqualTo(new RegistryCredential("octocat", "ghs_secret").basic());
      assertThat(json.at("/auths/docker.io/auth").asText()).isEqualTo("dXNlcjpodWI=");
      assertThat(json.has("credsStore")).isFalse();
      assertThat(json.at("/credHelpers").has("ghcr.io")).isFalse();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config)))
          .isEqualTo("rw-------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
          .isEqualTo("rwx------");
      assertThat(dir.resolve("buildx")).isSymbolicLink();
      assertThat(file.environment())
          .containsEntry("DOCKER_CONFIG", dir.toString())
          .containsEntry("REGISTRY_AUTH_FILE", config.toString());
    }
    assertThat(dir).doesNotExist();
    // the runner's own config is untouched, links included
    assertThat(original.resolve("buildx/instances")).isDirectory();
    assertThat(Files.readString(original.resolve("config.json")))
        .contains("credsStore")
        .doesNotContain("octocat");

    assertThat(new DockerConfigCredentials(Optional.of(original)).forRegistry("docker.io"))
        .contains(new RegistryCredential("user", "hub"));
    assertThat(new DockerConfigCredentials(Optional.of(original)).forRegistry("quay.io")).isEmpty();
  }
}
