package dev.bosun.image.promote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.image.registry.LocalRegistry;
import dev.bosun.image.registry.RegistryClient;
import dev.bosun.image.registry.RegistryCredential;
import dev.bosun.image.registry.RegistryCredentials;
import dev.bosun.image.registry.ScratchImages;
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
 * Promotion between real registries: retag, mount across repositories, copy across registries, for
 * images and indexes.
 */
class PromoterTest {

  @TempDir static Path dir;
  static LocalRegistry stage;
  static LocalRegistry prod;
  static String single;
  static String index;
  static RegistryClient client;
  final List<String> log = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    stage = LocalRegistry.start(dir.resolve("stage"));
    prod = LocalRegistry.startWithBasicAuth(dir.resolve("prod"));
    ScratchImages images = new ScratchImages(dir.resolve("buildah"));
    single =
        images.push(
            stage.ref("shop/api:0123456"),
            Map.of("org.opencontainers.image.revision", "0123456"),
            "api\n",
            null);
    index = images.pushIndex(stage.ref("shop/web:0123456"), Map.of(), "web\n");
    client =
        new RegistryClient(
            RegistryCredentials.of(
                Map.of(
                    prod.host(),
                    new RegistryCredential(LocalRegistry.USER, LocalRegistry.PASSWORD))),
            s -> {});
  }

  @AfterAll
  static void stop() {
    stage.close();
    prod.close();
  }

  @Test
  void retagsInTheSameRepositoryWithoutMovingBlobs() {
    Promotion p =
        new Promoter(client, log::add)
            .promote(
                stage.ref("shop/api:0123456"),
                List.of(stage.ref("shop/api:staging"), stage.ref("shop/api:1.2.3")));
    assertThat(p.digest()).isEqualTo(single);
    assertThat(p.mounted() + p.copied() + p.present()).isZero();
    assertThat(client.resolveDigest(stage.ref("shop/api:staging"))).isEqualTo(single);
    assertThat(client.resolveDigest(stage.ref("shop/api:1.2.3"))).isEqualTo(single);
  }

  @Test
  void mountsIntoAnotherRepositoryAndCopiesToAnotherRegistry() {
    Promotion mounted =
        new Promoter(client, log::add)
            .promote(
                stage.ref("shop/api").withDigest(single), List.of(stage.ref("release/api:prod")));
    assertThat(mounted.digest()).isEqualTo(single);
    assertThat(mounted.mounted()).isEqualTo(2);
    assertThat(client.resolveDigest(stage.ref("release/api:prod"))).isEqualTo(single);

    Promotion copied =
        new Promoter(client, log::add)
            .promote(
                stage.ref("shop/api:0123456"),
                List.of(prod.ref("shop/api:prod"), prod.ref("shop/api:0123456")));
    assertThat(copied.copied()).isEqualTo(2);
    assertThat(client.resolveDigest(prod.ref("shop/api:prod"))).isEqualTo(single);
    assertThat(client.labels(prod.ref("shop/api:0123456")))
        .containsEntry("org.opencontainers.image.revision", "0123456");
  }

  @Test
  void promotesAMultiPlatformIndexWithItsChildren() {
    Promotion p =
        new Promoter(client, log::add)
            .promote(stage.ref("shop/web:0123456"), List.of(prod.ref("shop/web:prod")));
    assertThat(p.digest()).isEqualTo(index);
    // two platforms, each with a config and a layer; the layer content is the same file, so it may
    // be shared
    assertThat(p.copied()).isBetween(3, 4);
    assertThat(client.resolveDigest(prod.ref("shop/web:prod"))).isEqualTo(index);
    for (var child : client.manifest(prod.ref("shop/web:prod")).manifests()) {
      assertThat(client.findDigest(prod.ref("shop/web").withDigest(child.digest())))
          .contains(child.digest());
    }
  }

  @Test
  void aMissingSourceFailsBeforeAnythingIsWritten() {
    assertThatThrownBy(
            () ->
                new Promoter(client, log::add)
                    .promote(stage.ref("shop/api:nope"), List.of(stage.ref("shop/api:never"))))
        .isInstanceOf(OutsideSystemException.class)
        .hasMessageContaining("shop/api:nope was not found");
    assertThat(client.findDigest(stage.ref("shop/api:never"))).isEmpty();
  }
}
