package dev.bosun.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.support.OutsideSystemException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry client against real Debian docker-registry instances on loopback, with images built
 * by buildah.
 */
class RegistryClientTest {

  @TempDir static Path dir;
  static LocalRegistry open;
  static LocalRegistry locked;
  static ScratchImages images;
  static String appDigest;
  static String multiDigest;
  static final List<String> progress = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    open = LocalRegistry.start(dir.resolve("open"));
    locked = LocalRegistry.startWithBasicAuth(dir.resolve("locked"));
    images = new ScratchImages(dir.resolve("buildah"));
    appDigest =
        images.push(
            open.ref("acme/app:one"),
            Map.of(
                "org.opencontainers.image.revision",
                "abc123",
                "dev.bosun.build-environment",
                "prod"),
            "hello one\n",
            null);
    multiDigest =
        images.pushIndex(
            open.ref("acme/multi:1"),
            Map.of("org.opencontainers.image.title", "multi"),
            "hello multi\n");
  }

  @AfterAll
  static void stop() {
    open.close();
    locked.close();
  }

  private static RegistryClient anonymous() {
    return new RegistryClient(RegistryCredentials.none(), progress::add);
  }

  private static RegistryClient withLogin() {
    return new RegistryClient(
        RegistryCredentials.of(
            Map.of(
                locked.host(), new RegistryCredential(LocalRegistry.USER, LocalRegistry.PASSWORD))),
        progress::add);
  }

  @Test
  void resolvesATagToTheDigestBuildahPushed() {
    assertThat(anonymous().resolveDigest(open.ref("acme/app:one"))).isEqualTo(appDigest);
    assertThat(anonymous().resolveDigest(open.ref("acme/multi:1"))).isEqualTo(multiDigest);
  }

  @Test
  void aMissingTagIsEmptyOrAClearFailure() {
    assertThat(anonymous().findDigest(open.ref("acme/app:nope"))).isEmpty();
    assertThatThrownBy(() -> anonymous().resolveDigest(open.ref("acme/app:nope")))
        .isInstanceOf(OutsideSystemException.class)
        .hasMessageContaining("acme/app:nope was not found");
  }

  @Test
  void readsManifestsAndIndexesByTagAndDigest() {
    Manifest single = anonymous().manifest(open.ref("acme/app:one"));
    assertThat(single.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
    assertThat(single.digest()).isEqualTo(appDigest);
    assertThat(single.config()).isPresent();
    assertThat(single.layers()).hasSize(1);

    Manifest index = anonymous().manifest(open.ref("acme/multi").withDigest(multiDigest));
    assertThat(index.isIndex()).isTrue();
    assertThat(index.manifests())
        .extracting(Descriptor::platform)
        .containsExactlyInAnyOrder("linux/amd64", "linux/arm64");
  }

  @Test
  void readsTheImageLabelsOfAnImageAndOfAnIndex() {
    assertThat(anonymous().labels(open.ref("acme/app:one")))
        .containsEntry("org.opencontainers.image.revision", "abc123")
        .containsEntry("dev.bosun.build-environment", "prod");
    assertThat(anonymous().labels(open.ref("acme/multi:1")))
        .containsEntry("org.opencontainers.image.title", "multi");
  }

  @Test
  void putsAManifestUnderANewTagWithoutChangingItsDigest() {
    RegistryClient client = anonymous();
    Manifest manifest = client.manifest(open.ref("acme/app:one"));
    assertThat(client.putManifest(open.ref("acme/app:promoted"), manifest)).isEqualTo(appDigest);
    assertThat(client.resolveDigest(open.ref("acme/app:promoted"))).isEqualTo(appDigest);
  }

  @Test
  void mountsBlobsAcrossRepositoriesOfOneRegistry() {
    RegistryClient client = anonymous();
    ImageReference source = open.ref("acme/app:one");
    ImageReference target = open.ref("other/app:mounted");
    Manifest manifest = client.manifest(source);
    for (Descriptor blob : manifest.blobs()) {
      assertThat(client.mountBlob(source, target, blob.digest())).isTrue();
      assertThat(client.blobExists(target, blob.digest())).isTrue();
    }
    assertThat(client.putManifest(target, manifest)).isEqualTo(appDigest);
    assertThat(client.resolveDigest(target)).isEqualTo(appDigest);
  }

  @Test
  void copiesBlobsToAnotherRegistryWithBasicAuth() {
    RegistryClient client = withLogin();
    ImageReference source = open.ref("acme/app:one");
    ImageReference target = locked.ref("copied/app:v1");
    Manifest manifest = client.manifest(source);
    for (Descriptor blob : manifest.blobs()) {
      assertThat(client.blobExists(target, blob.digest())).isFalse();
      client.copyBlob(source, target, blob);
      assertThat(client.blobExists(target, blob.digest())).isTrue();
    }
    assertThat(client.putManifest(target, manifest)).isEqualTo(appDigest);
    assertThat(client.labels(target)).containsEntry("org.opencontainers.image.revision", "abc123");
  }

  @Test
  void aRegistryThatWantsALoginSaysSo() {
    assertThatThrownBy(() -> anonymous().findDigest(locked.ref("copied/app:v1")))
        .isInstanceOf(OutsideSystemException.class)
        .hasMessageContaining("requires a login");
  }

  @Test
  void wrongCredentialsAreRefusedWithoutShowingThePassword() {
    RegistryClient client =
        new RegistryClient(
            RegistryCredentials.of(
                Map.of(
                    locked.host(),
                    new RegistryCredential(LocalRegistry.USER, "wrong-password-123"))),
            progress::add);
    assertThatThrownBy(() -> client.findDigest(locked.ref("copied/app:v1")))
        .isInstanceOf(OutsideSystemException.class)
        .hasMessageContaining("refused the login")
        .hasMessageNotContaining("wrong-password-123");
  }
}
