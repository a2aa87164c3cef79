package dev.bosun.deploy;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.bosun.deploy.AzureStubs.CLIENT_ID;
import static dev.bosun.deploy.AzureStubs.SUBSCRIPTION;
import static dev.bosun.deploy.AzureStubs.TENANT;
import static dev.bosun.deploy.AzureStubs.appPath;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.cli.Composition;
import dev.bosun.deploy.AcaStubs.Ends;
import dev.bosun.testing.ActionHarness;
import dev.bosun.testing.ActionHarness.Result;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * mode: rollback, end to end: it finds the previous good deployment in GitHub's ledger and
 * redeploys it.
 */
class RollbackModeTest extends DeploySandbox {

  static final String SHA = DeployEnvCommandTest.SHA;
  static final String LIVE_DIGEST = "sha256:" + "c".repeat(64);
  static final String LIVE = "acrshop.azurecr.io/shop@" + LIVE_DIGEST;
  static final String GOOD_DIGEST = "sha256:" + "9".repeat(64);
  static final String GOOD = "acrshop.azurecr.io/shop@" + GOOD_DIGEST;
  static final String OLDER = "acrshop.azurecr.io/shop@sha256:" + "8".repeat(64);
  static final String RG = "rg-shop-dev";

  @BeforeEach
  void writeEnvironmentsFile() throws IOException {
    Files.writeString(dir.resolve(".github/bosun.yml"), DeployEnvCommandTest.CONFIG);
  }

  Result run(ActionHarness h) {
    DeploySystems wiring =
        new DeploySystems(
            azure.settings(),
            time,
            time,
            dev.bosun.deploy.target.Polling.standard(),
            HttpClient.newHttpClient(),
            (rt, access, azure) -> new FakeImages(),
            rt -> new EngineSmokeRunner(rt, time, time));
    return h.run(Composition.real().withDeploy(wiring), "deploy-env");
  }

  ActionHarness harness(String environment) {
    return new ActionHarness(dir)
        .env("GITHUB_API_URL", github.api())
        .input("mode", "rollback")
        .input("environment", environment)
        .input("github-token", GitHubStubs.TOKEN)
        .input("azure-client-id", CLIENT_ID)
        .input("azure-tenant-id", TENANT)
        .input("azure-client-secret", "rollback-secret-1");
  }

  /**
   * Newest first: the live (bad) deploy, a failed one, the previous good one, an older good one.
   */
  void history(String environment) {
    github.deployments(
        environment,
        github.deployment(93, environment, SHA, payload(LIVE, LIVE_DIGEST, "v1.3.0")),
        github.deployment(
            92,
            environment,
            SHA,
            payload(
                "acrshop.azurecr.io/shop@sha256:" + "d".repeat(64),
                "sha256:" + "d".repeat(64),
                "v1.2.9")),
        github.deployment(
            91,
            environment,
            "fedcba9876543210fedcba9876543210fedcba98",
            payload(GOOD, GOOD_DIGEST, "v1.2.3")),
        github.deployment(
            90, environment, SHA, payload(OLDER, "sha256:" + "8".repeat(64), "v1.2.2")));
    github.statuses(93, "success");
    github.statuses(92, "failure");
    github.statuses(91, "success");
    github.statuses(90, "success");
  }

  static String payload(String image, String digest, String version) {
    return "{\"image\": \""
        + image
        + "\", \"digest\": \""
        + digest
        + "\", \"tag\": \""
        + version
        + "\", \"apps\": {\"api\": \"aca-shop-api-dev\"}}";
  }

  @Test
  void rollsBackToThePreviousSuccessfulDeploymentWithADifferentImage() {
    history("dev");
    github.createDeployment("dev");
    aca.app(SUBSCRIPTION, RG, "aca-shop-api-dev", "Single", LIVE, GOOD, Ends.HEALTHY);
    aca.app(SUBSCRIPTION, RG, "aca-shop-worker-dev", "Single", LIVE, GOOD, Ends.HEALTHY);

    Result r = run(harness("dev"));

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.outputs())
        .containsEntry("rollback-from", LIVE)
        .containsEntry("rollback-to", GOOD)
        .containsEntry("digest", GOOD_DIGEST)
        .containsEntry("deployment-id", "1001")
        .containsEntry("rolled-back", "false");
    assertThat(
            wm.findAll(
                    patchRequestedFor(
                        urlPathEqualTo(appPath(SUBSCRIPTION, RG, "aca-shop-api-dev"))))
                .get(0)
                .getBodyAsString())
        .contains("\"image\":\"" + GOOD + "\"");
    wm.verify(
        postRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments"))
            .withRequestBody(matchingJsonPath("$.environment", equalTo("dev")))
            .withRequestBody(
                matchingJsonPath("$.ref", equalTo("fedcba9876543210fedcba9876543210fedcba98")))
            .withRequestBody(containing("rollback-from\\\":\\\"" + LIVE))
            .withRequestBody(containing("rollback-of-deployment\\\":91")));
    assertThat(r.summary()).contains("deploy-env rollback → dev: rolled back");
    // statuses are read only for candidates: the live one (93) is skipped by digest, 92 failed, 91
    // is taken
    wm.verify(0, getRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments/93/statuses")));
    wm.verify(0, getRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments/90/statuses")));
  }

  @Test
  void rollsBackToANamedVersion() {
    history("dev");
    github.createDeployment("dev");
    aca.app(SUBSCRIPTION, RG, "aca-shop-api-dev", "Single", LIVE, OLDER, Ends.HEALTHY);
    aca.app(SUBSCRIPTION, RG, "aca-shop-worker-dev", "Single", LIVE, OLDER, Ends.HEALTHY);

    Result r = run(harness("dev").input("to", "v1.2.2"));

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.outputs()).containsEntry("rollback-to", OLDER);
  }

  @Test
  void aVersionThatNeverSucceededIsBadInput() {
    history("dev");
    aca.app(SUBSCRIPTION, RG, "aca-shop-api-dev", "Single", LIVE, GOOD, Ends.HEALTHY);
    aca.app(SUBSCRIPTION, RG, "aca-shop-worker-dev", "Single", LIVE, GOOD, Ends.HEALTHY);

    Result r = run(harness("dev").input("to", "v1.2.9"));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout()).contains("::error title=to::No successful deployment of 'v1.2.9'");
    wm.verify(0, patchRequestedFor(urlPathMatching("/subscriptions/.*")));
  }

  /**
   * Test is a non-production environment: after each successful deploy GitHub marks the earlier
   * successful ones {@code inactive} (auto_inactive), so their newest status is {@code inactive},
   * not {@code success}.
   */
  void replacedHistory() {
    github.deployments(
        "test",
        github.deployment(95, "test", SHA, payload(LIVE, LIVE_DIGEST, "v1.3.0")),
        github.deployment(
            94,
            "test",
            "fedcba9876543210fedcba9876543210fedcba98",
            payload(GOOD, GOOD_DIGEST, "v1.2.3")),
        github.deployment(93, "test", SHA, payload(OLDER, "sha256:" + "8".repeat(64), "v1.0.0")));
    github.statuses(95, "success", "in_progress");
    github.statuses(94, "inactive", "success", "in_progress");
    github.statuses(93, "inactive", "success", "in_progress");
  }

  @Test
  void anEarlierSuccessThatGitHubMarkedInactiveIsStillARollbackTarget() {
    replacedHistory();
    github.createDeployment("test");
    aca.app(SUBSCRIPTION, RG, "aca-shop-api-test", "Single", LIVE, GOOD, Ends.HEALTHY);

    Result r = run(harness("test"));

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.outputs()).containsEntry("rollback-from", LIVE).containsEntry("rollback-to", GOOD);
    wm.verify(
        postRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments"))
            .withRequestBody(containing("rollback-of-deployment\\\":94")));
  }

  @Test
  void aNamedVersionThatGitHubMarkedInactiveIsStillFound() {
    replacedHistory();
    github.createDeployment("test");
    aca.app(SUBSCRIPTION, RG, "aca-shop-api-test", "Single", LIVE, OLDER, Ends.HEALTHY);

    Result r = run(harness("test").input("to", "v1.0.0"));

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.outputs()).containsEntry("rollback-to", OLDER);
  }

  @Test
  void aDeploymentThatFailedAfterSucceedingIsNoTarget() {
    replacedHistory();
    github.statuses(94, "failure", "success", "in_progress");
    github.createDeployment("test");
    aca.app(SUBSCRIPTION, RG, "aca-shop-api-test", "Single", LIVE, OLDER, Ends.HEALTHY);

    Result r = run(harness("test"));

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.outputs()).containsEntry("rollback-to", OLDER);
  }

  /**
   * GitHub's own record of a job with {@code environment: test}: task deploy, an empty payload,
   * created by github-actions[bot], its statuses following the job
   * (https://docs.github.com/en/actions/how-tos/deploy/configure-and-manage-deployments/control-deployments#tracking-deployments-through-apps).
   */
  String jobDeployment(long id) {
    return github
        .deployment(id, "test", SHA, "{}")
        .replace(
            "\"login\": \"octocat\", \"id\": 1, \"type\": \"User\"",
            "\"login\": \"github-actions[bot]\", \"id\": 41898282, \"type\": \"Bot\"");
  }

  @Test
  void githubsOwnJobDeploymentsBetweenBosunsAreSkippedWithoutReadingTheirStatuses() {
    // newest first: this run's job (in progress), the live deploy, the job that made it, the
    // previous good one
    github.deployments(
        "test",
        jobDeployment(97),
        github.deployment(96, "test", SHA, payload(LIVE, LIVE_DIGEST, "v1.3.0")),
        jobDeployment(95),
        github.deployment(94, "test", SHA, payload(GOOD, GOOD_DIGEST, "v1.2.3")),
        jobDeployment(93));
    github.statuses(96, "success", "in_progress");
    // the job's own success (auto_inactive) made bosun's record of the same run inactive
    github.statuses(94, "inactive", "success", "in_progress");
    github.createDeployment("test");
    aca.app(SUBSCRIPTION, RG, "aca-shop-api-test", "Single", LIVE, GOOD, Ends.HEALTHY);

    Result r = run(harness("test"));

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.outputs()).containsEntry("rollback-to", GOOD);
    for (long job : new long[] {97, 95, 93}) {
      wm.verify(
          0, getRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments/" + job + "/statuses")));
    }
  }

  static final String API_NEW = "acrshop.azurecr.io/shop-api@sha256:" + "1".repeat(64);
  static final String API_OLD = "acrshop.azurecr.io/shop-api@sha256:" + "2".repeat(64);
  static final String WORKER_NEW = "acrshop.azurecr.io/shop-worker@sha256:" + "3".repeat(64);
  static final String WORKER_OLD = "acrshop.azurecr.io/shop-worker@sha256:" + "4".repeat(64);

  /** One app's deployment as deploy-env records it: its own image, and the one app it touched. */
  static String appPayload(String app, String image, String version) {
    return "{\"image\": \""
        + image
        + "\", \"digest\": \""
        + image.substring(image.indexOf('@') + 1)
        + "\", \"tag\": \""
        + version
        + "\", \"apps\": {\""
        + app
        + "\": \"aca-shop-"
        + app
        + "-dev\"}}";
  }

  /**
   * Seed 000's shape: each app of the environment has its own image and its own deployments.
   * Rolling the environment back takes each app to its own previous digest.
   */
  @Test
  void eachAppOfAMultiAppEnvironmentGoesBackToItsOwnPreviousDigest() {
    github.deployments(
        "dev",
        github.deployment(103, "dev", SHA, appPayload("worker", WORKER_NEW, "v2.0.0")),
        github.deployment(102, "dev", SHA, appPayload("api", API_NEW, "v1.4.0")),
        github.deployment(101, "dev", SHA, appPayload("api", API_OLD, "v1.3.0")),
        github.deployment(100, "dev", SHA, appPayload("worker", WORKER_OLD, "v1.9.0")));
    github.statuses(103, "success", "in_progress");
    github.statuses(102, "inactive", "success", "in_progress");
    github.statuses(101, "inactive", "success", "in_progress");
    github.statuses(100, "inactive", "success", "in_progress");
    github.createDeployment("dev");
    aca.app(SUBSCRIPTION, RG, "aca-shop-api-dev", "Single", API_NEW, API_OLD, Ends.HEALTHY);
    aca.app(
        SUBSCRIPTION, RG, "aca-shop-worker-dev", "Single", WORKER_NEW, WORKER_OLD, Ends.HEALTHY);

    Result r = run(harness("dev"));

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(
            wm.findAll(
                    patchRequestedFor(
                        urlPathEqualTo(appPath(SUBSCRIPTION, RG, "aca-shop-api-dev"))))
                .get(0)
                .getBodyAsString())
        .contains("\"image\":\"" + API_OLD + "\"")
        .doesNotContain("shop-worker");
    assertThat(
            wm.findAll(
                    patchRequestedFor(
                        urlPathEqualTo(appPath(SUBSCRIPTION, RG, "aca-shop-worker-dev"))))
                .get(0)
                .getBodyAsString())
        .contains("\"image\":\"" + WORKER_OLD + "\"")
        .doesNotContain("shop-api@");
    assertThat(r.summary())
        .contains("| api | aca-shop-api-dev | " + API_NEW + " | " + API_OLD + " |")
        .contains("| worker | aca-shop-worker-dev | " + WORKER_NEW + " | " + WORKER_OLD + " |");
    // the record says which image each app got, so the next rollback or status reads it per app
    wm.verify(
        postRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments"))
            .withRequestBody(containing("\\\"images\\\":{\\\"api\\\":\\\"" + API_OLD)));
  }

  @Test
  void anAppNoEarlierDeploymentTouchedStaysAsItIs() {
    github.deployments(
        "dev",
        github.deployment(102, "dev", SHA, appPayload("api", API_NEW, "v1.4.0")),
        github.deployment(101, "dev", SHA, appPayload("api", API_OLD, "v1.3.0")));
    github.statuses(102, "success", "in_progress");
    github.statuses(101, "inactive", "success", "in_progress");
    github.createDeployment("dev");
    aca.app(SUBSCRIPTION, RG, "aca-shop-api-dev", "Single", API_NEW, API_OLD, Ends.HEALTHY);
    aca.app(
        SUBSCRIPTION, RG, "aca-shop-worker-dev", "Single", WORKER_NEW, WORKER_NEW, Ends.HEALTHY);

    Result r = run(harness("dev"));

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    wm.verify(
        0, patchRequestedFor(urlPathEqualTo(appPath(SUBSCRIPTION, RG, "aca-shop-worker-dev"))));
    assertThat(r.summary())
        .contains("| api | aca-shop-api-dev | " + API_NEW + " | " + API_OLD + " |")
        .contains("| worker | aca-shop-worker-dev | " + WORKER_NEW + " | " + WORKER_NEW + " |");
    assertThat(r.outputs())
        .containsEntry("rollback-from", API_NEW)
        .containsEntry("rollback-to", API_OLD);
    wm.verify(
        postRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments"))
            .withRequestBody(containing("\\\"apps\\\":{\\\"api\\\":\\\"aca-shop-api-dev\\\"}")));
  }

  @Test
  void theWindowGateStillAppliesButPromoteFromDoesNot() {
    history("prod");
    github.createDeployment("prod");
    github.oidc("prod");
    github.environment("prod", true);
    aca.app(
        DeployEnvCommandTest.PROD_SUBSCRIPTION,
        "rg-shop-prod",
        "aca-shop-api-prod",
        "Single",
        LIVE,
        GOOD,
        Ends.HEALTHY);
    aca.app(
        DeployEnvCommandTest.PROD_SUBSCRIPTION,
        "rg-shop-prod",
        "aca-shop-web-prod",
        "Single",
        LIVE,
        GOOD,
        Ends.HEALTHY);
    time = new FakeTime(Instant.parse("2026-11-21T20:00:00Z"));
    ActionHarness prod =
        harness("prod")
            .env("ACTIONS_ID_TOKEN_REQUEST_URL", github.oidcUrl())
            .env("ACTIONS_ID_TOKEN_REQUEST_TOKEN", GitHubStubs.OIDC_REQUEST_TOKEN);

    Result refused = run(prod);
    Result overridden = run(prod.input("override-window", "revert broken checkout"));

    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.stdout()).contains("::error title=windows::");
    assertThat(overridden.exitCode()).as(overridden.stdout()).isZero();
    assertThat(overridden.summary())
        .contains("| protected | ✅ passed |")
        .contains("| reviewers | ✅ passed |")
        .contains("| windows | ✅ passed |")
        .doesNotContain("promote-from")
        .doesNotContain("tags-only");
    wm.verify(
        0,
        getRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments"))
            .withQueryParam("environment", equalTo("test")));
  }
}
