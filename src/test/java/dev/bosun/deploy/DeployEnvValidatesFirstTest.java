package dev.bosun.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.cli.Composition;
import dev.bosun.deploy.kubernetes.KubeStandIn;
import dev.bosun.deploy.target.Polling;
import dev.bosun.testing.ActionHarness;
import dev.bosun.testing.ActionHarness.Result;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 19, item 8: deploy-env checks every input before its first network call, in every mode
 * (deploy, promote, rollback, plan, status) and on every target. Each case gives one bad input and
 * asserts exit 2 with an error naming it, and that nothing was asked: no request reached WireMock
 * (GitHub, Azure, Railway, Vercel, Argo CD), no connection reached the loopback tripwire that
 * stands where the git server, the SSH host and the Kubernetes API would be, and the registry was
 * not read.
 */
class DeployEnvValidatesFirstTest extends DeploySandbox {

  /** A loopback port that counts every connection and answers none. */
  static final class Tripwire implements AutoCloseable {
    final ServerSocket socket;
    final AtomicInteger connections = new AtomicInteger();

    Tripwire() throws IOException {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread t =
          new Thread(
              () -> {
                while (!socket.isClosed()) {
                  try (Socket s = socket.accept()) {
                    connections.incrementAndGet();
                  } catch (IOException e) {
                    return;
                  }
                }
              },
              "tripwire");
      t.setDaemon(true);
      t.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  static final String IMAGE = "ghcr.io/acme/api:v1.4.0";
  Tripwire tripwire;
  FakeImages images = new FakeImages().with(IMAGE, "sha256:" + "2".repeat(64), Map.of());

  @BeforeEach
  void tripwire() throws IOException {
    tripwire = new Tripwire();
    Files.writeString(dir.resolve("broken-checks.yml"), "checks: [ {url: \n  - : :\n");
  }

  @AfterEach
  void closeTripwire() throws IOException {
    tripwire.close();
  }

  /** One environment {@code production} of each target, every outside system on loopback. */
  String environment(String target) {
    String keys =
        switch (target) {
          case "azure-container-apps" ->
              "subscription: 250423f6-1a79-4c0b-bddb-885fbfa85b53\n    resource-group: rg-shop\n"
                  + "    apps: { api: aca-shop-api }";
          case "compose" ->
              "host: deploy@127.0.0.1:"
                  + tripwire.port()
                  + "\n    dir: /srv/shop\n    apps: { api: api }";
          case "railway" ->
              "project: "
                  + RailwayStubs.PROJECT
                  + "\n    environment-id: "
                  + RailwayStubs.ENVIRONMENT
                  + "\n    apps: { api: "
                  + RailwayStubs.SERVICE
                  + " }";
          case "vercel" ->
              "team: " + VercelStubs.TEAM + "\n    apps: { api: " + VercelStubs.PROJECT + " }";
          case "kubernetes" -> "namespace: api\n    apps: { api: deployment/api }";
          case "gitops" ->
              "repo: https://127.0.0.1:"
                  + tripwire.port()
                  + "/acme/deploy.git\n    file: apps/api/kustomization.yaml\n    format: kustomize\n"
                  + "    wait: argocd\n    argocd: { server: "
                  + wm.baseUrl()
                  + ", app: api-prod }\n    apps: { api: ghcr.io/acme/api }";
          default -> throw new IllegalArgumentException(target);
        };
    return "  production:\n    target: " + target + "\n    " + keys + "\n";
  }

  /** The target's own (good) inputs. */
  Map<String, String> targetInputs(String target) {
    Map<String, String> in = new LinkedHashMap<>();
    switch (target) {
      case "azure-container-apps" -> {
        in.put("azure-client-id", "9f1c0d7e-1111-4222-8333-944455556666");
        in.put("azure-tenant-id", "4f1a2b3c-aaaa-4bbb-8ccc-9ddd0eee1fff");
        in.put("azure-client-secret", "az-secret-never-used");
      }
      case "compose" -> {
        in.put("ssh-key", KubeStandIn.text("client-rsa.key"));
        in.put(
            "ssh-known-hosts",
            "[127.0.0.1]:"
                + tripwire.port()
                + " ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl");
      }
      case "railway" -> in.put("railway-token", RailwayStubs.TOKEN);
      case "vercel" -> {
        in.put("vercel-token", VercelStubs.TOKEN);
        in.put("sha", DeployEnvCommandTest.SHA);
      }
      case "kubernetes" ->
          in.put(
              "kubeconfig",
              KubeStandIn.kubeconfig(
                  "https://127.0.0.1:" + tripwire.port(), KubeStandIn.tokenUser("kube-token-1")));
      case "gitops" -> {
        in.put("gitops-token", "github_pat_validation0token");
        in.put("argocd-token", "argocd-validation-token");
      }
      default -> throw new IllegalArgumentException(target);
    }
    return in;
  }

  static final List<String> TARGETS =
      List.of("azure-container-apps", "compose", "railway", "vercel", "kubernetes", "gitops");

  /**
   * The bad input of each mode, and the input the error must name: a smoke checks file that does
   * not parse (deploy, rollback, plan), an owner/name without a slash (promote, status).
   */
  static Stream<Arguments> cases() {
    List<Arguments> all = new ArrayList<>();
    for (String target : TARGETS) {
      all.add(Arguments.of(target, "deploy", "smoke-checks-file"));
      all.add(Arguments.of(target, "promote", "repository"));
      all.add(Arguments.of(target, "rollback", "smoke-checks-file"));
      all.add(Arguments.of(target, "plan", "smoke-checks-file"));
      all.add(Arguments.of(target, "plan", "repository"));
      all.add(Arguments.of(target, "status", "repository"));
    }
    return all.stream();
  }

  Result run(ActionHarness h) {
    DeploySystems systems =
        new DeploySystems(
                azure.settings(),
                time,
                time,
                Polling.standard(),
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
                (rt, access, az) -> images,
                rt -> new EngineSmokeRunner(rt, time, time))
            .withEndpoint("railway", wm.baseUrl() + "/graphql/v2")
            .withEndpoint("vercel", wm.baseUrl());
    return h.run(Composition.real().withDeploy(systems), "deploy-env");
  }

  @ParameterizedTest(name = "{0} {1}: bad {2}")
  @MethodSource("cases")
  void aBadInputStopsTheRunBeforeAnyCall(String target, String mode, String bad)
      throws IOException {
    // given: a valid environment (promote: one with an upstream to promote from)
    String config =
        "environments:\n"
            + (mode.equals("promote")
                ? environment(target).replace("production", "stage")
                    + environment(target)
                        .replace(
                            "    target: " + target,
                            "    target: " + target + "\n    promote-from: [stage]")
                : environment(target));
    Files.writeString(dir.resolve(".github/bosun.yml"), config);
    ActionHarness h =
        new ActionHarness(dir)
            .env("GITHUB_API_URL", github.api())
            .input("environment", "production")
            .input("github-token", GitHubStubs.TOKEN)
            .input("mode", mode.equals("promote") ? "deploy" : mode);
    targetInputs(target).forEach(h::input);
    if (!target.equals("vercel") && !mode.equals("status") && !mode.equals("rollback")) {
      h.input("image", IMAGE);
    }
    if (bad.equals("smoke-checks-file")) {
      h.input("smoke-checks-file", "broken-checks.yml");
    } else {
      h.input("repository", "no-slash");
    }

    // when
    Result r = run(h);

    // then
    assertThat(r.exitCode()).as(r.everything()).isEqualTo(2);
    assertThat(r.stdout()).as(r.everything()).contains("::error title=" + bad + "::");
    assertThat(wm.getAllServeEvents()).as("requests to WireMock").isEmpty();
    assertThat(tripwire.connections.get()).as("connections to git, SSH or Kubernetes").isZero();
    assertThat(images.asked).as("registry reads").isEmpty();
  }

  @Test
  void statusChecksEveryEnvironmentsInputsBeforeReadingAny() throws IOException {
    // given: two environments; the second one waits for Argo CD, and argocd-token is missing, which
    // must be found before the first one's Container App is read
    String second = environment("gitops").replace("production", "production-eu");
    Files.writeString(
        dir.resolve(".github/bosun.yml"),
        "environments:\n" + environment("azure-container-apps") + second);
    ActionHarness h =
        new ActionHarness(dir)
            .env("GITHUB_API_URL", github.api())
            .input("github-token", GitHubStubs.TOKEN)
            .input("mode", "status")
            .input("gitops-token", "github_pat_validation0token");
    targetInputs("azure-container-apps").forEach(h::input);

    // when
    Result r = run(h);

    // then
    assertThat(r.exitCode()).as(r.everything()).isEqualTo(2);
    assertThat(r.stdout()).contains("::error title=argocd-token::");
    assertThat(wm.getAllServeEvents()).isEmpty();
    assertThat(tripwire.connections.get()).isZero();
  }
}
