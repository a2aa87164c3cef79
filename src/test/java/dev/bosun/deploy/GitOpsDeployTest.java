package dev.bosun.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.DeployEnvRun;
import dev.bosun.deploy.gitops.BareRepo;
import dev.bosun.testing.ActionHarness;
import dev.bosun.testing.ActionHarness.Result;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * deploy-env on {@code target: gitops}, end to end: a real bare GitOps repository (file://), Argo
 * CD's API in WireMock, GitHub's deployments ledger in WireMock. The commit, the exact file change,
 * the revert on failure.
 */
class GitOpsDeployTest extends DeploySandbox {

  static final String FILE = "apps/api/overlays/prod/kustomization.yaml";
  static final String OLD = "sha256:" + "1".repeat(64);
  static final String DIGEST = "sha256:" + "2".repeat(64);
  static final String IMAGE = "ghcr.io/acme/api:v1.4.0";
  static final String OVERLAY =
      """
      apiVersion: kustomize.config.k8s.io/v1beta1
      kind: Kustomization
      resources:
        - ../../base   # shared
      images:
        - name: ghcr.io/acme/api   # bosun pins this
          newTag: v1.3.0
          digest: %s
        - name: ghcr.io/acme/sidecar
          newTag: "2.1"
      """
          .formatted(OLD);
  static final String DEPLOYED =
      OVERLAY
          .replace("newTag: v1.3.0", "newTag: v1.4.0")
          .replace("digest: " + OLD, "digest: " + DIGEST);

  BareRepo origin;
  ArgoCdStandIn argo;
  FakeImages images =
      new FakeImages().with(IMAGE, DIGEST, Map.of("org.opencontainers.image.version", "v1.4.0"));

  @BeforeEach
  void gitopsRepository() throws Exception {
    origin = new BareRepo(dir.resolve("remote"), "main", FILE, OVERLAY);
    argo = new ArgoCdStandIn(origin.bare);
    argo.server.start();
    config("wait: argocd\n    argocd: { server: " + argo.url() + ", app: api-prod }");
  }

  @AfterEach
  void stopArgo() {
    argo.server.stop();
  }

  void config(String waitKeys) throws Exception {
    Files.writeString(
        dir.resolve(".github/bosun.yml"),
        """
        environments:
          production:
            target: gitops
            repo: %s
            branch: main
            file: %s
            format: kustomize
            via: commit
            %s
            apps: { api: ghcr.io/acme/api }
        """
            .formatted(origin.url(), FILE, waitKeys));
  }

  Result run(ActionHarness h) {
    DeployWiring wiring =
        new DeployWiring(
            azure.settings(),
            time,
            time,
            dev.bosun.deploy.target.Polling.standard(),
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
            (rt, access, az) -> images,
            rt -> new EngineSmokeRunner(rt, time, time));
    return DeployEnvRun.run(h, wiring);
  }

  ActionHarness harness() {
    return new ActionHarness(dir)
        .env("GITHUB_API_URL", github.api())
        .env("GITHUB_SERVER_URL", "https://github.com")
        .env("GITHUB_RUN_ID", "4242")
        .input("environment", "production")
        .input("image", IMAGE)
        .input("github-token", GitHubStubs.TOKEN)
        .input("argocd-token", ArgoCdStandIn.TOKEN);
  }

  @Test
  void commitsTheDigestAndWaitsUntilArgoCdIsSyncedAndHealthy() throws Exception {
    // given: Argo CD first still shows the old commit, then syncs the new one, then reports it
    // healthy
    github.createDeployment("production");
    argo.answers(
        ArgoCdStandIn.app(
            "OutOfSync",
            ArgoCdStandIn.OLD_REVISION,
            "Healthy",
            "",
            "Succeeded",
            "successfully synced"),
        ArgoCdStandIn.app(
            "Synced", "HEAD", "Progressing", "Waiting for rollout to finish", "Running", "running"),
        ArgoCdStandIn.app(
            "Synced", "HEAD", "Healthy", "", "Succeeded", "successfully synced (all tasks run)"));

    // when
    Result r = run(harness());

    // then
    assertThat(r.exitCode()).as(r.everything()).isZero();
    assertThat(origin.file("main", FILE)).isEqualTo(DEPLOYED);
    List<RevCommit> log = origin.log("main");
    assertThat(log).hasSize(2);
    assertThat(log.get(0).getFullMessage())
        .startsWith("deploy(production): api ")
        .contains("Image: ghcr.io/acme/api@" + DIGEST)
        .contains("Run: https://github.com/acme/shop/actions/runs/4242")
        .contains("Bosun-Digest: " + DIGEST);
    assertThat(
            argo.server.findAll(
                com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                    com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(
                        "/api/v1/applications/api-prod"))))
        .allSatisfy(
            req ->
                assertThat(req.getHeader("Authorization"))
                    .isEqualTo("Bearer " + ArgoCdStandIn.TOKEN))
        .first()
        .satisfies(req -> assertThat(req.getUrl()).endsWith("?refresh=normal"));
    assertThat(r.outputs()).containsEntry("digest", DIGEST).containsEntry("rolled-back", "false");
    assertThat(r.everything().replaceAll("::add-mask::.*", "")).doesNotContain(ArgoCdStandIn.TOKEN);
    assertThat(r.stdout())
        .contains(
            "Argo CD application api-prod is Synced at " + log.get(0).name().substring(0, 12));
  }

  @Test
  void degradedAfterSyncFailsWithArgosMessageAndRevertsOnlyBosunsCommit() throws Exception {
    // given: the new commit syncs but the app degrades; after the revert Argo CD is healthy again
    github.createDeployment("production");
    argo.answers(
        ArgoCdStandIn.app(
            "Synced",
            "HEAD",
            "Degraded",
            "Deployment \\\"api\\\" exceeded its progress deadline",
            "Succeeded",
            "successfully synced (all tasks run)"),
        ArgoCdStandIn.app(
            "Synced", "HEAD", "Healthy", "", "Succeeded", "successfully synced (all tasks run)"));

    // when
    Result r = run(harness());

    // then
    assertThat(r.exitCode()).as(r.everything()).isEqualTo(1);
    assertThat(r.stdout())
        .contains("Argo CD application api-prod is Degraded after syncing")
        .contains("exceeded its progress deadline");
    assertThat(r.outputs()).containsEntry("rolled-back", "true");
    assertThat(origin.file("main", FILE)).isEqualTo(OVERLAY);
    List<RevCommit> log = origin.log("main");
    assertThat(log).hasSize(3);
    assertThat(log.get(0).getFullMessage())
        .startsWith("Revert \"deploy(production): api")
        .contains("Bosun-Revert: " + log.get(1).name());
  }

  @Test
  void outOfSyncUntilTheTimeoutFailsNamingArgosState() throws Exception {
    github.createDeployment("production");
    argo.answers(
        ArgoCdStandIn.app(
            "OutOfSync", ArgoCdStandIn.OLD_REVISION, "Healthy", "", "Succeeded", "ok"));

    Result r = run(harness().input("wait-timeout", "2m").input("auto-rollback", "false"));

    assertThat(r.exitCode()).as(r.everything()).isEqualTo(1);
    assertThat(r.stdout())
        .contains("Argo CD application api-prod did not sync")
        .contains("sync OutOfSync at 000000000000, health Healthy");
    assertThat(origin.file("main", FILE)).isEqualTo(DEPLOYED);
  }

  @Test
  void planChangesNothing() throws Exception {
    Result r = run(harness().input("mode", "plan"));

    assertThat(r.exitCode()).as(r.everything()).isZero();
    assertThat(r.stdout()).contains("commit the digest to " + FILE + " on main");
    assertThat(origin.log("main")).hasSize(1);
    assertThat(argo.server.getAllServeEvents()).isEmpty();
  }

  @Test
  void aKeyOfAnotherTargetIsBadInputBeforeAnyCall() throws Exception {
    config(
        "wait: argocd\n    argocd: { server: "
            + argo.url()
            + ", app: api-prod }\n    namespace: api");

    Result r = run(harness());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout())
        .contains("::error")
        .contains(
            "environments.production.namespace is not a key of target "
                + "gitops (it belongs to target kubernetes)");
    assertThat(origin.log("main")).hasSize(1);
    assertThat(argo.server.getAllServeEvents()).isEmpty();
  }

  @Test
  void argoWithoutItsTokenIsBadInput() {
    Result r = run(harness().input("argocd-token", ""));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout()).contains("Input 'argocd-token' is required");
  }
}
