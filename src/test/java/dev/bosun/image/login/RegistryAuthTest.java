package dev.bosun.image.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.image.registry.RegistryCredential;
import dev.bosun.image.registry.RegistryCredentials;
import dev.bosun.support.BadInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * registry-auth in docker/login-action's YAML form: parsed, masked first, and never echoed in an
 * error.
 */
class RegistryAuthTest {

  final List<String> masked = new ArrayList<>();

  @Test
  void parsesEntriesMasksPasswordsAndNormalizesDockerHub() {
    Map<String, RegistryCredential> auth =
        RegistryAuth.parse(
            """
        - registry: https://index.docker.io/v1/
          username: acme
          password: dckr_pat_123
        - registry: Registry.Example.com:5000
          username: robot
          password: s3cr3t
        """,
            masked::add);
    assertThat(auth)
        .containsExactly(
            Map.entry("docker.io", new RegistryCredential("acme", "dckr_pat_123")),
            Map.entry("registry.example.com:5000", new RegistryCredential("robot", "s3cr3t")));
    assertThat(masked).containsExactly("dckr_pat_123", "s3cr3t");
    RegistryAuth chain = new RegistryAuth(auth, RegistryCredentials.none());
    assertThat(chain.forRegistry("docker.io"))
        .contains(new RegistryCredential("acme", "dckr_pat_123"));
    assertThat(chain.forRegistry("ghcr.io")).isEmpty();
    assertThat(chain.describe("registry.example.com:5000")).isEqualTo("user robot (registry-auth)");
  }

  @Test
  void badEntriesAreNamedByNumberNeverByValue() {
    assertThatThrownBy(
            () -> RegistryAuth.parse("- registry: ghcr.io\n  username: x\n", masked::add))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("Entry 1 of registry-auth needs registry");
    assertThatThrownBy(
            () -> RegistryAuth.parse("registry: ghcr.io\npassword: pw-9911", masked::add))
        .hasMessageContaining("must be a YAML list")
        .hasMessageNotContaining("pw-9911");
    assertThatThrownBy(
            () -> RegistryAuth.parse("- registry: [unclosed\n  password: pw-7731", masked::add))
        .hasMessageContaining("is not YAML")
        .hasMessageNotContaining("pw-7731");
    assertThatThrownBy(
            () ->
                RegistryAuth.parse(
                    """
        - {registry: ghcr.io, username: a, password: pw-1}
        - {registry: ghcr.io, username: b, password: pw-2}
        """,
                    masked::add))
        .hasMessageContaining("Entry 2 of registry-auth names ghcr.io again")
        .hasMessageNotContaining("pw-2");
    assertThat(RegistryAuth.parse("  ", masked::add)).isEmpty();
  }
}
