package dev.bosun.image.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.image.registry.ImageReference;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** buildah's command lines; the real buildah runs in the end-to-end test. */
class BuildahCommandsTest {

  @Test
  void singlePlatformBudThenPushWithDigestfile() {
    BuildSpec spec =
        new BuildSpec(
            Path.of("ctx"),
            null,
            List.of(
                ImageReference.parse("127.0.0.1:5000/acme/app:one"),
                ImageReference.parse("127.0.0.1:5000/acme/app:two")),
            Map.of("k", "v"),
            Map.of("A", "1"),
            Map.of("tok", "secret-value"),
            null,
            List.of(),
            List.of(),
            List.of(),
            true,
            "vfs");
    List<List<String>> commands = new Buildah(null).commands(spec, Path.of("/w"));
    assertThat(commands.get(0))
        .containsExactly(
            "buildah",
            "--storage-driver",
            "vfs",
            "bud",
            "--layers",
            "--build-arg",
            "A=1",
            "--secret",
            "id=tok,src=BOSUN_SECRET_TOK,type=env",
            "--label",
            "k=v",
            "--tag",
            "127.0.0.1:5000/acme/app:one",
            "--tag",
            "127.0.0.1:5000/acme/app:two",
            "ctx");
    assertThat(commands.get(1))
        .containsExactly(
            "buildah",
            "--storage-driver",
            "vfs",
            "push",
            "--tls-verify=false",
            "--digestfile",
            "/w/buildah-digest",
            "127.0.0.1:5000/acme/app:one",
            "docker://127.0.0.1:5000/acme/app:one");
    assertThat(commands.toString()).doesNotContain("secret-value");
  }

  @Test
  void severalPlatformsBuildAManifestListAndPushAll() {
    BuildSpec spec =
        new BuildSpec(
            Path.of("ctx"),
            Path.of("ctx/Containerfile"),
            List.of(ImageReference.parse("ghcr.io/acme/app:one")),
            Map.of(),
            Map.of(),
            Map.of(),
            "prod",
            List.of("linux/amd64", "linux/arm64"),
            List.of(),
            List.of(),
            true,
            null);
    List<List<String>> commands = new Buildah(null).commands(spec, Path.of("/w"));
    assertThat(commands.get(0))
        .contains("--platform", "linux/amd64,linux/arm64", "--manifest")
        .doesNotContain("--tag");
    assertThat(commands.get(1))
        .startsWith("buildah", "manifest", "push", "--all", "--digestfile")
        .endsWith("docker://ghcr.io/acme/app:one")
        .doesNotContain("--tls-verify=false");
  }

  @Test
  void overlayFailuresSuggestVfs() {
    assertThat(
            Buildah.hint(
                "kernel does not support overlay fs: 'overlay' is not supported over overlayfs",
                null))
        .contains("set storage-driver: vfs");
    assertThat(Buildah.hint("'overlay' is not supported over overlayfs", "vfs")).isEmpty();
    assertThat(Buildah.hint("COPY failed: no such file", null)).isEmpty();
  }
}
