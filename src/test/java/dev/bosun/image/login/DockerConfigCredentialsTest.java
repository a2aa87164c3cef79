package dev.bosun.image.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.image.registry.RegistryCredential;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the fallback login can see (issue 13.11): inside a container action HOME is /github/home, so
 * the plan must not promise docker/login-action's config from the runner host.
 */
class DockerConfigCredentialsTest {

  @Test
  void insideAContainerActionTheHostsDockerConfigIsNotPromised() {
    DockerConfigCredentials none =
        new DockerConfigCredentials(List.of(Path.of("/github/home/.docker/config.json")));
    assertThat(none.describe())
        .startsWith("anonymous: no docker config found")
        .contains("docker/login-action's config is on the runner host")
        .contains("DOCKER_CONFIG under RUNNER_TEMP");
    assertThat(none.forRegistry("ghcr.io")).isEmpty();
  }

  @Test
  void aConfigThisStepCanSeeIsNamedAndUsed(@TempDir Path dir) throws Exception {
    // e.g. DOCKER_CONFIG=$RUNNER_TEMP/docker exported before docker/login-action: the runner maps
    // it to
    // /github/runner_temp/docker inside the container (actions/runner 2.329+, "Map RUNNER_TEMP for
    // container action")
    Path config = dir.resolve("config.json");
    String auth = Base64.getEncoder().encodeToString("robot:pa55".getBytes(StandardCharsets.UTF_8));
    Files.writeString(config, "{\"auths\":{\"registry.example.com\":{\"auth\":\"" + auth + "\"}}}");
    DockerConfigCredentials seen =
        new DockerConfigCredentials(List.of(dir.resolve("missing.json"), config));
    assertThat(seen.describe()).isEqualTo("the logins in [" + config + "], or anonymous");
    assertThat(seen.forRegistry("registry.example.com"))
        .contains(new RegistryCredential("robot", "pa55"));
  }
}
