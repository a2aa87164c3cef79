package dev.bosun.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.image.registry.Descriptor;
import dev.bosun.image.registry.ImageReference;
import dev.bosun.image.registry.LocalRegistry;
import dev.bosun.image.registry.Manifest;
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
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native-runner multi-platform pattern for real (issue 14.3): buildah builds a FROM scratch
 * image for linux/amd64 and one for linux/arm64 (COPY only, no emulation), each run pushes by
 * digest only to a real docker-registry, then {@code mode: merge} makes the index through the
 * registry API. The index's platforms and digests are read back through the API, and a promotion of
 * the index to another registry keeps it whole.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
class MultiPlatformMergeTest {

  static final String SHA = "89abcdef0123456789abcdef0123456789abcdef";
  @TempDir static Path dir;
  static LocalRegistry registry;
  static LocalRegistry prod;
  static Path context;
  static Path storageConf;
  static String amd64;
  static String arm64;
  static String index;

  @BeforeAll
  static void start() throws Exception {
    LocalRegistry.requireTools(true);
    registry = LocalRegistry.start(dir.resolve("registry"));
    prod = LocalRegistry.startWithBasicAuth(dir.resolve("prod"));
    context = Files.createDirectories(dir.resolve("app"));
    Files.writeString(context.resolve("hello.txt"), "hello from " + SHA + "\n");
    Files.writeString(
        context.resolve("Containerfile"), "FROM scratch\nCOPY hello.txt /hello.txt\n");
    storageConf = dir.resolve("storage.conf");
    Files.writeString(
        storageConf,
        "[storage]\ndriver = \"vfs\"\ngraphroot = \""
            + dir.resolve("containers/root")
            + "\"\nrunroot = \""
            + dir.resolve("containers/run")
            + "\"\n");
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
        .env("GITHUB_REF", "refs/tags/v2.1.0")
        .env("GITHUB_SHA", SHA);
  }

  /**
   * Each platform builds in its own container storage, as each runner of a matrix has its own:
   * buildah 1.28's layer cache does not key on the platform, so a shared store could hand the arm64
   * build the amd64 image (seen once in CI here).
   */
  ActionHarness.Result buildOne(String platform) throws Exception {
    Path own = dir.resolve("containers-" + platform.replace('/', '-'));
    Path conf = dir.resolve("storage-" + platform.replace('/', '-') + ".conf");
    Files.writeString(
        conf,
        "[storage]\ndriver = \"vfs\"\ngraphroot = \""
            + own.resolve("root")
            + "\"\nrunroot = \""
            + own.resolve("run")
            + "\"\n");
    return harness()
        .env("CONTAINERS_STORAGE_CONF", conf.toString())
        .input("image", registry.host() + "/acme/multi")
        .input("builder", "buildah")
        .input("storage-driver", "vfs")
        .input("context", context.toString())
        .input("platforms", platform)
        .input("push-by-digest", "true")
        .run("build-tag-push");
  }

  static RegistryClient anonymous() {
    return new RegistryClient(RegistryCredentials.none(), s -> {});
  }

  @Test
  @Order(1)
  void eachRunnerPushesItsPlatformByDigestOnly() throws Exception {
    ActionHarness.Result a = buildOne("linux/amd64");
    assertThat(a.exitCode()).as(a.stdout() + a.stderr()).isZero();
    ActionHarness.Result b = buildOne("linux/arm64");
    assertThat(b.exitCode()).as(b.stdout() + b.stderr()).isZero();
    amd64 = a.outputs().get("digest");
    arm64 = b.outputs().get("digest");
    assertThat(amd64).matches("sha256:[0-9a-f]{64}").isNotEqualTo(arm64);
    assertThat(a.outputs().get("image")).isEqualTo(registry.host() + "/acme/multi@" + amd64);
    assertThat(a.outputs().get("tags")).isEmpty();
    // pushed by digest only: the repository has the manifests but not a single tag
    assertThat(anonymous().tags(registry.ref("acme/multi:x"))).isEmpty();
    assertThat(anonymous().findManifest(registry.ref("acme/multi@" + arm64))).isPresent();
  }

  @Test
  @Order(2)
  void mergeMakesOneIndexOfThePlatformsAndTagsIt() {
    ActionHarness.Result r =
        harness()
            .input("mode", "merge")
            .input("image", registry.host() + "/acme/multi")
            .input("sources", amd64 + "\n" + registry.host() + "/acme/multi@" + arm64)
            .run("build-tag-push");

    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
    index = r.outputs().get("digest");
    String name = registry.host() + "/acme/multi";
    assertThat(r.outputs().get("tags").lines().toList())
        .containsExactly(
            name + ":" + SHA,
            name + ":sha-89abcde",
            name + ":v2.1.0",
            name + ":2.1.0",
            name + ":2.1",
            name + ":2");
    Manifest top = anonymous().manifest(registry.ref("acme/multi:v2.1.0"));
    assertThat(top.digest()).isEqualTo(index);
    assertThat(top.isIndex()).isTrue();
    assertThat(top.manifests())
        .extracting(Descriptor::platform, Descriptor::digest)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("linux/amd64", amd64),
            org.assertj.core.groups.Tuple.tuple("linux/arm64", arm64));
    for (String tag : List.of(SHA, "sha-89abcde", "2.1.0", "2")) {
      assertThat(anonymous().resolveDigest(registry.ref("acme/multi:" + tag)))
          .as(tag)
          .isEqualTo(index);
    }
    assertThat(r.summary()).contains("merged from 2 platforms (linux/amd64, linux/arm64)");
    // the same digests make the same index: a re-run of the merge job changes nothing
    ActionHarness.Result again =
        harness()
            .input("mode", "merge")
            .input("image", name)
            .input("sources", arm64 + ", " + amd64)
            .input("tags", "{{sha}}")
            .run("build-tag-push");
    assertThat(again.exitCode()).as(again.stdout() + again.stderr()).isZero();
    assertThat(again.outputs().get("digest")).isNotEqualTo(index); // order differs, so the bytes do
    ActionHarness.Result same =
        harness()
            .input("mode", "merge")
            .input("image", name)
            .input("sources", amd64 + " " + arm64)
            .input("tags", "{{sha}}")
            .run("build-tag-push");
    assertThat(same.outputs().get("digest")).isEqualTo(index);
  }

  @Test
  @Order(3)
  void promotingTheIndexToAnotherRegistryKeepsItWhole() {
    ActionHarness.Result r =
        harness()
            .input("mode", "promote")
            .input("image", prod.host() + "/multi")
            .input("source", registry.host() + "/acme/multi:v2.1.0")
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
    Manifest promoted = loggedIn.manifest(prod.ref("multi:prod"));
    assertThat(promoted.digest()).isEqualTo(index);
    for (String child : List.of(amd64, arm64)) {
      assertThat(loggedIn.findManifest(ImageReference.parse(prod.host() + "/multi@" + child)))
          .as(child)
          .isPresent();
    }
    assertThat(r.everything()).doesNotContain(LocalRegistry.PASSWORD);
  }

  @Test
  @Order(4)
  void twoImagesOfOnePlatformAreRefused() {
    ActionHarness.Result r =
        harness()
            .input("mode", "merge")
            .input("image", registry.host() + "/acme/multi")
            .input("sources", amd64 + "\n" + registry.host() + "/acme/multi:" + SHA)
            .input("tags", "never")
            .run("build-tag-push");
    // the second source is an index holding linux/amd64 again
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout()).contains("::error title=sources::").contains("linux/amd64");
    assertThat(anonymous().findDigest(registry.ref("acme/multi:never"))).isEmpty();
  }
}
