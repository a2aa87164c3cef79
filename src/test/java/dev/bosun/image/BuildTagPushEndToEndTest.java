package dev.bosun.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bosun.image.registry.ImageReference;
import dev.bosun.image.registry.LocalRegistry;
import dev.bosun.image.registry.RegistryClient;
import dev.bosun.image.registry.RegistryCredential;
import dev.bosun.image.registry.RegistryCredentials;
import dev.bosun.testing.ActionHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole action for real, run as the runner runs it: buildah builds a FROM scratch image and
 * pushes it to a real docker-registry on loopback, then the command promotes it to new tags, to
 * another repository and to another registry behind a login, and the digests are compared through
 * the registry API.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BuildTagPushEndToEndTest {

  static final String SHA = "0123456789abcdef0123456789abcdef01234567";
  static final String SECRET = "npm-secret-token-9f8e7d";
  @TempDir static Path dir;
  static LocalRegistry registry;
  static LocalRegistry prod;
  static Path context;
  static Path storageConf;
  static Path event;
  static String builtDigest;

  @BeforeAll
  static void start() throws Exception {
    LocalRegistry.requireTools(true);
    registry = LocalRegistry.start(dir.resolve("registry"));
    prod = LocalRegistry.startWithBasicAuth(dir.resolve("prod"));
    context = Files.createDirectories(dir.resolve("app"));
    Files.writeString(context.resolve("version.txt"), SHA + "\n");
    Files.writeString(
        context.resolve("Containerfile"),
        """
        FROM scratch
        ARG APP_MODE
        COPY version.txt /version.txt
        """);
    // buildah's storage for this test only, so parallel runs and the machine's own images are not
    // touched
    storageConf = dir.resolve("storage.conf");
    Files.writeString(
        storageConf,
        "[storage]\ndriver = \"vfs\"\ngraphroot = \""
            + dir.resolve("containers/root")
            + "\"\nrunroot = \""
            + dir.resolve("containers/run")
            + "\"\n");
    event = dir.resolve("event.json");
    Files.writeString(
        event,
        "{\"ref\":\"refs/heads/main\",\"after\":\""
            + SHA
            + "\","
            + "\"repository\":{\"full_name\":\"acme/shop\",\"default_branch\":\"main\"}}");
  }

  @AfterAll
  static void stop() {
    registry.close();
    prod.close();
  }

  ActionHarness harness() {
    return new ActionHarness(dir)
        .env("PATH", System.getenv("PATH"))
        .env("HOME", dir.toString())
        .env("CONTAINERS_STORAGE_CONF", storageConf.toString())
        .env("GITHUB_EVENT_NAME", "push")
        .env("GITHUB_REF", "refs/heads/main")
        .env("GITHUB_SHA", SHA)
        .env("GITHUB_EVENT_PATH", event.toString());
  }

  static RegistryClient anonymous() {
    return new RegistryClient(RegistryCredentials.none(), s -> {});
  }

  @Test
  @Order(1)
  void buildahBuildsLabelsAndPushesEveryTag() throws Exception {
    ActionHarness.Result r =
        harness()
            .input("image", registry.host() + "/Acme/Shop")
            .input("builder", "buildah")
            .input("storage-driver", "vfs")
            .input("context", context.toString())
            .input("file", context.resolve("Containerfile").toString())
            .input("build-args", "APP_MODE=production")
            .input("build-secrets", "npm_token=" + SECRET)
            .input("build-environment", "dev")
            .run("build-tag-push");

    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
    builtDigest = r.outputs().get("digest");
    assertThat(builtDigest).matches("sha256:[0-9a-f]{64}");
    String name = registry.host() + "/acme/shop";
    assertThat(r.outputs().get("image")).isEqualTo(name + "@" + builtDigest);
    // built for one environment: the default tags say which, so a build for another can never
    // overwrite them
    assertThat(r.outputs().get("tags").lines().toList())
        .containsExactly(
            name + ":" + SHA + "-dev",
            name + ":sha-0123456-dev",
            name + ":main-dev",
            name + ":latest-dev");
    for (String tag : List.of(SHA + "-dev", "sha-0123456-dev", "main-dev", "latest-dev")) {
      assertThat(anonymous().resolveDigest(ImageReference.parse(name + ":" + tag)))
          .as(tag)
          .isEqualTo(builtDigest);
    }
    Map<String, String> labels =
        anonymous().labels(ImageReference.parse(name + ":" + SHA + "-dev"));
    assertThat(labels)
        .containsEntry("org.opencontainers.image.revision", SHA)
        .containsEntry("org.opencontainers.image.source", "https://github.com/acme/shop")
        .containsEntry("org.opencontainers.image.version", SHA)
        .containsEntry(ImageLabels.BUILD_ENVIRONMENT, "dev")
        .containsKey("org.opencontainers.image.created");
    JsonNode metadata = new ObjectMapper().readTree(r.outputs().get("metadata"));
    assertThat(metadata.path("digest").asText()).isEqualTo(builtDigest);
    assertThat(metadata.path("labels").path(ImageLabels.BUILD_ENVIRONMENT).asText())
        .isEqualTo("dev");
    assertThat(r.summary())
        .contains(builtDigest)
        .contains("`sha-0123456-dev`")
        .contains(ImageLabels.BUILD_ENVIRONMENT);
    // the secret went to buildah through its environment: visible nowhere, not even in the logged
    // command line
    assertThat(r.stdout()).contains("--secret id=npm_token,src=BOSUN_SECRET_NPM_TOKEN,type=env");
    assertThat(r.everything()).doesNotContain(SECRET);
    assertThat(r.stdout()).contains("::add-mask::" + SECRET);
  }

  @Test
  @Order(2)
  void promotesToNewTagsInTheSameRepository() {
    ActionHarness.Result r =
        harness()
            .input("mode", "promote")
            .input("image", registry.host() + "/acme/shop")
            .input("source", "sha-0123456-dev")
            .input("extra-tags", "staging\nrelease-2026-11")
            .run("build-tag-push");

    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
    assertThat(r.outputs().get("digest")).isEqualTo(builtDigest);
    for (String tag : List.of("staging", "release-2026-11")) {
      assertThat(anonymous().resolveDigest(registry.ref("acme/shop:" + tag)))
          .isEqualTo(builtDigest);
    }
    assertThat(r.outputs().get("labels")).contains("org.opencontainers.image.revision=" + SHA);
    assertThat(r.summary()).contains("Blobs: 0 mounted, 0 copied");
  }

  @Test
  @Order(3)
  void promotesToAnotherRepositoryByDigestWithMountedBlobs() {
    ActionHarness.Result r =
        harness()
            .input("mode", "promote")
            .input("image", registry.host() + "/release/shop")
            .input("source", registry.host() + "/acme/shop@" + builtDigest)
            .input("extra-tags", "prod")
            .run("build-tag-push");

    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
    assertThat(r.outputs().get("image"))
        .isEqualTo(registry.host() + "/release/shop@" + builtDigest);
    assertThat(anonymous().resolveDigest(registry.ref("release/shop:prod"))).isEqualTo(builtDigest);
    assertThat(r.summary()).contains("2 mounted");
  }

  @Test
  @Order(4)
  void promotesToAnotherRegistryBehindALogin() {
    ActionHarness.Result r =
        harness()
            .input("mode", "promote")
            .input("image", prod.host() + "/shop")
            .input("source", registry.host() + "/acme/shop:" + SHA + "-dev")
            .input("tags", "{{sha}}")
            .input("extra-tags", "prod")
            .input("registry-username", LocalRegistry.USER)
            .input("registry-password", LocalRegistry.PASSWORD)
            .run("build-tag-push");

    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
    RegistryClient loggedIn =
        new RegistryClient(
            RegistryCredentials.of(
                Map.of(
                    prod.host(),
                    new RegistryCredential(LocalRegistry.USER, LocalRegistry.PASSWORD))),
            s -> {});
    assertThat(loggedIn.resolveDigest(prod.ref("shop:prod"))).isEqualTo(builtDigest);
    assertThat(loggedIn.resolveDigest(prod.ref("shop:" + SHA))).isEqualTo(builtDigest);
    assertThat(r.summary()).contains("2 copied");
    assertThat(r.everything()).doesNotContain(LocalRegistry.PASSWORD);
  }

  @Test
  @Order(5)
  void aMissingSourceFailsWithExitOneAndTouchesNothing() {
    ActionHarness.Result r =
        harness()
            .input("mode", "promote")
            .input("image", registry.host() + "/acme/shop")
            .input("source", "does-not-exist")
            .input("extra-tags", "never")
            .run("build-tag-push");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains("::error title=registry::")
        .contains("acme/shop:does-not-exist was not found")
        .contains("none of its");
    assertThat(anonymous().findDigest(registry.ref("acme/shop:never"))).isEmpty();
  }

  @Test
  @Order(6)
  void aTagThatIsNotFoundNamesTheTagsThatLookLikeIt() {
    ActionHarness.Result r =
        harness()
            .input("mode", "promote")
            .input("image", registry.host() + "/acme/shop")
            .input("source", "main-devv")
            .input("extra-tags", "never")
            .run("build-tag-push");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains("acme/shop:main-devv was not found")
        .contains("Tags that look like it: main-dev");
    assertThat(anonymous().findDigest(registry.ref("acme/shop:never"))).isEmpty();
  }

  @Test
  @Order(7)
  void registryAuthLogsInToSeveralRegistries() {
    ActionHarness.Result r =
        harness()
            .input("mode", "promote")
            .input("image", prod.host() + "/shop")
            .input("source", registry.host() + "/acme/shop:" + SHA + "-dev")
            .input("extra-tags", "from-registry-auth")
            .input(
                "registry-auth",
                """
            - registry: ghcr.io
              username: octocat
              password: ghp_not-used-here-123
            - registry: http://%s
              username: %s
              password: %s
            """
                    .formatted(prod.host(), LocalRegistry.USER, LocalRegistry.PASSWORD))
            .run("build-tag-push");

    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
    // prod wants Basic auth: the promotion got there only through the registry-auth entry
    RegistryClient loggedIn =
        new RegistryClient(
            RegistryCredentials.of(
                Map.of(
                    prod.host(),
                    new RegistryCredential(LocalRegistry.USER, LocalRegistry.PASSWORD))),
            s -> {});
    assertThat(loggedIn.resolveDigest(prod.ref("shop:from-registry-auth"))).isEqualTo(builtDigest);
    assertThat(r.everything())
        .doesNotContain(LocalRegistry.PASSWORD)
        .doesNotContain("ghp_not-used-here-123");
  }
}
