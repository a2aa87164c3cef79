package dev.bosun.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.actions.ActionEnv;
import dev.bosun.actions.ActionRuntime;
import dev.bosun.image.registry.LocalRegistry;
import dev.bosun.image.registry.ScratchImages;
import dev.bosun.support.OutsideSystemException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy-env's image inspector against a real docker-registry with Basic auth, the image pushed by
 * buildah.
 */
class RegistryImagesTest {

  @TempDir static Path dir;
  static LocalRegistry registry;
  static String digest;

  @BeforeAll
  static void start() throws Exception {
    registry = LocalRegistry.startWithBasicAuth(dir.resolve("registry"));
    digest =
        new ScratchImages(dir.resolve("buildah"))
            .push(
                registry.ref("shop/web:v1.2.3"),
                Map.of(
                    "org.opencontainers.image.version",
                    "1.2.3",
                    "dev.bosun.build-environment",
                    "prod"),
                "web\n",
                LocalRegistry.USER + ":" + LocalRegistry.PASSWORD);
  }

  @AfterAll
  static void stop() {
    registry.close();
  }

  static ImageInspector inspector(String password) {
    ActionRuntime runtime =
        new ActionRuntime(
            ActionEnv.of(Map.of()),
            new PrintWriter(new StringWriter()),
            new PrintWriter(new StringWriter()));
    return ProductionAdapters.images(
        runtime,
        new DeploySystems.Access(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            "acme/shop",
            Optional.of(LocalRegistry.USER),
            Optional.of(password),
            java.util.Map.of()),
        () -> {
          throw new AssertionError("no Azure sign-in when registry credentials are given");
        });
  }

  @Test
  void resolvesTheTagToItsDigestAndReadsTheLabelsTheGatesNeed() {
    ImageRef ref = ImageRef.parse("image", registry.host() + "/shop/web:v1.2.3", null);

    ImageInspector.ImageFacts facts = inspector(LocalRegistry.PASSWORD).inspect(ref);

    assertThat(facts.digest()).isEqualTo(digest);
    assertThat(facts.labels())
        .containsEntry("org.opencontainers.image.version", "1.2.3")
        .containsEntry("dev.bosun.build-environment", "prod");
  }

  @Test
  void aReferenceByDigestIsCheckedAgainstTheRegistry() {
    ImageRef ref = ImageRef.parse("image", registry.host() + "/shop/web@" + digest, null);

    assertThat(inspector(LocalRegistry.PASSWORD).inspect(ref).digest()).isEqualTo(digest);
    assertThatThrownBy(
            () ->
                inspector(LocalRegistry.PASSWORD)
                    .inspect(ImageRef.parse("image", registry.host() + "/shop/web:v9.9.9", null)))
        .isInstanceOf(OutsideSystemException.class);
  }

  @Test
  void aWrongPasswordIsAnOutsideSystemFailure() {
    ImageRef ref = ImageRef.parse("image", registry.host() + "/shop/web:v1.2.3", null);

    assertThatThrownBy(() -> inspector("wrong").inspect(ref))
        .isInstanceOf(OutsideSystemException.class)
        .hasMessageNotContaining("wrong");
  }
}
