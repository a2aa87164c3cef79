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

/**
 * The docker adapter on exact argv and exit handling, through the ProcessBuilder seam (a shell
 * script stands in).
 */
class DockerBuildxTest {

  static final String DIGEST = "sha256:" + "4".repeat(64);
  static final String SECRET = "npm-token-s3cr3t-value";
  static final String RUNTIME_TOKEN = "actions-runtime-token-xyz";

  @TempDir Path work;
  final List<List<String>> argvs = new ArrayList<>();
  final List<Map<String, String>> envs = new ArrayList<>();
  final StringWriter out = new StringWriter();
  final Masker masker = new Masker();

  BuildSpec spec(boolean push) {
    Map<String, String> args = new LinkedHashMap<>();
    args.put("NEXT_PUBLIC_API_URL", "https://api.example.com");
    args.put("APP_MODE", "prod");
    return new BuildSpec(
        Path.of("ctx"),
        Path.of("ctx/Dockerfile.web"),
        List.of(
            ImageReference.parse("ghcr.io/acme/web:" + "a".repeat(40)),
            ImageReference.parse("ghcr.io/acme/web:sha-aaaaaaa")),
        Map.of("org.opencontainers.image.revision", "a".repeat(40)),
        args,
        Map.of("npm_token", SECRET),
        "runtime",
        List.of("linux/amd64", "linux/arm64"),
        List.of("type=gha"),
        List.of("type=gha,mode=max"),
        push,
        null);
  }

  /**
   * The seam: records argv and env, then runs {@code script} with the argv as its positional
   * parameters.
   */
  ProcessRunner runner(String script) {
    Log log = new Log(new PrintWriter(out, true), new PrintWriter(out, true), masker, true);
    masker.add(SECRET);
    return new ProcessRunner(
        argv -> {
          argvs.add(argv);
          List<String> cmd = new ArrayList<>(List.of("sh", "-c", script, "sh"));
          cmd.addAll(argv);
          return new ProcessBuilder(cmd);
        },
        Map.of(
            "PATH",
            System.getenv("PATH"),
            "ACTIONS_RUNTIME_TOKEN",
            RUNTIME_TOKEN,
            "ACTIONS_RESULTS_URL",
            "https://results-receiver.actions.githubusercontent.com/",
            "ACTIONS_RUNTIME_URL",
            "https://pipelines.example/"),
        log,
        Duration.ofSeconds(20));
  }

  /** Only the build command runs {@code script}; builder create and rm succeed. */
  static String onBuild(String script) {
    return "[ \"$3\" = build ] || exit 0; " + script;
  }

  @Test
  void exactArgvForABuildThatPushes() {
    DockerBuildx docker =
        new DockerBuildx(
            runner(
                "for a; do if [ \"$prev\" = --metadata-file ]; then printf '{\"containerimage.digest\":\""
                    + DIGEST
                    + "\"}' > \"$a\"; fi; prev=$a; done; exit 0"));
    BuildOutcome outcome =
        docker.build(spec(true), work, Map.of("DOCKER_CONFIG", "/tmp/bosun-auth"));

    // two platforms and a gha cache export: the daemon's docker driver cannot, so a builder is made
    // for this run
    String builder = DockerBuildx.builderName(work);
    assertThat(argvs).hasSize(3);
    assertThat(argvs.get(0))
        .isEqualTo(
            List.of(
                "docker",
                "buildx",
                "create",
                "--name",
                builder,
                "--driver",
                "docker-container",
                "--driver-opt",
                "network=host",
                "--bootstrap"));
    assertThat(argvs.get(2)).isEqualTo(List.of("docker", "buildx", "rm", builder));
    assertThat(argvs.get(1))
        .isEqualTo(
            List.of(
                "docker",
                "buildx",
                "build",
                "--builder",
                builder,
                "--progress=plain",
                "--file",
                "ctx/Dockerfile.web",
                "--target",
                "runtime",
                "--platform",
                "linux/amd64,linux/arm64",
                "--build-arg",
                "APP_MODE=prod",
                "--build-arg",
                "NEXT_PUBLIC_API_URL=https://api.example.com",
                "--secret",
                "id=npm_token,env=BOSUN_SECRET_NPM_TOKEN",
                "--label",
                "org.opencontainers.image.revision=" + "a".repeat(40),
                "--tag",
                "ghcr.io/acme/web:" + "a".repeat(40),
                "--tag",
                "ghcr.io/acme/web:sha-aaaaaaa",
                "--cache-from",
                "type=gha",
                "--cache-to",
                "type=gha,mode=max",
                "--push",
                "--metadata-file",
                work.resolve("buildx-metadata.json").toString(),
                "ctx"));
    assertThat(String.join(" ", argvs.get(1))).doesNotContain(SECRET).doesNotContain(RUNTIME_TOKEN);
    assertThat(outcome.digest()).isEqualTo(DIGEST);
    assertThat(outcome.pushed()).hasSize(2);
    assertThat(out.toString())
        .contains("$ docker buildx build --builder bosun-")
        .doesNotContain(SECRET);
  }

  @Test
  void theSecretReachesTheBuilderOnlyThroughItsEnvironment() {
    DockerBuildx docker =
        new DockerBuildx(
            runner(
                onBuild(
                    "[ \"$BOSUN_SECRET_NPM_TOKEN\" = '"
                        + SECRET
                        + "' ] || exit 9; [ \"$DOCKER_CONFIG\" = /tmp/auth ] || exit 8; "
                        + "echo \"using $BOSUN_SECRET_NPM_TOKEN\"; exit 0")));
    BuildOutcome outcome = docker.build(spec(false), work, Map.of("DOCKER_CONFIG", "/tmp/auth"));
    assertThat(outcome.digest()).isNull();
    // two platforms cannot be loaded into the local image store; the result stays in the build
    // cache
    assertThat(argvs.get(1)).doesNotContain("--push", "--load");
    BuildSpec single =
        new BuildSpec(
            Path.of("."),
            null,
            spec(false).tags(),
            Map.of(),
            Map.of(),
            Map.of(),
            null,
            List.of(),
            List.of(),
            List.of(),
            false,
            null);
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
    DockerBuildx docker = new DockerBuildx(runner(onBuild(script.toString())));
    assertThatThrownBy(() -> docker.build(spec(true), work, Map.of()))
        .isInstanceOf(OutsideSystemException.class)
        .hasMessageContaining(
            "docker buildx build failed with exit code 17; last lines of its stderr:")
        .hasMessageContaining("stderr line 40")
        .hasMessageContaining("ERROR: failed to solve")
        .hasMessageNotContaining("stderr line 11\n");
    // the run's builder is removed even though the build failed
    assertThat(argvs.get(argvs.size() - 1))
        .containsExactly("docker", "buildx", "rm", DockerBuildx.builderName(work));
  }

  @Test
  void failuresThatAreNotTheDockerfilesFaultGetAHint() {
    DockerBuildx docker =
        new DockerBuildx(
            runner(
                onBuild(
                    "echo 'ERROR: permission denied while trying to connect to the Docker "
                        + "daemon socket at unix:///var/run/docker.sock: Head \"http://%2Fvar%2Frun%2Fdocker.sock/_ping\"' >&2; exit 1")));
    assertThatThrownBy(() -> docker.build(spec(true), work, Map.of()))
        .isInstanceOf(OutsideSystemException.class)
        .hasMessageContaining("permission denied while trying to connect")
        .hasMessageContaining("Hint: this user may not use the Docker socket");
    assertThat(DockerBuildx.hint("docker: 'buildx' is not a docker command."))
        .contains("no buildx plugin");
    assertThat(
            DockerBuildx.hint(
                "Cannot connect to the Docker daemon at unix:///var/run/docker.sock."))
        .contains("no Docker daemon is reachable");
    assertThat(DockerBuildx.hint("ERROR: failed to solve: dockerfile parse error")).isEmpty();
  }

  @Test
  void aMissingMetadataFileIsAClearFailure() {
    DockerBuildx docker = new DockerBuildx(runner(onBuild("exit 0")));
    assertThatThrownBy(() -> docker.build(spec(true), work, Map.of()))
        .isInstanceOf(OutsideSystemException.class)
        .hasMessageContaining("docker buildx wrote no metadata file");
  }

  @Test
  void aMissingDockerCliSaysWhatToInstall() {
    Log log = new Log(new PrintWriter(out, true), new PrintWriter(out, true), masker, true);
    ProcessRunner runner =
        new ProcessRunner(
            argv -> new ProcessBuilder("/nonexistent/docker"),
            Map.of(),
            log,
            Duration.ofSeconds(5));
    assertThatThrownBy(() -> new DockerBuildx(runner).build(spec(true), work, Map.of()))
        .isInstanceOf(OutsideSystemException.class)
        .hasMessageContaining("Is the docker CLI with the buildx plugin installed?");
  }

  @Test
  void aHangingBuildIsStoppedAtTheTimeout() {
    Log log = new Log(new PrintWriter(out, true), new PrintWriter(out, true), masker, true);
    ProcessRunner runner =
        new ProcessRunner(
            argv -> new ProcessBuilder("sh", "-c", "echo starting >&2; sleep 30"),
            Map.of("PATH", System.getenv("PATH")),
            log,
            Duration.ofMillis(500));
    assertThatThrownBy(() -> new DockerBuildx(runner).build(spec(true), work, Map.of()))
        .isInstanceOf(OutsideSystemException.class)
        .hasMessageContaining("did not finish within")
        .hasMessageContaining("starting");
  }

  @Test
  void ghaCacheGetsTheRunnersCacheVariablesThroughTheEnvironmentOnly() {
    // the runner gives a container action ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL but not
    // ACTIONS_CACHE_SERVICE_V2 (actions/runner
    // src/Runner.Worker/Handlers/ContainerActionHandler.cs)
    DockerBuildx docker =
        new DockerBuildx(
            runner(
                onBuild(
                    "[ \"$ACTIONS_RUNTIME_TOKEN\" = "
                        + RUNTIME_TOKEN
                        + " ] || exit 7; [ \"$ACTIONS_CACHE_SERVICE_V2\" = true ] || "
                        + "exit 6; [ -n \"$ACTIONS_RESULTS_URL\" ] || exit 5; for a; do if [ \"$prev\" = --metadata-file ]; then "
                        + "printf '{\"containerimage.digest\":\""
                        + DIGEST
                        + "\"}' > \"$a\"; fi; prev=$a; done")));
    assertThat(docker.build(spec(true), work, Map.of()).digest()).isEqualTo(DIGEST);
    assertThat(argvs.stream().flatMap(List::stream)).noneMatch(a -> a.contains(RUNTIME_TOKEN));
    assertThat(
            DockerBuildx.cacheEnvironment(
                spec(true),
                Map.of(
                    "ACTIONS_RUNTIME_TOKEN",
                    "t",
                    "ACTIONS_CACHE_URL",
                    "https://artifactcache.example/")))
        .containsOnly(
            Map.entry("ACTIONS_RUNTIME_TOKEN", "t"),
            Map.entry("ACTIONS_CACHE_URL", "https://artifactcache.example/"));
    BuildSpec registryCache =
        withFeatures(
            BuildFeatures.NONE,
            List.of("linux/amd64"),
            List.of("ghcr.io/acme/c"),
            List.of("type=inline"));
    assertThat(DockerBuildx.cacheEnvironment(registryCache, Map.of("ACTIONS_RUNTIME_TOKEN", "t")))
        .isEmpty();
  }

  BuildSpec withFeatures(
      BuildFeatures f, List<String> platforms, List<String> cacheFrom, List<String> cacheTo) {
    return new BuildSpec(
        Path.of("ctx"),
        null,
        List.of(ImageReference.parse("ghcr.io/acme/web:v1")),
        Map.of(),
        Map.of(),
        Map.of(),
        null,
        platforms,
        cacheFrom,
        cacheTo,
        true,
        null,
        f);
  }

  @Test
  void theDaemonsOwnBuilderIsKeptWhenItCanDoTheBuild() {
    DockerBuildx docker = new DockerBuildx(runner("exit 0"));
    // one platform, registry or inline cache: the docker driver does it, no builder is made
    assertThat(
            docker.commands(
                withFeatures(
                    BuildFeatures.NONE,
                    List.of("linux/amd64"),
                    List.of("ghcr.io/acme/c"),
                    List.of("type=inline")),
                work))
        .singleElement()
        .satisfies(a -> assertThat(a).doesNotContain("--builder"));
    // a named builder is used as it is, never created or removed
    BuildFeatures named =
        new BuildFeatures(false, true, true, "", "", List.of(), List.of(), Map.of(), "ci-builder");
    assertThat(
            docker.commands(withFeatures(named, List.of(), List.of(), List.of("type=gha")), work))
        .singleElement()
        .satisfies(
            a ->
                assertThat(a)
                    .containsSequence("--builder", "ci-builder")
                    .contains("--no-cache", "--pull"));
    // default: the daemon's builder even for a gha export (a runner whose daemon uses the
    // containerd store)
    BuildFeatures daemon =
        new BuildFeatures(false, false, false, "", "", List.of(), List.of(), Map.of(), "default");
    assertThat(
            docker.commands(withFeatures(daemon, List.of(), List.of(), List.of("type=gha")), work))
        .hasSize(1);
  }

  @Test
  void pushByDigestAttestationsAndAnnotations(@TempDir Path ws) throws Exception {
    Path npmrc =
        java.nio.file.Files.writeString(ws.resolve(".npmrc"), "//registry.npmjs.org/:_authToken=x");
    BuildFeatures f =
        new BuildFeatures(
            true,
            false,
            false,
            "true",
            "mode=max",
            List.of(
                "org.opencontainers.image.description=Web",
                "index:org.opencontainers.image.vendor=Acme"),
            List.of("shared=../shared"),
            Map.of("npmrc", npmrc),
            "auto");
    List<String> build =
        new DockerBuildx(runner("exit 0"))
            .commands(withFeatures(f, List.of("linux/arm64"), List.of(), List.of()), work)
            .get(1);
    assertThat(build)
        .containsSequence("--build-context", "shared=../shared")
        .containsSequence("--secret", "id=npmrc,src=" + npmrc)
        .containsSequence("--annotation", "org.opencontainers.image.description=Web")
        .containsSequence("--annotation", "index:org.opencontainers.image.vendor=Acme")
        .contains("--sbom=true", "--provenance=mode=max")
        .containsSequence(
            "--output",
            "type=image,name=ghcr.io/acme/web,push-by-digest=true,name-canonical=true,push=true")
        .doesNotContain("--tag", "--push");
  }
}
