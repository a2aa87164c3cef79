package dev.bosun.deploy.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.deploy.FakeTime;
import dev.bosun.support.BadInputException;
import dev.bosun.support.CheckFailedException;
import dev.bosun.support.OutsideSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes REST adapter and kubectl's rollout rules against the HTTPS API stand-in, in which
 * the test plays the Deployment controller; signed in with a token, client certificates (RSA and
 * EC) and an exec plugin.
 */
class RolloutsTest {

  static final String NS = "api";
  static final String OLD = "ghcr.io/acme/api@sha256:" + "1".repeat(64);
  static final String NEW = "ghcr.io/acme/api@sha256:" + "2".repeat(64);
  static final String TOKEN = "kube-token-s3cret";

  @TempDir Path dir;
  FakeTime time = new FakeTime(Instant.parse("2026-11-29T10:00:00Z"));
  List<String> log = new ArrayList<>();
  List<String> masked = new ArrayList<>();
  KubeStandIn cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  Rollouts rollouts(String kubeconfigText) {
    Kubeconfig config = Kubeconfig.parse(kubeconfigText, dir, "/usr/bin:/bin");
    return new Rollouts(
        new KubeRest(config, masked::add, log::add, time, time),
        time,
        time,
        log::add,
        new Rollouts.Polling(Duration.ofSeconds(2), Duration.ofSeconds(10)));
  }

  @Test
  void setImageSendsKubectlsStrategicMergePatchAndWaitsUntilRolledOut() throws Exception {
    // given
    cluster = new KubeStandIn(Optional.of(TOKEN));
    cluster.deployment(NS, "api", "web", OLD);
    Rollouts r = rollouts(KubeStandIn.kubeconfig(cluster.url(), KubeStandIn.tokenUser(TOKEN)));
    AppRef ref = AppRef.parse("apps.api", "deployment/api");

    // when
    boolean changed = r.setImage(NS, ref, NEW);
    Deployment done = r.waitRolledOut(NS, ref, Duration.ofMinutes(5));

    // then
    assertThat(changed).isTrue();
    assertThat(cluster.writes())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.method()).isEqualTo("PATCH");
              assertThat(c.path()).isEqualTo("/apis/apps/v1/namespaces/api/deployments/api");
              assertThat(c.contentType()).isEqualTo("application/strategic-merge-patch+json");
              assertThat(c.body())
                  .isEqualTo(
                      "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\","
                          + "\"image\":\""
                          + NEW
                          + "\"}]}}}}");
            });
    assertThat(cluster.calls)
        .allSatisfy(c -> assertThat(c.authorization()).isEqualTo("Bearer " + TOKEN));
    assertThat(done.containers()).containsEntry("web", NEW);
    assertThat(done.revision()).contains(2L);
    assertThat(log)
        .contains(
            "deployment/api: 0 out of 2 new replicas have been updated",
            "deployment/api: 1 out of 2 new replicas have been updated",
            "deployment/api: 1 old replicas are pending " + "termination");
    assertThat(log)
        .last()
        .asString()
        .startsWith("deployment/api: deployment \"api\" successfully rolled out");
    assertThat(String.join("\n", log)).doesNotContain(TOKEN);
  }

  @Test
  void progressDeadlineExceededFailsWithTheReasonAndUndoRestoresThePreviousTemplate()
      throws Exception {
    // given
    cluster = new KubeStandIn(Optional.of(TOKEN));
    cluster.deployment(NS, "api", "web", OLD);
    cluster.broken.add(NEW);
    Rollouts r = rollouts(KubeStandIn.kubeconfig(cluster.url(), KubeStandIn.tokenUser(TOKEN)));
    AppRef ref = AppRef.parse("apps.api", "deployment/api:web");
    r.setImage(NS, ref, NEW);

    // when
    assertThatThrownBy(() -> r.waitRolledOut(NS, ref, Duration.ofMinutes(10)))
        .isInstanceOf(CheckFailedException.class)
        .hasMessageContaining("deployment \"api\" exceeded its progress deadline")
        .hasMessageContaining("has timed out progressing");
    String restored = r.undo(NS, ref);
    Deployment after = r.waitRolledOut(NS, ref, Duration.ofMinutes(5));

    // then
    assertThat(restored).isEqualTo(OLD);
    assertThat(after.containers()).containsEntry("web", OLD);
    assertThat(after.revision()).contains(3L);
    KubeStandIn.Call undo = cluster.writes().get(1);
    assertThat(undo.contentType()).isEqualTo("application/json-patch+json");
    assertThat(undo.body())
        .startsWith("[{\"op\":\"replace\",\"path\":\"/spec/template\",\"value\":")
        .contains(OLD)
        .doesNotContain("pod-template-hash");
  }

  @Test
  void undoWithoutHistoryFailsClearly() throws Exception {
    cluster = new KubeStandIn(Optional.of(TOKEN));
    cluster.deployment(NS, "api", "web", OLD);
    Rollouts r = rollouts(KubeStandIn.kubeconfig(cluster.url(), KubeStandIn.tokenUser(TOKEN)));

    assertThatThrownBy(() -> r.undo(NS, AppRef.parse("apps.api", "deployment/api")))
        .isInstanceOf(CheckFailedException.class)
        .hasMessageContaining("no earlier ReplicaSet");
    assertThat(cluster.writes()).isEmpty();
  }

  @Test
  void timeoutNamesTheRolloutsLastState() throws Exception {
    cluster = new KubeStandIn(Optional.of(TOKEN));
    cluster.deployment(NS, "api", "web", OLD);
    cluster.broken.add(NEW);
    cluster.stallReads = 1000;
    Rollouts r = rollouts(KubeStandIn.kubeconfig(cluster.url(), KubeStandIn.tokenUser(TOKEN)));
    AppRef ref = AppRef.parse("apps.api", "deployment/api");
    r.setImage(NS, ref, NEW);

    assertThatThrownBy(() -> r.waitRolledOut(NS, ref, Duration.ofSeconds(20)))
        .isInstanceOf(CheckFailedException.class)
        .hasMessageContaining(
            "did not roll out within 20.0s: 1 out of 2 new replicas have been updated");
  }

  @Test
  void clientCertificatesWithRsaAndEcKeysSignIn() throws Exception {
    cluster = new KubeStandIn(Optional.empty());
    cluster.deployment(NS, "api", "web", OLD);
    for (String kind : List.of("rsa", "ec")) {
      Rollouts r = rollouts(KubeStandIn.kubeconfig(cluster.url(), KubeStandIn.certUser(kind)));
      assertThat(r.live(NS, AppRef.parse("apps.api", "deployment/api")).image()).isEqualTo(OLD);
    }
    assertThat(cluster.calls)
        .extracting(KubeStandIn.Call::clientCn)
        .anyMatch(cn -> cn.contains("CN=bosun-deployer"))
        .anyMatch(cn -> cn.contains("CN=bosun-ec"));
  }

  @Test
  void wrongTokenIsRefusedWithAHint() throws Exception {
    cluster = new KubeStandIn(Optional.of(TOKEN));
    cluster.deployment(NS, "api", "web", OLD);
    Rollouts r = rollouts(KubeStandIn.kubeconfig(cluster.url(), "token: not-the-token"));

    assertThatThrownBy(() -> r.live(NS, AppRef.parse("apps.api", "deployment/api")))
        .isInstanceOf(OutsideSystemException.class)
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining("token or certificate is current")
        .hasMessageNotContaining("not-the-token");
  }

  @Test
  void execPluginTokenIsUsedAndMasked() throws Exception {
    cluster = new KubeStandIn(Optional.of(TOKEN));
    cluster.deployment(NS, "api", "web", OLD);
    Path plugin = dir.resolve("fake-auth-plugin");
    // prints the ExecCredential kubectl expects; it checks that KUBERNETES_EXEC_INFO arrived
    Files.writeString(
        plugin,
        """
        #!/bin/sh
        case "$KUBERNETES_EXEC_INFO" in *ExecCredential*) ;; *) echo "no exec info" >&2; exit 3;; esac
        echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}'
        """
            .formatted(TOKEN));
    Files.setPosixFilePermissions(plugin, PosixFilePermissions.fromString("rwx------"));
    String user =
        """
        exec:
          apiVersion: client.authentication.k8s.io/v1
          command: ./fake-auth-plugin
          args: [token, --cluster, prod]
          interactiveMode: Never
        """;
    Rollouts r = rollouts(KubeStandIn.kubeconfig(cluster.url(), user));

    assertThat(r.live(NS, AppRef.parse("apps.api", "deployment/api")).image()).isEqualTo(OLD);
    assertThat(masked).containsExactly(TOKEN);
  }

  @Test
  void missingExecPluginIsBadInputBeforeAnyCall() {
    String user =
        """
        exec:
          apiVersion: client.authentication.k8s.io/v1beta1
          command: aws-iam-authenticator-not-here
          args: [token, -i, prod]
          installHint: Install aws-iam-authenticator from your package manager
        """;
    assertThatThrownBy(
            () ->
                Kubeconfig.parse(
                    KubeStandIn.kubeconfig("https://127.0.0.1:1", user), dir, "/usr/bin:/bin"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(
            "exec plugin 'aws-iam-authenticator-not-here', which is not installed here")
        .hasMessageContaining("Install aws-iam-authenticator");
  }

  @Test
  void brokenKubeconfigsAreBadInputNamingTheProblem() {
    assertThatThrownBy(() -> Kubeconfig.parse("apiVersion: v1\nclusters: []\n", dir, ""))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("has no current-context");
    assertThatThrownBy(
            () ->
                Kubeconfig.parse(
                    KubeStandIn.kubeconfig("https://x", KubeStandIn.tokenUser(TOKEN))
                        .replace("user: deployer", "user: nobody"),
                    dir,
                    ""))
        .hasMessageContaining("names user 'nobody', which is not in its users list");
    assertThatThrownBy(() -> Kubeconfig.parse("a: [\n  token: " + TOKEN, dir, ""))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("is not YAML")
        .hasMessageNotContaining(TOKEN);
    assertThatThrownBy(
            () ->
                Kubeconfig.parse(
                    KubeStandIn.kubeconfig(
                        "https://x",
                        "client-certificate-data: "
                            + KubeStandIn.b64(KubeStandIn.text("client-rsa.crt"))),
                    dir,
                    ""))
        .hasMessageContaining("without its key");
  }

  @Test
  void appRefsParseAndRejectWithTheExpectedForm() {
    assertThat(AppRef.parse("k", "deployment/api:web"))
        .isEqualTo(new AppRef("api", Optional.of("web")));
    assertThat(AppRef.parse("k", "deploy/api")).isEqualTo(new AppRef("api", Optional.empty()));
    assertThatThrownBy(() -> AppRef.parse("environments.prod.apps.api", "statefulset/api"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("environments.prod.apps.api is 'statefulset/api'")
        .hasMessageContaining("expected deployment/NAME");
  }
}
