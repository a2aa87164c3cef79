package dev.bosun.image.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.actions.Log;
import dev.bosun.actions.Masker;
import dev.bosun.image.registry.ImageReference;
import dev.bosun.support.OutsideSystemException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The docker adapter on exact argv and exit handling, through the ProcessBuilder seam (a shell script stands in). */
class DockerBuildxTest {

  static final String DIGEST = "sha256:" + "4".repeat(64);
  static final String SECRET = "npm-token-s3cr3t-value";

  @TempDir
  Path work;
  final List<List<String>> argvs = new ArrayList<>();
  final List<Map<String, String>> envs = new ArrayList<>();
  final StringWriter out = new StringWriter();
  final Masker masker = new Masker();

  BuildSpec spec(boolean push) {
    Map<String, String> args = new LinkedHashMap<>();
    args.put("NEXT_PUBLIC_API_URL", "https://api.example.com");
    args.put("APP_MODE", "prod");
    return new BuildSpec(Path.of("ctx"), Path.of("ctx/Dockerfile.web"),
        List.of(ImageReference.parse("ghcr.io/acme/web:" + "a".repeat(40)), ImageReference.parse("ghcr.io/acme/web:sha-aaaaaaa")),
        Map.of("org.opencontainers.image.revision", "a".repeat(40)), args, Map.of("npm_token", SECRET), "runtime",
        List.of("linux/amd64", "linux/arm64"), List.of("type=gha"), List.of("type=gha,mode=max"), push, null);
  }

  /** The seam: records argv and env, then runs {@code script} with the argv as its positional parameters. */
  ProcessRunner runner(String script) {
    Log log = new Log(new PrintWriter(out, true), new PrintWriter(out, true), masker, true);
    masker.add(SECRET);
    return new ProcessRunner(argv -> {
      argvs.add(argv);
      List<String> cmd = new ArrayList<>(List.of("sh", "-c", script, "sh"));
      cmd.addAll(argv);
      return new ProcessBuilder(cmd);
    }, Map.of("PATH", System.getenv("PATH")), log, Duration.ofSeconds(20));
  }

  @Test
  void exactArgvForABuildThatPushes() {
    DockerBuildx docker = new DockerBuildx(runner(
        "for a; do if [ \"$prev\" = --metadata-file ]; then printf '{\"containerimage.digest\":\"" + DIGEST
            + "\"}' > \"$a\"; fi; prev=$a; done; exit 0"));
    BuildOutcome outcome = docker.build(spec(true), work, Map.of("DOCKER_CONFIG", "/tmp/bosun-auth"));

    assertThat(argvs).singleElement().isEqualTo(List.of("docker", "buildx", "build", "--progress=plain",
        "--file", "ctx/Dockerfile.web", "--target", "runtime", "--platform", "linux/amd64,linux/arm64",
        "--build-arg", "APP_MODE=prod", "--build-arg", "NEXT_PUBLIC_API_URL=https://api.example.com",
        "--secret", "id=npm_token,env=BOSUN_SECRET_NPM_TOKEN",
        "--label", "org.opencontainers.image.revision=" + "a".repeat(40),
        "--tag", "ghcr.io/acme/web:" + "a".repeat(40), "--tag", "ghcr.io/acme/web:sha-aaaaaaa",
        "--cache-from", "type=gha", "--cache-to", "type=gha,mode=max", "--push",
        "--metadata-file", work.resolve("buildx-metadata.json").toString(), "ctx"));
    assertThat(String.join(" ", argvs.get(0))).doesNotContain(SECRET);
    assertThat(outcome.digest()).isEqualTo(DIGEST);
    assertThat(outcome.pushed()).hasSize(2);
    assertThat(out.toString()).contains("$ docker buildx build --progress=plain").doesNotContain(SECRET);
  }

  @Test
  void theSecretReachesTheBuilderOnlyThroughItsEnvironment() {
    DockerBuildx docker = new DockerBuildx(runner(
        "[ \"$BOSUN_SECRET_NPM_TOKEN\" = '" + SECRET + "' ] || exit 9; [ \"$DOCKER_CONFIG\" = /tmp/auth ] || exit 8; "
            + "echo \"using $BOSUN_SECRET_NPM_TOKEN\"; exit 0"));
    BuildOutcome outcome = docker.build(spec(false), work, Map.of("DOCKER_CONFIG", "/tmp/auth"));
    assertThat(outcome.digest()).isNull();
    // two platforms cannot be loaded into the local image store; the result stays in the build cache
    assertThat(argvs.get(0)).doesNotContain("--push", "--load");
    BuildSpec single = new BuildSpec(Path.of("."), null, spec(false).tags(), Map.of(), Map.of(), Map.of(), null,
        List.of(), List.of(), List.of(), false, null);
    assertThat(docker.commands(single, work).get(0)).contains("--load").doesNotContain("--push");
    // the builder echoed the secret; the log shows the mask
    assertThat(out.toString()).contains("using ***").doesNotContain(SECRET);
  }

  @Test
  void aFailedBuildShowsTheTailOfStderr() {
    StringBuilder script = new StringBuilder();
    for (int i = 1; i <= 40; i++) {
      script.append("echo 'stderr line ").append(i).append("' >&2; ");
    }
    script.append("echo 'ERROR: failed to solve: secret ").append(SECRET).append("' >&2; exit 17");
    DockerBuildx docker = new DockerBuildx(runner(script.toString()));
    assertThatThrownBy(() -> docker.build(spec(true), work, Map.of()))
        .isInstanceOf(OutsideSystemException.class)
        .hasMessageContaining("docker buildx build failed with exit code 17; last lines of its stderr:")
        .hasMessageContaining("stderr line 40")
        .hasMessageContaining("ERROR: failed to solve")
        .hasMessageNotContaining("stderr line 11\n");
  }

  @Test
  void failuresThatAreNotTheDockerfilesFaultGetAHint() {
    DockerBuildx docker = new DockerBuildx(runner("echo 'ERROR: permission denied while trying to connect to the Docker "
        + "daemon socket at unix:///var/run/docker.sock: Head \"http://%2Fvar%2Frun%2Fdocker.sock/_ping\"' >&2; exit 1"));
    assertThatThrownBy(() -> docker.build(spec(true), work, Map.of()))
        .isInstanceOf(OutsideSystemException.class)
        .hasMessageContaining("permission denied while trying to connect")
        .hasMessageContaining("Hint: this user may not use the Docker socket");
    assertThat(DockerBuildx.hint("docker: 'buildx' is not a docker command.")).contains("no buildx plugin");
    assertThat(DockerBuildx.hint("Cannot connect to the Docker daemon at unix:///var/run/docker.sock."))
        .contains("no Docker daemon is reachable");
    assertThat(DockerBuildx.hint("ERROR: failed to solve: dockerfile parse error")).isEmpty();
  }

  @Test
  void aMissingMetadataFileIsAClearFailure() {
    DockerBuildx docker = new DockerBuildx(runner("exit 0"));
    assertThatThrownBy(() -> docker.build(spec(true), work, Map.of()))
        .isInstanceOf(OutsideSystemException.class)
        .hasMessageContaining("docker buildx wrote no metadata file");
  }

  @Test
  void aMissingDockerCliSaysWhatToInstall() {
    Log log = new Log(new PrintWriter(out, true), new PrintWriter(out, true), masker, true);
    ProcessRunner runner = new ProcessRunner(argv -> new ProcessBuilder("/nonexistent/docker"), Map.of(), log,
        Duration.ofSeconds(5));
    assertThatThrownBy(() -> new DockerBuildx(runner).build(spec(true), work, Map.of()))
        .isInstanceOf(OutsideSystemException.class)
        .hasMessageContaining("Is the docker CLI with the buildx plugin installed?");
  }

  @Test
  void aHangingBuildIsStoppedAtTheTimeout() {
    Log log = new Log(new PrintWriter(out, true), new PrintWriter(out, true), masker, true);
    ProcessRunner runner = new ProcessRunner(argv -> new ProcessBuilder("sh", "-c", "echo starting >&2; sleep 30"),
        Map.of("PATH", System.getenv("PATH")), log, Duration.ofMillis(500));
    assertThatThrownBy(() -> new DockerBuildx(runner).build(spec(true), work, Map.of()))
        .isInstanceOf(OutsideSystemException.class)
        .hasMessageContaining("did not finish within")
        .hasMessageContaining("starting");
  }
}
