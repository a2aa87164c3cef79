package dev.bosun.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.support.OutsideSystemException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Bearer token flow (WWW-Authenticate challenge, then the token endpoint) against a real
 * token-auth registry.
 */
class BearerAuthTest {

  @TempDir static Path dir;
  static TokenServer tokens;
  static LocalRegistry registry;
  static LocalRegistry open;
  static String digest;

  @BeforeAll
  static void start() throws Exception {
    tokens = TokenServer.start(dir.resolve("tokens"));
    registry = LocalRegistry.start(dir.resolve("registry"), tokens.registryAuthBlock());
    open = LocalRegistry.start(dir.resolve("open"));
    digest =
        new ScratchImages(dir.resolve("buildah"))
            .push(open.ref("seed/app:1"), Map.of("k", "v"), "bearer\n", null);
  }

  @AfterAll
  static void stop() {
    registry.close();
    open.close();
    tokens.close();
  }

  private static RegistryClient loggedIn() {
    return new RegistryClient(
        RegistryCredentials.of(
            Map.of(
                registry.host(),
                new RegistryCredential(LocalRegistry.USER, LocalRegistry.PASSWORD))),
        s -> {});
  }

  @Test
  void pushesWithATokenThenPullsAnonymously() {
    RegistryClient client = loggedIn();
    ImageReference source = open.ref("seed/app:1");
    ImageReference target = registry.ref("team/app:v1");
    Manifest manifest = client.manifest(source);
    manifest.blobs().forEach(b -> client.copyBlob(source, target, b));
    assertThat(client.putManifest(target, manifest)).isEqualTo(digest);

    RegistryClient anonymous = new RegistryClient(RegistryCredentials.none(), s -> {});
    assertThat(anonymous.resolveDigest(target)).isEqualTo(digest);
    assertThat(anonymous.labels(target)).containsEntry("k", "v");
    assertThat(tokens.requests).contains(List.of("repository:team/app:pull,push"));
  }

  @Test
  void aMountAsksForOneTokenCoveringBothRepositories() {
    RegistryClient client = loggedIn();
    ImageReference source = open.ref("seed/app:1");
    ImageReference first = registry.ref("mount/source:v1");
    Manifest manifest = client.manifest(source);
    manifest.blobs().forEach(b -> client.copyBlob(source, first, b));
    client.putManifest(first, manifest);

    ImageReference second = registry.ref("mount/target:v1");
    for (Descriptor blob : manifest.blobs()) {
      assertThat(client.mountBlob(first, second, blob.digest())).isTrue();
    }
    assertThat(client.putManifest(second, manifest)).isEqualTo(digest);
    assertThat(tokens.requests)
        .contains(List.of("repository:mount/source:pull", "repository:mount/target:pull,push"));
  }

  @Test
  void anonymousPushIsRefusedWithAHint() {
    RegistryClient anonymous = new RegistryClient(RegistryCredentials.none(), s -> {});
    ImageReference source = open.ref("seed/app:1");
    Manifest manifest = anonymous.manifest(source);
    assertThatThrownBy(() -> anonymous.putManifest(registry.ref("team/denied:v1"), manifest))
        .isInstanceOf(OutsideSystemException.class)
        .hasMessageContaining("refused anonymous PUT team/denied (HTTP 401): it needs a login");
  }

  @Test
  void wrongPasswordIsRefusedByTheTokenEndpoint() {
    RegistryClient client =
        new RegistryClient(
            RegistryCredentials.of(
                Map.of(
                    registry.host(),
                    new RegistryCredential(LocalRegistry.USER, "not-the-password"))),
            s -> {});
    assertThatThrownBy(() -> client.findDigest(registry.ref("team/app:v1")))
        .isInstanceOf(OutsideSystemException.class)
        .hasMessageContaining("refused the credentials of 'bosun'")
        .hasMessageNotContaining("not-the-password");
  }
}
