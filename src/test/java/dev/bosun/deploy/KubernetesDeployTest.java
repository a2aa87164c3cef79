package dev.bosun.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.cli.Composition;
import dev.bosun.deploy.kubernetes.KubeStandIn;
import dev.bosun.testing.ActionHarness;
import dev.bosun.testing.ActionHarness.Result;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * deploy-env on {@code target: kubernetes}, end to end against the HTTPS Kubernetes API stand-in in
 * which the test plays the Deployment controller; GitHub's ledger in WireMock.
 */
class KubernetesDeployTest extends DeploySandbox {

  static final String TOKEN = "kube-sa-token-9d81c0";
  static final String OLD = "ghcr.io/acme/api@sha256:" + "1".repeat(64);
  static final String DIGEST = "sha256:" + "2".repeat(64);
  static final String NEW = "ghcr.io/acme/api@" + DIGEST;
  static final String IMAGE = "ghcr.io/acme/api:v1.4.0";

  KubeStandIn cluster;
  FakeImages images = new FakeImages().with(IMAGE, DIGEST, Map.of());

  @BeforeEach
  void cluster() throws Exception {
    cluster = new KubeStandIn(Optional.of(TOKEN));
    cluster.deployment("api", "api", "web", OLD);
    config("namespace: api");
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  void config(String keys) throws Exception {
    Files.writeString(
        dir.resolve(".github/bosun.yml"),
        """
        environments:
          production:
            target: kubernetes
            %s
            apps: { api: deployment/api }
        """
            .formatted(keys));
  }

  Result run(ActionHarness h) {
    DeploySystems wiring =
        new DeploySystems(
            azure.settings(),
            time,
            time,
            dev.bosun.deploy.target.Polling.standard(),
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
            (rt, access, az) -> images,
            rt -> new EngineSmokeRunner(rt, time, time));
    return h.run(Composition.real().withDeploy(wiring), "deploy-env");
  }

  ActionHarness harness(String kubeconfig) {
    return new ActionHarness(dir)
        .env("GITHUB_API_URL", github.api())
        .input("environment", "production")
        .input("image", IMAGE)
        .input("github-token", GitHubStubs.TOKEN)
        .input("kubeconfig", kubeconfig);
  }

  String tokenConfig() {
    return KubeStandIn.kubeconfig(cluster.url(), KubeStandIn.tokenUser(TOKEN));
  }

  @Test
  void setsTheImageByDigestAndWaitsForTheRollout() {
    github.createDeployment("production");

    Result r = run(harness(tokenConfig()));

    assertThat(r.exitCode()).as(r.everything()).isZero();
    assertThat(cluster.image("api", "api")).isEqualTo(NEW);
    assertThat(cluster.writes())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.contentType()).isEqualTo("application/strategic-merge-patch+json");
              assertThat(c.body()).contains("{\"name\":\"web\",\"image\":\"" + NEW + "\"}");
            });
    assertThat(r.stdout())
        .contains("deployment \\\"api\\\" successfully rolled out".replace("\\\"", "\""));
    assertThat(r.outputs()).containsEntry("digest", DIGEST).containsEntry("rolled-back", "false");
    assertThat(r.everything().replaceAll("::add-mask::.*", ""))
        .doesNotContain(TOKEN)
        .doesNotContain("certificate-authority-data");
  }

  @Test
  void progressDeadlineExceededFailsAndRollsBackToThePreviousReplicaSet() {
    github.createDeployment("production");
    cluster.broken.add(NEW);

    Result r = run(harness(tokenConfig()));

    assertThat(r.exitCode()).as(r.everything()).isEqualTo(1);
    assertThat(r.stdout()).contains("exceeded its progress deadline");
    assertThat(r.outputs()).containsEntry("rolled-back", "true");
    assertThat(cluster.image("api", "api")).isEqualTo(OLD);
    assertThat(cluster.writes()).hasSize(2);
    assertThat(cluster.writes().get(1).contentType()).isEqualTo("application/json-patch+json");
  }

  @Test
  void signsInWithAClientCertificate() {
    github.createDeployment("production");
    try (KubeStandIn certOnly = newCertCluster()) {
      certOnly.deployment("api", "api", "web", OLD);
      String key = KubeStandIn.text("client-rsa.key");

      Result r = run(harness(KubeStandIn.kubeconfig(certOnly.url(), KubeStandIn.certUser("rsa"))));

      assertThat(r.exitCode()).as(r.everything()).isZero();
      assertThat(certOnly.image("api", "api")).isEqualTo(NEW);
      assertThat(certOnly.calls)
          .allSatisfy(c -> assertThat(c.clientCn()).contains("CN=bosun-deployer"));
      String body = key.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
      assertThat(r.everything()).doesNotContain(body);
    }
  }

  static KubeStandIn newCertCluster() {
    try {
      return new KubeStandIn(Optional.empty());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void planChangesNothing() {
    Result r = run(harness(tokenConfig()).input("mode", "plan"));

    assertThat(r.exitCode()).as(r.everything()).isZero();
    assertThat(r.stdout()).contains("set the image of container web");
    assertThat(cluster.writes()).isEmpty();
  }

  @Test
  void aKeyOfAnotherTargetIsBadInputBeforeAnyCall() throws Exception {
    config("namespace: api\n    resource-group: rg-shop");

    Result r = run(harness(tokenConfig()));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout())
        .contains("environments.production.resource-group is not a key of target kubernetes");
    assertThat(cluster.calls).isEmpty();
  }

  @Test
  void aMissingExecPluginIsBadInputNamingIt() {
    String exec =
        "exec:\n  apiVersion: client.authentication.k8s.io/v1\n  command: kubelogin-not-installed\n"
            + "  args: [get-token]\n";

    Result r =
        run(harness(KubeStandIn.kubeconfig(cluster.url(), exec)).env("PATH", "/usr/bin:/bin"));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout())
        .contains("::error title=kubeconfig::")
        .contains("kubelogin-not-installed");
    assertThat(cluster.calls).isEmpty();
  }
}
