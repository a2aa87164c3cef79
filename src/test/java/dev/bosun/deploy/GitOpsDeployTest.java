package dev.bosun.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.cli.Composition;
import dev.bosun.deploy.gitops.BareRepo;
import dev.bosun.deploy.kubernetes.KubeStandIn;
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

  String repoUrl;

  void config(String waitKeys) throws Exception {
    config(repoUrl == null ? origin.url() : repoUrl, waitKeys);
  }

  void config(String repo, String waitKeys) throws Exception {
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
            .formatted(repo, FILE, waitKeys));
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

  static final String FLUX_TOKEN = "flux-reader-token-3b7d21";
  static final String KS =
      "/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/api-prod";

  /**
   * Flux's Kustomization through the Kubernetes API stand-in (the one the kubernetes target's tests
   * use), the test playing kustomize-controller: status.conditions[Ready] and
   * status.lastAppliedRevision as
   * https://fluxcd.io/flux/components/kustomize/kustomizations/#status shows them ({@code
   * main@sha1:<commit>}).
   */
  KubeStandIn flux(
      java.util.function.BiConsumer<com.fasterxml.jackson.databind.node.ObjectNode, String>
          controller)
      throws Exception {
    KubeStandIn cluster = new KubeStandIn(java.util.Optional.of(FLUX_TOKEN));
    String initial = "main@sha1:" + origin.log("main").get(0).name();
    cluster.kustomization(
        "flux-system",
        "api-prod",
        "True",
        "ReconciliationSucceeded",
        "Applied revision: " + initial,
        initial);
    cluster.controller(
        KubeStandIn.kustomizationPath("flux-system", "api-prod"),
        k -> controller.accept(k, ArgoCdStandIn.head(origin.bare)));
    config("wait: flux\n    flux: { namespace: flux-system, kustomization: api-prod }");
    return cluster;
  }

  List<RevCommit> history() {
    try {
      return origin.log("main");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void fluxWaitsUntilTheKustomizationIsReadyAtThePushedCommit() throws Exception {
    // given: kustomize-controller first still shows the old revision, then progresses, then is
    // Ready at the tip
    github.createDeployment("production");
    int[] reads = {0};
    try (KubeStandIn cluster =
        flux(
            (k, head) -> {
              reads[0]++;
              if (reads[0] == 2) {
                KubeStandIn.kustomizationStatus(
                    k,
                    "Unknown",
                    "Progressing",
                    "Reconciliation in progress",
                    "main@sha1:" + head,
                    k.path("status").path("lastAppliedRevision").asText());
              } else if (reads[0] >= 3) {
                KubeStandIn.kustomizationStatus(
                    k,
                    "True",
                    "ReconciliationSucceeded",
                    "Applied revision: main@sha1:" + head,
                    "main@sha1:" + head,
                    "main@sha1:" + head);
              }
            })) {
      // when
      Result r =
          run(
              harness()
                  .input(
                      "kubeconfig",
                      KubeStandIn.kubeconfig(cluster.url(), KubeStandIn.tokenUser(FLUX_TOKEN))));

      // then
      assertThat(r.exitCode()).as(r.everything()).isZero();
      assertThat(origin.file("main", FILE)).isEqualTo(DEPLOYED);
      String pushed = origin.log("main").get(0).name();
      assertThat(reads[0]).isGreaterThanOrEqualTo(3);
      assertThat(cluster.calls)
          .allSatisfy(
              c -> {
                assertThat(c.method()).isEqualTo("GET");
                assertThat(c.path()).isEqualTo(KS);
                assertThat(c.authorization()).isEqualTo("Bearer " + FLUX_TOKEN);
              });
      assertThat(r.stdout())
          .contains(
              "Flux Kustomization flux-system/api-prod applied "
                  + pushed.substring(0, 12)
                  + " and is Ready");
      assertThat(r.outputs()).containsEntry("rolled-back", "false");
      assertThat(r.everything().replaceAll("::add-mask::.*", "")).doesNotContain(FLUX_TOKEN);
    }
  }

  @Test
  void fluxHealthCheckFailedFailsWithFluxsReasonAndRevertsBosunsCommit() throws Exception {
    // given: the pushed commit applies but its health checks fail; the revert is applied and Ready
    // again
    github.createDeployment("production");
    try (KubeStandIn cluster =
        flux(
            (k, head) -> {
              boolean revert = history().get(0).getFullMessage().startsWith("Revert");
              boolean initial = history().size() == 1;
              if (initial) {
                return;
              }
              if (revert) {
                KubeStandIn.kustomizationStatus(
                    k,
                    "True",
                    "ReconciliationSucceeded",
                    "Applied revision: main@sha1:" + head,
                    "main@sha1:" + head,
                    "main@sha1:" + head);
              } else {
                KubeStandIn.kustomizationStatus(
                    k,
                    "False",
                    "HealthCheckFailed",
                    "health check failed after 30s: " + "Deployment/api/api status: 'Failed'",
                    "main@sha1:" + head,
                    "main@sha1:" + head);
              }
            })) {
      // when
      Result r =
          run(
              harness()
                  .input(
                      "kubeconfig",
                      KubeStandIn.kubeconfig(cluster.url(), KubeStandIn.tokenUser(FLUX_TOKEN))));

      // then
      assertThat(r.exitCode()).as(r.everything()).isEqualTo(1);
      List<RevCommit> log = origin.log("main");
      assertThat(r.stdout())
          .contains(
              "Flux Kustomization flux-system/api-prod failed to apply "
                  + log.get(1).name().substring(0, 12)
                  + ": HealthCheckFailed: health check failed after 30s");
      assertThat(r.outputs()).containsEntry("rolled-back", "true");
      assertThat(origin.file("main", FILE)).isEqualTo(OVERLAY);
      assertThat(log).hasSize(3);
      assertThat(log.get(0).getFullMessage()).startsWith("Revert \"deploy(production): api");
      assertThat(r.stdout())
          .contains(
              "Flux Kustomization flux-system/api-prod applied "
                  + log.get(0).name().substring(0, 12)
                  + " and is Ready");
    }
  }

  @Test
  void fluxWithoutTheKustomizationFailsNamingIt() throws Exception {
    github.createDeployment("production");
    try (KubeStandIn cluster = flux((k, head) -> {})) {
      config("wait: flux\n    flux: { kustomization: api-missing }");

      Result r =
          run(
              harness()
                  .input("auto-rollback", "false")
                  .input(
                      "kubeconfig",
                      KubeStandIn.kubeconfig(cluster.url(), KubeStandIn.tokenUser(FLUX_TOKEN))));

      assertThat(r.exitCode()).as(r.everything()).isEqualTo(1);
      assertThat(r.stdout())
          .contains("There is no Flux Kustomization 'api-missing' in namespace 'flux-system'");
    }
  }

  static String payload(String digest, String version) {
    return "{\"image\": \"ghcr.io/acme/api@"
        + digest
        + "\", \"digest\": \""
        + digest
        + "\", \"tag\": \""
        + version
        + "\", \"version\": \""
        + version
        + "\", \"apps\": {\"api\": \"ghcr.io/acme/api\"}}";
  }

  @Test
  void rollbackRevertsBosunsOwnCommitSoThePreviousTagAndDigestComeBack() throws Exception {
    // given: bosun deployed v1.4.0 (a real run), then a colleague changed another line of the same
    // file
    config("wait: none");
    github.createDeployment("production");
    Result deployed = run(harness());
    assertThat(deployed.exitCode()).as(deployed.everything()).isZero();
    String ours = origin.log("main").get(0).name();
    String withHpa =
        DEPLOYED.replace("- ../../base   # shared", "- ../../base   # shared\n  - hpa.yaml");
    origin.colleagueCommits("main", FILE, withHpa, "add hpa");
    github.deployments(
        "production",
        github.deployment(
            12,
            "production",
            "0123456789abcdef0123456789abcdef01234567",
            payload(DIGEST, "v1.4.0")),
        github.deployment(
            11, "production", "fedcba9876543210fedcba9876543210fedcba98", payload(OLD, "v1.3.0")));
    github.statuses(12, "success");
    github.statuses(11, "success");

    // when
    Result r = run(harness().input("mode", "rollback"));

    // then: the file is as before bosun's commit (tag and digest), and the colleague's line stays
    assertThat(r.exitCode()).as(r.everything()).isZero();
    assertThat(origin.file("main", FILE))
        .isEqualTo(
            OVERLAY.replace("- ../../base   # shared", "- ../../base   # shared\n  - hpa.yaml"));
    List<RevCommit> log = origin.log("main");
    assertThat(log).hasSize(4);
    assertThat(log.get(0).getFullMessage())
        .startsWith("Revert \"deploy(production): api v1.4.0")
        .contains(
            "This reverts commit "
                + ours
                + " (bosun's own) to roll production back (mode: rollback)")
        .contains("Bosun-Revert: " + ours)
        .contains("Bosun-Digest: " + OLD);
    assertThat(log.get(0).getAuthorIdent().getName()).isEqualTo("bosun");
    assertThat(r.stdout())
        .contains("rolling back by reverting bosun's commit " + ours.substring(0, 12));
    assertThat(r.outputs())
        .containsEntry("rollback-to", "ghcr.io/acme/api@" + OLD)
        .containsEntry("rollback-from", "ghcr.io/acme/api@" + DIGEST);
  }

  @Test
  void rollbackToADigestBosunDidNotReplaceCommitsItInstead() throws Exception {
    // given: the live digest was set by a person, not by bosun, so there is no commit of bosun's to
    // revert
    config("wait: none");
    origin.colleagueCommits("main", FILE, DEPLOYED, "hand-deploy v1.4.0");
    github.createDeployment("production");
    github.deployments(
        "production",
        github.deployment(
            11, "production", "fedcba9876543210fedcba9876543210fedcba98", payload(OLD, "v1.3.0")));
    github.statuses(11, "success");

    // when
    Result r = run(harness().input("mode", "rollback"));

    // then
    assertThat(r.exitCode()).as(r.everything()).isZero();
    assertThat(origin.file("main", FILE)).isEqualTo(OVERLAY);
    assertThat(origin.log("main").get(0).getFullMessage())
        .startsWith("deploy(production): api v1.3.0");
    assertThat(r.stdout())
        .contains("no commit of bosun's among the last 50 of main set " + DIGEST)
        .contains("committing " + OLD + " instead of reverting");
  }

  @Test
  void statusShowsTheFilesDigestAndArgoCdsSyncAndHealth() throws Exception {
    github.deployments("production");
    argo.answers(
        ArgoCdStandIn.app("Synced", "HEAD", "Degraded", "progress deadline", "Succeeded", "ok"));

    Result r = run(harness().input("mode", "status"));

    assertThat(r.exitCode()).as(r.everything()).isZero();
    String head = origin.log("main").get(0).name().substring(0, 12);
    assertThat(r.stdout())
        .contains("sync and health")
        .contains(OLD.substring(0, 19))
        .contains("Argo CD sync Synced at " + head + ", health Degraded");
    assertThat(r.summary()).contains("Argo CD sync Synced at " + head + ", health Degraded");
    assertThat(argo.server.getAllServeEvents())
        .singleElement()
        .satisfies(e -> assertThat(e.getRequest().getUrl()).doesNotContain("refresh"));
    assertThat(origin.log("main")).hasSize(1);
  }

  @Test
  void statusShowsFluxsReadyCondition() throws Exception {
    github.deployments("production");
    try (KubeStandIn cluster =
        flux(
            (k, head) ->
                KubeStandIn.kustomizationStatus(
                    k,
                    "False",
                    "HealthCheckFailed",
                    "health check failed",
                    "main@sha1:" + head,
                    "main@sha1:" + "9".repeat(40)))) {
      Result r =
          run(
              harness()
                  .input("mode", "status")
                  .input(
                      "kubeconfig",
                      KubeStandIn.kubeconfig(cluster.url(), KubeStandIn.tokenUser(FLUX_TOKEN))));

      assertThat(r.exitCode()).as(r.everything()).isZero();
      assertThat(r.stdout())
          .contains(
              "Flux Ready False (HealthCheckFailed), applied main@sha1:"
                  + "9".repeat(40)
                  + "; branch tip "
                  + origin.log("main").get(0).name().substring(0, 12)
                  + " not applied");
    }
  }

  static final String GITOPS_TOKEN = "github_pat_11AAGITOPS0token5e3c9a";

  /**
   * Git's smart-HTTP server (git http-backend) over HTTPS on loopback, asking for the token, for
   * the next test.
   */
  dev.bosun.deploy.gitops.GitHttpServer https() throws Exception {
    var server = new dev.bosun.deploy.gitops.GitHttpServer(origin.bare.getParent(), GITOPS_TOKEN);
    var before = dev.bosun.deploy.gitops.GitHttpServer.trustTestCa();
    restoreTrust = () -> javax.net.ssl.HttpsURLConnection.setDefaultSSLSocketFactory(before);
    repoUrl = server.url("deploy.git");
    config("wait: none");
    return server;
  }

  Runnable restoreTrust = () -> {};

  @AfterEach
  void trustAsBefore() {
    restoreTrust.run();
  }

  /**
   * Another person's commit landing on main: one more line in the file, on top of the branch's tip.
   */
  String colleague(int n) {
    try {
      return origin.colleagueCommits(
          "main",
          FILE,
          origin.file("main", FILE) + "# reviewed by the platform team (" + n + ")\n",
          "platform review " + n);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void overHttpsTheTokenSignsInAndNeverShows() throws Exception {
    // given
    github.createDeployment("production");
    try (var server = https()) {
      // when
      Result r = run(harness().input("gitops-token", GITOPS_TOKEN));

      // then: cloned and pushed over git's smart HTTP with the token as the password
      assertThat(r.exitCode()).as(r.everything()).isZero();
      assertThat(origin.file("main", FILE)).isEqualTo(DEPLOYED);
      assertThat(server.requests)
          .anySatisfy(q -> assertThat(q.pathAndQuery()).endsWith("/deploy.git/git-receive-pack"))
          .filteredOn(dev.bosun.deploy.gitops.GitHttpServer.Request::authorized)
          .allSatisfy(q -> assertThat(q.user()).isEqualTo("x-access-token"));
      String basic =
          java.util.Base64.getEncoder()
              .encodeToString(
                  ("x-access-token:" + GITOPS_TOKEN)
                      .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertThat(r.everything())
          .doesNotContain(GITOPS_TOKEN)
          .doesNotContain(basic)
          .doesNotContain("x-access-token:")
          .contains(server.url("deploy.git"));
      assertThat(r.stdout()).contains("::add-mask::" + GITOPS_TOKEN);
    }
  }

  @Test
  void aRefusedTokenFailsWithoutShowingIt() throws Exception {
    github.createDeployment("production");
    String wrong = "github_pat_11AAWRONG0token77d1e0";
    try (var server = https()) {
      Result r = run(harness().input("gitops-token", wrong));

      assertThat(r.exitCode()).as(r.everything()).isEqualTo(1);
      assertThat(r.stdout()).contains("::error").contains("Check gitops-token");
      assertThat(r.everything()).doesNotContain(wrong).doesNotContain("x-access-token:");
      assertThat(origin.log("main")).hasSize(1);
    }
  }

  @Test
  void aPushRaceIsRebasedAndRetriedThroughAWholeRun() throws Exception {
    // given: twice, between bosun's clone and its push, a colleague's commit lands on main first
    github.createDeployment("production");
    try (var server = https()) {
      server.beforePushAdvertisement =
          n -> {
            if (n <= 2) {
              colleague(n);
            }
          };

      // when
      Result r = run(harness().input("gitops-token", GITOPS_TOKEN));

      // then: bosun's one change sits on top of both, which stay
      assertThat(r.exitCode()).as(r.everything()).isZero();
      List<RevCommit> log = origin.log("main");
      assertThat(log).hasSize(4);
      assertThat(log.get(0).getFullMessage()).startsWith("deploy(production): api v1.4.0");
      assertThat(log.get(1).getFullMessage()).startsWith("platform review 2");
      assertThat(log.get(0).getParent(0)).isEqualTo(log.get(1));
      assertThat(origin.file("main", FILE))
          .isEqualTo(
              DEPLOYED
                  + "# reviewed by the platform team (1)\n# reviewed by the platform team (2)\n");
      assertThat(r.stdout())
          .contains(
              "moved while bosun committed; rebasing onto it and pushing again "
                  + "(attempt 3 of 4)");
    }
  }

  @Test
  void aBranchThatKeepsMovingFailsAfterFourPushesWithNothingOfTheRunOnIt() throws Exception {
    github.createDeployment("production");
    try (var server = https()) {
      server.beforePushAdvertisement = n -> colleague(n);

      Result r = run(harness().input("gitops-token", GITOPS_TOKEN));

      assertThat(r.exitCode()).as(r.everything()).isEqualTo(1);
      assertThat(r.stdout()).contains("was refused 4 times because the branch kept moving");
      assertThat(origin.log("main"))
          .hasSize(5)
          .noneSatisfy(c -> assertThat(c.getAuthorIdent().getName()).isEqualTo("bosun"));
      assertThat(r.outputs()).containsEntry("rolled-back", "false");
    }
  }

  static final String PR_BRANCH = "bosun/production/api-222222222222";
  static final String PULLS = "/repos/acme/deploy/pulls";

  /**
   * A pull request as GitHub's REST API shows it
   * (https://docs.github.com/en/rest/pulls/pulls#create-a-pull-request and #get-a-pull-request):
   * before the merge, merge_commit_sha is the test merge commit, which bosun must not take.
   */
  String pr(long number, String state, boolean merged, String mergeSha) {
    return """
        {"url": "%1$s/repos/acme/deploy/pulls/%2$d", "id": 1791%2$d, "node_id": "PR_kwDOAbc%2$d",
         "html_url": "https://github.com/acme/deploy/pull/%2$d", "number": %2$d, "state": "%3$s",
         "locked": false, "title": "deploy(production): api v1.4.0", "user": {"login": "bosun-bot",
         "id": 41898282, "type": "Bot"}, "body": "", "created_at": "2026-11-29T10:00:00Z",
         "updated_at": "2026-11-29T10:01:00Z", "closed_at": %4$s, "merged_at": %5$s,
         "merge_commit_sha": "%6$s", "draft": false,
         "head": {"label": "acme:%7$s", "ref": "%7$s", "sha": "%8$s"},
         "base": {"label": "acme:main", "ref": "main", "sha": "%8$s"},
         "merged": %9$s, "mergeable": null, "mergeable_state": "unknown", "merged_by": null}
        """
        .formatted(
            github.api(),
            number,
            state,
            "closed".equals(state) ? "\"2026-11-29T10:05:00Z\"" : "null",
            merged ? "\"2026-11-29T10:05:00Z\"" : "null",
            mergeSha,
            number == 12 ? PR_BRANCH : "bosun/production/api-revert",
            "e".repeat(40),
            merged);
  }

  void viaPullRequest(String waitKeys) throws Exception {
    config("via: pull-request\n    pull-request: { repository: acme/deploy }\n    " + waitKeys);
    Files.writeString(
        dir.resolve(".github/bosun.yml"),
        Files.readString(dir.resolve(".github/bosun.yml")).replace("    via: commit\n", ""));
    wm.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.post(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(PULLS))
            .willReturn(
                com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody(pr(12, "open", false, "f".repeat(40)))));
  }

  /** GET /pulls/12 answers in order (the last repeated); {{hook:merge}} merges the branch first. */
  void pullAnswers(String... bodies) {
    for (int i = 0; i < bodies.length; i++) {
      String state = i == 0 ? com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED : "pr-" + i;
      var stub =
          com.github.tomakehurst.wiremock.client.WireMock.get(
                  com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(PULLS + "/12"))
              .inScenario("pr")
              .whenScenarioStateIs(state);
      if (i + 1 < bodies.length) {
        stub = stub.willSetStateTo("pr-" + (i + 1));
      }
      wm.stubFor(
          stub.willReturn(
              com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                  .withStatus(200)
                  .withHeader("Content-Type", "application/json")
                  .withBody(bodies[i])
                  .withTransformers("hooks")));
    }
    String[] merged = {null};
    hooks.hooks.put(
        "merge",
        () -> {
          synchronized (merged) {
            if (merged[0] == null) {
              try {
                merged[0] =
                    origin.squashMerge(PR_BRANCH, "main", "deploy(production): api v1.4.0 (#12)");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            }
            return merged[0];
          }
        });
  }

  @Test
  void viaPullRequestOpensOneWaitsForItsMergeThenForArgoCd() throws Exception {
    // given: the pull request is open, then GitHub squash-merges it; Argo CD then syncs main's tip
    github.createDeployment("production");
    viaPullRequest("wait: argocd\n    argocd: { server: " + argo.url() + ", app: api-prod }");
    pullAnswers(pr(12, "open", false, "f".repeat(40)), pr(12, "closed", true, "{{hook:merge}}"));
    argo.answers(
        ArgoCdStandIn.app("Synced", "HEAD", "Healthy", "", "Succeeded", "successfully synced"));

    // when
    Result r = run(harness().input("gitops-token", GITOPS_TOKEN));

    // then: bosun's commit went to its own branch, the pull request into main names it
    assertThat(r.exitCode()).as(r.everything()).isZero();
    assertThat(origin.hasBranch(PR_BRANCH)).isTrue();
    assertThat(origin.file(PR_BRANCH, FILE)).isEqualTo(DEPLOYED);
    List<RevCommit> main = origin.log("main");
    assertThat(main).hasSize(2);
    assertThat(main.get(0).getFullMessage()).isEqualTo("deploy(production): api v1.4.0 (#12)");
    assertThat(origin.file("main", FILE)).isEqualTo(DEPLOYED);
    var create =
        wm.findAll(
            com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(PULLS)));
    assertThat(create)
        .singleElement()
        .satisfies(
            q -> {
              assertThat(q.getHeader("Authorization")).isEqualTo("Bearer " + GITOPS_TOKEN);
              assertThat(q.getHeader("X-GitHub-Api-Version")).isEqualTo("2022-11-28");
              var body =
                  new com.fasterxml.jackson.databind.ObjectMapper().readTree(q.getBodyAsString());
              assertThat(body.path("head").asText()).isEqualTo(PR_BRANCH);
              assertThat(body.path("base").asText()).isEqualTo("main");
              assertThat(body.path("title").asText())
                  .startsWith("deploy(production): api v1.4.0 sha256:2222");
              assertThat(body.path("body").asText())
                  .contains("Bosun-Digest: " + DIGEST)
                  .contains("bosun waits for the merge");
            });
    String merge12 = main.get(0).name().substring(0, 12);
    assertThat(r.stdout())
        .contains("opened pull request #12 https://github.com/acme/deploy/pull/12 into main")
        .contains("Argo CD application api-prod is Synced at " + merge12);
    assertThat(r.summary())
        .contains("pull request https://github.com/acme/deploy/pull/12 merged as " + merge12);
    assertThat(r.outputs()).containsEntry("revisions", "{\"api\":\"" + merge12 + "\"}");
    assertThat(r.everything()).doesNotContain(GITOPS_TOKEN);
  }

  @Test
  void viaPullRequestWithWaitNoneOpensItAndSaysSo() throws Exception {
    github.createDeployment("production");
    viaPullRequest("wait: none");

    Result r = run(harness().input("gitops-token", GITOPS_TOKEN));

    assertThat(r.exitCode()).as(r.everything()).isZero();
    assertThat(origin.log("main")).hasSize(1);
    assertThat(origin.file(PR_BRANCH, FILE)).isEqualTo(DEPLOYED);
    assertThat(r.outputs()).containsEntry("revisions", "{\"api\":\"PR #12\"}");
    assertThat(r.summary())
        .contains(
            "pull request https://github.com/acme/deploy/pull/12 opened; not waiting for its merge "
                + "(wait: none)");
    wm.verify(
        0,
        com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
            com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(PULLS + "/12")));
  }

  @Test
  void aPullRequestClosedWithoutMergingFailsWithNothingOnTheBranch() throws Exception {
    github.createDeployment("production");
    viaPullRequest("wait: merge");
    pullAnswers(pr(12, "closed", false, "f".repeat(40)));

    Result r = run(harness().input("gitops-token", GITOPS_TOKEN));

    assertThat(r.exitCode()).as(r.everything()).isEqualTo(1);
    assertThat(r.stdout())
        .contains(
            "Pull request #12 (https://github.com/acme/deploy/pull/12) was closed without merging; "
                + "nothing reached main.");
    assertThat(origin.log("main")).hasSize(1);
    wm.verify(
        0,
        com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor(
            com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(PULLS + "/12")));
  }

  @Test
  void aPullRequestNotMergedInTimeIsClosedSoItCannotDeployLater() throws Exception {
    github.createDeployment("production");
    viaPullRequest("wait: merge");
    pullAnswers(pr(12, "open", false, "f".repeat(40)));
    wm.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.patch(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(PULLS + "/12"))
            .willReturn(
                com.github.tomakehurst.wiremock.client.WireMock.okJson(
                    pr(12, "closed", false, "f".repeat(40)))));

    Result r = run(harness().input("gitops-token", GITOPS_TOKEN).input("wait-timeout", "2m"));

    assertThat(r.exitCode()).as(r.everything()).isEqualTo(1);
    assertThat(r.stdout())
        .contains(
            "Pull request #12 (https://github.com/acme/deploy/pull/12) was not merged within 2m")
        .contains("closed pull request #12 unmerged");
    wm.verify(
        1,
        com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(PULLS + "/12"))
            .withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.equalToJson(
                    "{\"state\": \"closed\"}")));
    assertThat(origin.log("main")).hasSize(1);
  }

  @Test
  void pullRequestInputsAreCheckedBeforeAnyCall() throws Exception {
    // no owner/name for GitHub's API with a file:// repository
    config("via: pull-request\n    wait: none");
    Files.writeString(
        dir.resolve(".github/bosun.yml"),
        Files.readString(dir.resolve(".github/bosun.yml")).replace("    via: commit\n", ""));
    Result r = run(harness().input("gitops-token", GITOPS_TOKEN));
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout()).contains("environments.production.pull-request.repository' is missing");

    // wait: merge without a pull request
    config("wait: merge");
    r = run(harness().input("gitops-token", GITOPS_TOKEN));
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout()).contains(".wait' is merge, which waits for a pull request");

    // no token for GitHub's API
    viaPullRequest("wait: none");
    r = run(harness());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout())
        .contains(
            "Input 'gitops-token' is required when environment production "
                + "deploys via: pull-request");

    assertThat(
            wm.findAll(
                com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
                    com.github.tomakehurst.wiremock.client.WireMock.anyUrl())))
        .isEmpty();
    assertThat(origin.log("main")).hasSize(1);
    assertThat(origin.hasBranch(PR_BRANCH)).isFalse();
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
  void aTokenInTheRepoUrlIsBadInputAndNeverShown() throws Exception {
    config(
        "https://x-access-token:ghs_InTheUrl1234567890@127.0.0.1:9/acme/deploy.git", "wait: none");

    Result r = run(harness());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout())
        .contains("::error")
        .contains("environments.production.repo' carries a user name or token in its URL")
        .contains("'gitops-token'");
    assertThat(r.everything()).doesNotContain("ghs_InTheUrl1234567890");
    assertThat(origin.log("main")).hasSize(1);
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
