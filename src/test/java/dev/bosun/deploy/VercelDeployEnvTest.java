package dev.bosun.deploy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.bosun.deploy.VercelStubs.OLD_SHA;
import static dev.bosun.deploy.VercelStubs.PROJECT;
import static dev.bosun.deploy.VercelStubs.SHA;
import static dev.bosun.deploy.VercelStubs.TEAM;
import static dev.bosun.deploy.VercelStubs.deployment;
import static dev.bosun.deploy.VercelStubs.listed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.cli.Composition;
import dev.bosun.deploy.target.Polling;
import dev.bosun.testing.ActionHarness;
import dev.bosun.testing.ActionHarness.Result;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * deploy-env with {@code target: vercel}, end to end: Vercel's REST API on WireMock, shaped as its
 * reference shows it (https://vercel.com/docs/rest-api, pages cited in {@link VercelStubs}),
 * GitHub's REST API as in the other deploy-env tests. The artifact is the deployment Vercel built,
 * recorded in the ledger by its id.
 */
class VercelDeployEnvTest extends DeploySandbox {

  static final String DOMAIN = "mayassistant.com";
  static final String CONFIG =
      """
      environments:
        web-production:
          target: vercel
          team: %s
          apps: { web: %s }
          url: https://%s
      """
          .formatted(TEAM, PROJECT, DOMAIN);

  VercelStubs vercel = new VercelStubs(wm);

  @BeforeEach
  void writeEnvironmentsFile() throws IOException {
    Files.writeString(dir.resolve(".github/bosun.yml"), CONFIG);
    vercel.deploymentIs(
        "dpl_Old", deployment("dpl_Old", "READY", "production", "PROMOTED", OLD_SHA));
  }

  Result run(ActionHarness h) {
    DeploySystems wiring =
        new DeploySystems(
                azure.settings(),
                time,
                time,
                Polling.standard(),
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
                (rt, access, az) -> new FakeImages(),
                rt -> new EngineSmokeRunner(rt, time, time))
            .withEndpoint("vercel", vercel.api().toString());
    return h.run(Composition.real().withDeploy(wiring), "deploy-env");
  }

  ActionHarness harness() {
    return new ActionHarness(dir)
        .env("GITHUB_API_URL", github.api())
        .input("environment", "web-production")
        .input("github-token", GitHubStubs.TOKEN)
        .input("vercel-token", VercelStubs.TOKEN)
        .input("sha", SHA);
  }

  /** The commit's production build, staged: built once, never served. */
  void stagedBuild() {
    vercel.readyDeploymentsOf(SHA, listed("dpl_New", "production", "STAGED", SHA, 1763369700000L));
    vercel.deploymentIs("dpl_New", deployment("dpl_New", "READY", "production", "STAGED", SHA));
  }

  @Test
  void promotesTheCommitsStagedBuildAndRecordsTheDeploymentIdAsTheArtifact() {
    stagedBuild();
    // read for the record, before the promotion, then while it runs
    vercel.projectGoes("dpl_Old", "dpl_Old", "dpl_New:pending", "dpl_New:succeeded");
    vercel.promoteAccepted();
    vercel.aliasPointsAt(DOMAIN, "dpl_New");
    github.createDeployment("web-production");

    Result r = run(harness());

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.outputs())
        .containsEntry("digest", "dpl_New")
        .containsEntry("revisions", "{\"web\":\"web-new-acme.vercel.app\"}")
        .containsEntry("previous-revisions", "{\"web\":\"web-old-acme.vercel.app\"}")
        .containsEntry("environment-url", "https://" + DOMAIN)
        .containsEntry("rolled-back", "false");
    wm.verify(
        1,
        postRequestedFor(urlPathEqualTo("/v10/projects/" + PROJECT + "/promote/dpl_New"))
            .withQueryParam("teamId", equalTo(TEAM))
            .withHeader("Authorization", equalTo("Bearer " + VercelStubs.TOKEN)));
    wm.verify(getRequestedFor(urlPathEqualTo("/v4/aliases/" + DOMAIN)));
    wm.verify(
        postRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments"))
            .withRequestBody(matchingJsonPath("$.ref", equalTo(SHA)))
            .withRequestBody(containing("\\\"digest\\\":\\\"dpl_New\\\"")));
    wm.verify(
        postRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments/1001/statuses"))
            .withRequestBody(matchingJsonPath("$.state", equalTo("success"))));
    assertThat(r.stdout()).doesNotContain("::warning");
  }

  @Test
  void aPreviewBuildIsPromotedWithAClearWarning() {
    vercel.readyDeploymentsOf(SHA, listed("dpl_Preview", null, null, SHA, 1763369700000L));
    vercel.projectGoes("dpl_Old", "dpl_Old", "dpl_Rebuilt:succeeded");
    vercel.deploymentIs(
        "dpl_Rebuilt", deployment("dpl_Rebuilt", "READY", "production", "PROMOTED", SHA));
    vercel.promoteAccepted();
    vercel.aliasPointsAt(DOMAIN, "dpl_Rebuilt");
    github.createDeployment("web-production");

    Result r = run(harness());

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.stdout())
        .contains(
            "::warning title=Preview build%3A promoting rebuilds it::web: dpl_Preview is a "
                + "preview build. Promoting it makes Vercel build it again for production")
        .contains("NEXT_PUBLIC_*");
    wm.verify(
        postRequestedFor(urlPathEqualTo("/v10/projects/" + PROJECT + "/promote/dpl_Preview")));
    assertThat(r.outputs()).containsEntry("revisions", "{\"web\":\"web-rebuilt-acme.vercel.app\"}");
  }

  @Test
  void failedSmokeChecksRollProductionBackWithVercelsRollback() {
    stagedBuild();
    vercel.projectGoes(
        "dpl_Old",
        "dpl_Old",
        "dpl_New:succeeded",
        "dpl_New:succeeded",
        "dpl_New:succeeded",
        "dpl_Old:succeeded:rollback");
    vercel.promoteAccepted();
    vercel.rollbackAccepted();
    vercel.aliasGoes(DOMAIN, "dpl_Old", "dpl_New", "dpl_Old");
    wm.stubFor(
        get(urlPathEqualTo("/api/health"))
            .willReturn(aResponse().withStatus(500).withBody("boom")));
    github.createDeployment("web-production");

    Result r =
        run(
            harness()
                .input("smoke-url", github.api() + "/api/health")
                .input("smoke-timeout", "30s"));

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains(
            "::error title=smoke::Smoke checks failed on web-production; rolled back 1 app(s)");
    wm.verify(
        1,
        postRequestedFor(urlPathEqualTo("/v1/projects/" + PROJECT + "/rollback/dpl_Old"))
            .withQueryParam("description", equalTo("bosun auto-rollback of web-production")));
    assertThat(r.outputs()).containsEntry("rolled-back", "true");
    wm.verify(
        postRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments/1001/statuses"))
            .withRequestBody(matchingJsonPath("$.state", equalTo("failure"))));
  }

  @Test
  void aFailedPromotionLeavesProductionAsItWasAndSaysSo() {
    stagedBuild();
    vercel.projectGoes("dpl_Old", "dpl_Old", "dpl_Old:failed");
    vercel.promoteAccepted();
    vercel.aliasPointsAt(DOMAIN, "dpl_Old");
    github.createDeployment("web-production");

    Result r = run(harness());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains(
            "::error title=deploy::web: Vercel could not point production at dpl_New "
                + "(promote failed)");
    // production never left dpl_Old, so there is nothing to roll back
    wm.verify(0, postRequestedFor(urlPathMatching("/v1/projects/.*/rollback/.*")));
    wm.verify(
        postRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments/1001/statuses"))
            .withRequestBody(matchingJsonPath("$.state", equalTo("failure"))));
  }

  @Test
  void aPromotionThatNeverLandsHitsTheWaitTimeout() {
    stagedBuild();
    vercel.projectGoes("dpl_Old", "dpl_Old", "dpl_Old:in-progress");
    vercel.promoteAccepted();
    vercel.aliasPointsAt(DOMAIN, "dpl_Old");
    github.createDeployment("web-production");

    Result r = run(harness().input("wait-timeout", "45s").input("auto-rollback", "false"));

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains(
            "::error title=wait-timeout::web: gave up waiting for production to serve dpl_New");
    assertThat(time.slept()).isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void anExpiredTokenIsExplainedAndNeverShown() {
    vercel.tokenRefused();

    Result r = run(harness().env("RUNNER_DEBUG", "1"));

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains("::error title=vercel::Vercel refused the token in 'vercel-token'")
        .contains("invalid, expired or revoked")
        .contains("::add-mask::" + VercelStubs.TOKEN);
    assertThat(r.everything()).doesNotContain(VercelStubs.TOKEN).doesNotContain(GitHubStubs.TOKEN);
    wm.verify(0, postRequestedFor(urlPathMatching("/repos/.*")));
  }

  @Test
  void aRateLimitIsWaitedOutAsRetryAfterSays() {
    vercel.rateLimitedOnce("/v6/deployments", 17);
    stagedBuild();
    vercel.projectGoes("dpl_Old", "dpl_Old", "dpl_New:succeeded");
    vercel.promoteAccepted();
    vercel.aliasPointsAt(DOMAIN, "dpl_New");
    github.createDeployment("web-production");

    Result r = run(harness());

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.stdout()).contains("vercel: HTTP 429 on GET").contains("retry 1 in 17");
    assertThat(time.slept()).isEqualTo(Duration.ofSeconds(17));
  }

  @Test
  void aPlanFindsTheBuildAndChangesNothing() {
    stagedBuild();
    vercel.projectGoes("dpl_Old");

    Result r = run(harness().input("mode", "plan"));

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.stdout())
        .contains("promote dpl_New to production (no rebuild)")
        .contains("Plan only: nothing was changed.");
    assertThat(r.outputs()).containsEntry("digest", "dpl_New");
    wm.verify(0, postRequestedFor(urlPathMatching("/v.*")));
    wm.verify(0, postRequestedFor(urlPathMatching("/repos/.*")));
  }

  @Test
  void aRollbackUsesVercelsRollbackToTheLedgersPreviousDeployment() {
    vercel.deploymentIs("dpl_New", deployment("dpl_New", "READY", "production", "PROMOTED", SHA));
    vercel.projectGoes("dpl_New", "dpl_New", "dpl_New", "dpl_Old:succeeded:rollback");
    vercel.rollbackAccepted();
    vercel.aliasPointsAt(DOMAIN, "dpl_Old");
    github.deployments(
        "web-production",
        github.deployment(
            22, "web-production", SHA, "{\"image\": \"dpl_New\", \"digest\": \"dpl_New\"}"),
        github.deployment(
            21, "web-production", OLD_SHA, "{\"image\": \"dpl_Old\", \"digest\": \"dpl_Old\"}"));
    github.statuses(22, "success");
    github.statuses(21, "success");
    github.createDeployment("web-production");

    Result r = run(harness().input("mode", "rollback"));

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    wm.verify(
        1,
        postRequestedFor(urlPathEqualTo("/v1/projects/" + PROJECT + "/rollback/dpl_Old"))
            .withQueryParam("description", equalTo("bosun rollback of web-production")));
    wm.verify(0, postRequestedFor(urlPathMatching("/v10/.*")));
    assertThat(r.outputs())
        .containsEntry("rollback-from", "dpl_New")
        .containsEntry("rollback-to", "dpl_Old");
  }

  @Test
  void anImageOrARailwayKeyForAVercelEnvironmentIsBadInputBeforeAnyCall() throws IOException {
    Result image = run(harness().input("image", "ghcr.io/acme/web:" + SHA));

    assertThat(image.exitCode()).isEqualTo(2);
    assertThat(image.stdout())
        .contains(
            "::error title=image::Input 'image' does not apply to environment "
                + "web-production (target vercel)");

    Files.writeString(
        dir.resolve(".github/bosun.yml"),
        CONFIG.replace(
            "    url:", "    environment-id: 4f1a2b3c-aaaa-4bbb-8ccc-9ddd0eee1fff\n    url:"));
    Result key = run(harness());

    assertThat(key.exitCode()).isEqualTo(2);
    assertThat(key.stdout())
        .contains("::error title=config::")
        .contains(
            "environments.web-production.environment-id is not a key of target vercel (it belongs to target "
                + "railway)");
    wm.verify(0, anyRequestedFor(urlPathMatching("/v[0-9]+/.*")));
    wm.verify(0, postRequestedFor(urlPathMatching("/repos/.*")));
  }

  @Test
  void statusShowsWhichDeploymentServesVercelProductionAndWhatRunsOnRailway() throws IOException {
    RailwayStubs railway = new RailwayStubs(wm);
    Files.writeString(
        dir.resolve(".github/bosun.yml"),
        """
        environments:
          production:
            target: railway
            project: %s
            environment-id: %s
            apps: { backend: %s }
          web-production:
            target: vercel
            team: %s
            apps: { web: %s }
        """
            .formatted(
                RailwayStubs.PROJECT,
                RailwayStubs.ENVIRONMENT,
                RailwayStubs.SERVICE,
                TEAM,
                PROJECT));
    String old = "ghcr.io/acme/backend@sha256:" + "0".repeat(64);
    railway.serviceInstance(
        RailwayStubs.SERVICE, old, RailwayStubs.deployment("d-1", "SUCCESS", old, true));
    vercel.projectGoes("dpl_Old");
    github.deployments(
        "production",
        github.deployment(
            11,
            "production",
            OLD_SHA,
            "{\"image\": \""
                + old
                + "\", \"digest\": \"sha256:"
                + "0".repeat(64)
                + "\", \"tag\": \"v1.4.0\"}"));
    github.statuses(11, "success");
    github.deployments(
        "web-production",
        github.deployment(
            21, "web-production", OLD_SHA, "{\"image\": \"dpl_Old\", \"digest\": \"dpl_Old\"}"));
    github.statuses(21, "success");
    DeploySystems wiring =
        new DeploySystems(
                azure.settings(),
                time,
                time,
                Polling.standard(),
                HttpClient.newHttpClient(),
                (rt, access, az) -> new FakeImages(),
                rt -> new EngineSmokeRunner(rt, time, time))
            .withEndpoint("vercel", vercel.api().toString())
            .withEndpoint("railway", railway.endpoint().toString());

    Result r =
        new ActionHarness(dir)
            .env("GITHUB_API_URL", github.api())
            .input("mode", "status")
            .input("github-token", GitHubStubs.TOKEN)
            .input("vercel-token", VercelStubs.TOKEN)
            .input("railway-token", RailwayStubs.TOKEN)
            .run(Composition.real().withDeploy(wiring), "deploy-env");

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.summary())
        .contains(
            "| production | backend | "
                + RailwayStubs.SERVICE
                + " | v1.4.0 | fedcba9 | "
                + "sha256:000000000000 | d-1 |")
        .contains(
            "| web-production | web | "
                + PROJECT
                + " |  | fedcba9 | dpl_Old | web-old-acme.vercel.app |");
    wm.verify(0, postRequestedFor(urlPathMatching("/v.*")));
    wm.verify(0, postRequestedFor(urlPathMatching("/repos/.*")));
  }
}
