package dev.bosun.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.cli.Composition;
import dev.bosun.deploy.compose.ComposeHost;
import dev.bosun.image.registry.RegistryClient;
import dev.bosun.support.Sleeper;
import dev.bosun.testing.ActionHarness;
import dev.bosun.testing.ActionHarness.Result;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code target: compose} end to end with real parts: the deploy-env command talks over SSH to
 * OpenSSH's sshd on loopback, which runs Debian's docker-compose (v1) against podman's Docker API,
 * pulling busybox httpd images (v1, v2) from a real docker-registry. Only GitHub is WireMock (REST
 * reference: https://docs.github.com/en/rest/deployments/deployments). One host serves the class;
 * each test has its own slots.
 */
@Timeout(value = 30, unit = java.util.concurrent.TimeUnit.MINUTES)
class ComposeDeployTest extends DeploySandbox {

  @TempDir static Path hostDir;
  static ComposeHost host;
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void startHost() throws Exception {
    String missing = ComposeHost.missing();
    Assumptions.assumeTrue(missing == null, () -> "compose end-to-end test skipped: " + missing);
    host = new ComposeHost(hostDir);
  }

  @AfterAll
  static void stopHost() {
    if (host != null) {
      host.close();
    }
  }

  /** A slot: its own folder (the team's compose file) and published port. */
  record Slot(String name, Path dir, int port) {
    String url(String path) {
      return "http://127.0.0.1:" + port + path;
    }
  }

  Slot slot(String name) throws IOException {
    Path d = Files.createDirectories(hostDir.resolve("slots/" + name));
    Files.createDirectories(d.resolve("out"));
    int port;
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    // the team's own file: the image there is only a default, bosun pins the digest in
    // .bosun/<project>.yml
    Files.writeString(
        d.resolve("docker-compose.yml"),
        """
        services:
          web:
            image: %s/shop/web:v1
            ports: ["127.0.0.1:%d:8080"]
            volumes: ["./out:/out"]
        """
            .formatted(host.registryHost(), port));
    return new Slot(name, d, port);
  }

  String environment(Slot s, String extra) {
    return """
          %s:
            target: compose
            host: %s
            dir: %s
            project: shop-%s
            compose-command: docker-compose
            apps: { web: web }
            url: %s
        """
            .formatted(s.name(), host.host(), s.dir(), s.name(), s.url(""))
        + extra;
  }

  int runs;

  /**
   * Runs deploy-env in a fresh workspace holding {@code config}, reading images from {@code
   * images}.
   */
  Result run(String config, ImageInspector images, Map<String, String> inputs) throws IOException {
    Path ws = Files.createDirectories(dir.resolve("run-" + (++runs)));
    Files.createDirectories(ws.resolve(".github"));
    Files.writeString(
        ws.resolve(".github/bosun.yml"),
        "registry: " + host.registryHost() + "\nenvironments:\n" + config);
    ActionHarness h =
        new ActionHarness(ws)
            .env("GITHUB_API_URL", github.api())
            .input("github-token", GitHubStubs.TOKEN)
            .input("ssh-key", host.privateKey())
            .input("ssh-known-hosts", host.knownHosts())
            .input("wait-timeout", "5m");
    inputs.forEach(h::input);
    DeploySystems wiring =
        new DeploySystems(
            azure.settings(),
            Clock.systemUTC(),
            Sleeper.REAL,
            dev.bosun.deploy.target.Polling.standard(),
            HTTP,
            (rt, access, az) -> images,
            rt -> new EngineSmokeRunner(rt, Sleeper.REAL, Clock.systemUTC()));
    Result r = h.run(Composition.real().withDeploy(wiring), "deploy-env");
    assertSshKeyNowhere(r);
    return r;
  }

  Result run(String config, Map<String, String> inputs) throws IOException {
    return run(
        config,
        new RegistryImages(new RegistryClient(registry -> Optional.empty(), line -> {})),
        inputs);
  }

  void assertSshKeyNowhere(Result r) throws IOException {
    String everything = r.everything();
    for (String line : host.privateKey().lines().toList()) {
      if (line.length() > 20 && !line.startsWith("-----")) {
        assertThat(everything).as("a line of ssh-key").doesNotContain(line);
      }
    }
  }

  static String get(String url) {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() + " " + r.body().trim();
    } catch (IOException e) {
      return "down: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A deployment's payload as deploy-env records it for this environment's one app. */
  static String payload(String image, String digest, String version) {
    return "{\"image\": \""
        + image
        + "\", \"digest\": \""
        + digest
        + "\", \"tag\": \""
        + version
        + "\", \"apps\": {\"web\": \"web\"}}";
  }

  String image(String version) {
    return host.registryHost() + "/shop/web:" + version;
  }

  String pinned(String version) {
    return host.registryHost() + "/shop/web@" + host.digest(version);
  }

  /**
   * The container of the slot's web service: ID, image ID, state and start time, as the engine
   * shows them.
   */
  String container(Slot s) throws Exception {
    String id =
        host.docker(
                "ps", "-a", "-q", "--filter", "label=com.docker.compose.project=shop-" + s.name())
            .trim();
    return id.isEmpty()
        ? ""
        : host.docker(
                "inspect",
                "--format",
                "{{.Id}} {{.Image}} {{.State.Status}} " + "{{.State.StartedAt}}",
                id)
            .trim();
  }

  @Test
  void deploysUpgradesRollsBackAndRefusesWhatWouldBreakTheHost() throws Exception {
    Slot s = slot("staging-1");
    String config = environment(s, "");
    github.createDeployment(s.name());

    // given nothing runs yet, when v1 is deployed, then it serves v1 from the v1 digest
    Result v1 =
        run(
            config,
            Map.of("environment", s.name(), "image", image("v1"), "smoke-url", s.url("/health")));
    assertThat(v1.exitCode()).as(v1.everything()).isZero();
    assertThat(v1.outputs())
        .containsEntry("digest", host.digest("v1"))
        .containsEntry("rolled-back", "false");
    assertThat(get(s.url("/version"))).isEqualTo("200 v1");
    assertThat(Files.readString(s.dir().resolve(".bosun/shop-staging-1.yml")))
        .contains(pinned("v1"));
    assertThat(s.dir().resolve(".bosun/shop-staging-1.next.yml")).doesNotExist();
    assertThat(v1.summary()).contains("| app | service | previous image | new image |");

    // when v2 is deployed and its smoke check fails, then it rolls back to v1 by itself
    Result bad =
        run(
            config,
            Map.of(
                "environment",
                s.name(),
                "image",
                image("v2"),
                "smoke-url",
                s.url("/missing"),
                "smoke-timeout",
                "5s"));
    assertThat(bad.exitCode()).as(bad.everything()).isEqualTo(1);
    assertThat(bad.outputs()).containsEntry("rolled-back", "true");
    assertThat(get(s.url("/version"))).isEqualTo("200 v1");
    assertThat(Files.readString(s.dir().resolve(".bosun/shop-staging-1.yml")))
        .contains(pinned("v1"))
        .doesNotContain(host.digest("v2"));

    // when v2 is deployed with a passing smoke check, then it serves v2 from the v2 digest
    Result v2 =
        run(
            config,
            Map.of("environment", s.name(), "image", image("v2"), "smoke-url", s.url("/version")));
    assertThat(v2.exitCode()).as(v2.everything()).isZero();
    assertThat(get(s.url("/version"))).isEqualTo("200 v2");
    String running = container(s);
    String v2ImageId = host.docker("image", "inspect", "--format", "{{.Id}}", pinned("v2")).trim();
    assertThat(running).contains(" " + v2ImageId + " running ");

    // status shows the running digest per app
    github.deployments(
        s.name(),
        github.deployment(
            12, s.name(), DeployEnvCommandTest.SHA, payload(pinned("v2"), host.digest("v2"), "v2")),
        github.deployment(
            11,
            s.name(),
            DeployEnvCommandTest.SHA,
            payload(pinned("v1"), host.digest("v1"), "v1")));
    github.statuses(12, "success");
    github.statuses(11, "success");
    Result status = run(config, Map.of("mode", "status", "environment", s.name()));
    assertThat(status.exitCode()).as(status.everything()).isZero();
    assertThat(status.summary())
        .contains("| environment | app | service |")
        .contains(host.digest("v2").substring(0, 19));

    // plan reads the host and changes nothing on it
    String pins = Files.readString(s.dir().resolve(".bosun/shop-staging-1.yml"));
    Result plan =
        run(config, Map.of("mode", "plan", "environment", s.name(), "image", image("v1")));
    assertThat(plan.exitCode()).as(plan.everything()).isZero();
    assertThat(plan.stdout())
        .contains("pin web to " + host.digest("v1"))
        .contains("Plan only: nothing was changed.");
    assertThat(container(s)).isEqualTo(running);
    assertThat(Files.readString(s.dir().resolve(".bosun/shop-staging-1.yml"))).isEqualTo(pins);
    try (var files = Files.list(s.dir().resolve(".bosun"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("shop-staging-1.yml");
    }

    // an image digest the host cannot pull is refused before anything restarts: v2 keeps serving
    String missing = "sha256:" + "0123456789abcdef".repeat(4);
    FakeImages ghost = new FakeImages().with(image("v9"), missing, Map.of());
    Result refused = run(config, ghost, Map.of("environment", s.name(), "image", image("v9")));
    assertThat(refused.exitCode()).as(refused.everything()).isEqualTo(1);
    assertThat(refused.everything())
        .contains("is not on 127.0.0.1")
        .contains("Nothing was restarted");
    assertThat(container(s)).isEqualTo(running);
    assertThat(get(s.url("/version"))).isEqualTo("200 v2");

    // an unknown host key is refused before logging in: nothing runs on the host
    long logins = host.logins();
    Result stranger =
        run(
            config,
            Map.of(
                "environment",
                s.name(),
                "image",
                image("v1"),
                "ssh-known-hosts",
                host.wrongKnownHosts()));
    assertThat(stranger.exitCode()).as(stranger.everything()).isEqualTo(1);
    assertThat(stranger.everything()).contains("is not in ssh-known-hosts").contains("ssh-keyscan");
    assertThat(host.logins()).isEqualTo(logins);
    assertThat(container(s)).isEqualTo(running);

    // mode: rollback puts the previous good deployment (v1) back
    Result back = run(config, Map.of("mode", "rollback", "environment", s.name()));
    assertThat(back.exitCode()).as(back.everything()).isZero();
    assertThat(back.outputs()).containsEntry("rollback-to", pinned("v1"));
    assertThat(get(s.url("/version"))).isEqualTo("200 v1");
  }

  @Test
  void theReleaseCommandRunsOnceWithTheNewImageAndItsFailureStopsTheDeploy() throws Exception {
    // slots that run nothing yet: Compose v1's 'run' beside a running container of the service
    // needs container
    // links, which podman's API does not have (Docker's does)
    Slot ok = slot("staging-2");
    Slot failing = slot("staging-3");
    String release =
        "    release: { app: web, command: [/bin/busybox, sh, -c, %s], timeout: 2m }\n";
    String config =
        environment(ok, release.formatted("'cat /www/version >> /out/release.log; echo migrated'"))
            + environment(failing, release.formatted("'echo migrating; echo boom >&2; exit 3'"));
    github.createDeployment(ok.name());

    Result r = run(config, Map.of("environment", ok.name(), "image", image("v2")));
    assertThat(r.exitCode()).as(r.everything()).isZero();
    assertThat(Files.readString(ok.dir().resolve("out/release.log"))).isEqualTo("v2\n");
    assertThat(r.stdout()).contains("migrated");
    assertThat(get(ok.url("/version"))).isEqualTo("200 v2");

    Result f = run(config, Map.of("environment", failing.name(), "image", image("v2")));
    assertThat(f.exitCode()).as(f.everything()).isEqualTo(1);
    assertThat(f.everything())
        .contains("exited 3")
        .contains("boom")
        .contains("nothing was rolled out");
    assertThat(container(failing)).isEmpty();
    assertThat(get(failing.url("/version"))).startsWith("down");
  }

  @Test
  void badSshInputsAreRefusedBeforeAnyConnection() throws Exception {
    Slot s = slot("staging-9");
    long logins = host.logins();
    Result noHosts =
        run(
            environment(s, ""),
            Map.of("environment", s.name(), "image", image("v1"), "ssh-known-hosts", " "));
    assertThat(noHosts.exitCode()).isEqualTo(2);
    assertThat(noHosts.stdout()).contains("::error title=ssh-known-hosts::");
    Result publicKey =
        run(
            environment(s, ""),
            Map.of(
                "environment",
                s.name(),
                "image",
                image("v1"),
                "ssh-key",
                "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample deploy@ci"));
    assertThat(publicKey.exitCode()).isEqualTo(2);
    assertThat(publicKey.stdout())
        .contains("::error title=ssh-key::")
        .contains("is not a private key");
    Result wrongKey =
        run(
            environment(s, "").replace("target: compose", "target: compose\n    subscription: x"),
            Map.of("environment", s.name(), "image", image("v1")));
    assertThat(wrongKey.exitCode()).isEqualTo(2);
    assertThat(wrongKey.stdout())
        .contains("environments.staging-9.subscription is not a key of target compose");
    assertThat(host.logins()).isEqualTo(logins);
  }
}
