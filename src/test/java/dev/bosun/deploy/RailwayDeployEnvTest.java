package dev.bosun.deploy;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.bosun.deploy.RailwayStubs.ENVIRONMENT;
import static dev.bosun.deploy.RailwayStubs.PROJECT;
import static dev.bosun.deploy.RailwayStubs.SERVICE;
import static dev.bosun.deploy.RailwayStubs.deployment;
import static dev.bosun.deploy.RailwayStubs.operation;
import static dev.bosun.deploy.RailwayStubs.sent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.cli.Composition;
import dev.bosun.deploy.target.Polling;
import dev.bosun.testing.ActionHarness;
import dev.bosun.testing.ActionHarness.Result;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * deploy-env with {@code target: railway}, end to end: Railway's GraphQL API on WireMock, shaped as
 * its published schema and reference show it (https://docs.railway.com/reference/public-api, see
 * {@link RailwayStubs}), GitHub's REST API as in the other deploy-env tests, and a fake clock so
 * that 10-second polls take no time.
 */
class RailwayDeployEnvTest extends DeploySandbox {

  static final String SHA = DeployEnvCommandTest.SHA;
  static final String DIGEST = "sha256:" + "b".repeat(64);
  static final String IMAGE = "ghcr.io/acme/backend:" + SHA;
  static final String PINNED = "ghcr.io/acme/backend@" + DIGEST;
  static final String OLD = "ghcr.io/acme/backend@sha256:" + "0".repeat(64);
  static final String REGISTRY_PASSWORD = "ghp_Rai1wayPu11Token0123456789abcdefAB";

  static final String CONFIG =
      """
      registry: ghcr.io/acme
      environments:
        production:
          target: railway
          project: %s
          environment-id: %s
          apps: { backend: %s }
          url: https://api.mayassistant.com
      """
          .formatted(PROJECT, ENVIRONMENT, SERVICE);

  RailwayStubs railway = new RailwayStubs(wm);

  @BeforeEach
  void writeEnvironmentsFile() throws IOException {
    Files.writeString(dir.resolve(".github/bosun.yml"), CONFIG);
  }

  Result run(ActionHarness h) {
    DeploySystems wiring =
        new DeploySystems(
                azure.settings(),
                time,
                time,
                Polling.standard(),
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
                (rt, access, az) -> new FakeImages().with(IMAGE, DIGEST, Map.of()),
                rt -> new EngineSmokeRunner(rt, time, time))
            .withEndpoint("railway", railway.endpoint().toString());
    return h.run(Composition.real().withDeploy(wiring), "deploy-env");
  }

  ActionHarness harness() {
    return new ActionHarness(dir)
        .env("GITHUB_API_URL", github.api())
        .input("environment", "production")
        .input("github-token", GitHubStubs.TOKEN)
        .input("railway-token", RailwayStubs.TOKEN);
  }

  /**
   * The service ran OLD in deployment d-1 before; later reads see it set to the new image with
   * {@code latest} in turn, and then back on OLD with the last one.
   */
  void serviceRanOldThen(String... latest) {
    String[] all = new String[latest.length + 1];
    all[0] = RailwayStubs.instance(SERVICE, OLD, deployment("d-1", "SUCCESS", OLD, true));
    for (int i = 0; i < latest.length; i++) {
      all[i + 1] =
          RailwayStubs.instance(
              SERVICE, i == latest.length - 1 && latest.length > 2 ? OLD : PINNED, latest[i]);
    }
    railway.serviceInstanceStates(SERVICE, all);
  }

  @Test
  void deploysTheDigestAndWaitsUntilRailwayRunsThatImage() {
    serviceRanOldThen();
    railway.updateAccepted();
    railway.deployStarts("d-2");
    railway.deploymentGoes("d-2", PINNED, "BUILDING", "DEPLOYING", "SUCCESS");
    github.createDeployment("production");

    Result r = run(harness().input("image", IMAGE));

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.outputs())
        .containsEntry("digest", DIGEST)
        .containsEntry("revisions", "{\"backend\":\"d-2\"}")
        .containsEntry("previous-revisions", "{\"backend\":\"d-1\"}")
        .containsEntry("environment-url", "https://api.mayassistant.com")
        .containsEntry("rolled-back", "false");
    wm.verify(
        1,
        sent("serviceInstanceUpdate")
            .withHeader("Project-Access-Token", equalTo(RailwayStubs.TOKEN))
            .withRequestBody(matchingJsonPath("$.variables.input.source.image", equalTo(PINNED))));
    wm.verify(
        1,
        sent("serviceInstanceDeployV2")
            .withRequestBody(matchingJsonPath("$.variables.environmentId", equalTo(ENVIRONMENT))));
    // three reads of the deployment, ten seconds apart: Railway's hourly limits are small
    assertThat(railway.requests("deployment")).hasSize(3);
    assertThat(time.slept()).isEqualTo(Duration.ofSeconds(20));
    wm.verify(
        postRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments"))
            .withRequestBody(containing("\\\"digest\\\":\\\"" + DIGEST + "\\\"")));
    wm.verify(
        postRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments/1001/statuses"))
            .withRequestBody(matchingJsonPath("$.state", equalTo("success"))));
    assertThat(r.summary()).contains("| backend | backend | " + OLD + " | " + PINNED + " | d-2 |");
  }

  @Test
  void aCrashedDeploymentIsRolledBackWithRailwaysOwnRollback() {
    serviceRanOldThen(
        deployment("d-2", "CRASHED", PINNED, false),
        deployment("d-2", "CRASHED", PINNED, false),
        deployment("d-3", "DEPLOYING", OLD, true));
    railway.updateAccepted();
    railway.deployStarts("d-2");
    railway.deploymentGoes("d-2", PINNED, "DEPLOYING", "CRASHED");
    railway.deployments(
        SERVICE,
        deployment("d-2", "CRASHED", PINNED, false),
        deployment("d-1", "SUCCESS", OLD, true));
    railway.rollbackAccepted();
    railway.deploymentGoes("d-3", OLD, "SUCCESS");
    github.createDeployment("production");

    Result r =
        run(
            harness()
                .input("image", IMAGE)
                .env("RUNNER_DEBUG", "1")
                .input("railway-registry-username", "acme-bot")
                .input("railway-registry-password", REGISTRY_PASSWORD));

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains(
            "::error title=deploy::backend: Railway deployment d-2 of " + PINNED + " ended CRASHED")
        .contains("Rolled back 1 app(s)");
    assertThat(r.outputs())
        .containsEntry("rolled-back", "true")
        .containsEntry("revisions", "{\"backend\":\"d-3\"}");
    wm.verify(
        1,
        sent("deploymentRollback")
            .withRequestBody(matchingJsonPath("$.variables.id", equalTo("d-1"))));
    wm.verify(
        1,
        sent("serviceInstanceUpdate")
            .withRequestBody(
                matchingJsonPath(
                    "$.variables.input.registryCredentials.password", equalTo(REGISTRY_PASSWORD))));
    wm.verify(
        postRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments/1001/statuses"))
            .withRequestBody(matchingJsonPath("$.state", equalTo("failure"))));
    // the secrets are masked first and never shown, even with debug output and a failure
    assertThat(r.stdout())
        .contains("::add-mask::" + RailwayStubs.TOKEN)
        .contains("::add-mask::" + REGISTRY_PASSWORD);
    assertThat(r.everything())
        .doesNotContain(RailwayStubs.TOKEN)
        .doesNotContain(REGISTRY_PASSWORD)
        .doesNotContain(GitHubStubs.TOKEN);
  }

  @Test
  void aFailedDeploymentWithNothingToRollBackToRedeploysThePreviousDigest() {
    serviceRanOldThen(
        deployment("d-2", "FAILED", PINNED, false), deployment("d-2", "FAILED", PINNED, false));
    railway.updateAccepted();
    wm.stubFor(
        operation("serviceInstanceDeployV2")
            .inScenario("deploys")
            .whenScenarioStateIs(STARTED)
            .willSetStateTo("again")
            .willReturn(okJson(RailwayStubs.data("{\"serviceInstanceDeployV2\":\"d-2\"}"))));
    wm.stubFor(
        operation("serviceInstanceDeployV2")
            .inScenario("deploys")
            .whenScenarioStateIs("again")
            .willReturn(okJson(RailwayStubs.data("{\"serviceInstanceDeployV2\":\"d-3\"}"))));
    railway.deploymentGoes("d-2", PINNED, "FAILED");
    // d-1 was removed long ago and Railway can no longer roll back to it
    railway.deployments(
        SERVICE,
        deployment("d-2", "FAILED", PINNED, false),
        deployment("d-1", "REMOVED", OLD, false));
    railway.deploymentGoes("d-3", OLD, "SUCCESS");
    github.createDeployment("production");

    Result r = run(harness().input("image", IMAGE));

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout()).contains("ended FAILED").contains("Rolled back 1 app(s)");
    wm.verify(0, sent("deploymentRollback"));
    wm.verify(
        1,
        sent("serviceInstanceUpdate")
            .withRequestBody(matchingJsonPath("$.variables.input.source.image", equalTo(OLD))));
    assertThat(r.outputs())
        .containsEntry("rolled-back", "true")
        .containsEntry("revisions", "{\"backend\":\"d-3\"}");
  }

  @Test
  void aDeploymentThatNeverFinishesHitsTheWaitTimeout() {
    serviceRanOldThen();
    railway.updateAccepted();
    railway.deployStarts("d-2");
    railway.deploymentGoes("d-2", PINNED, "BUILDING");
    github.createDeployment("production");

    Result r =
        run(
            harness()
                .input("image", IMAGE)
                .input("wait-timeout", "1m")
                .input("auto-rollback", "false"));

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains("::error title=wait-timeout::backend: gave up waiting for deployment d-2")
        .contains("Raise 'wait-timeout'");
    assertThat(time.slept()).isEqualTo(Duration.ofMinutes(1));
    assertThat(railway.requests("deployment")).hasSize(7);
    wm.verify(0, sent("deploymentRollback"));
  }

  @Test
  void anExpiredTokenIsExplainedAndNothingIsRecorded() {
    railway.tokenRefused();

    Result r = run(harness().input("image", IMAGE));

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains("::error title=railway::Railway refused the project token in 'railway-token'")
        .contains("invalid, expired or revoked")
        .contains("Create a new project token");
    assertThat(r.everything()).doesNotContain(RailwayStubs.TOKEN);
    wm.verify(0, postRequestedFor(urlPathMatching("/repos/.*")));
  }

  @Test
  void aRateLimitIsWaitedOutAsRetryAfterSays() {
    serviceRanOldThen();
    railway.rateLimitedOnce("serviceInstanceUpdate", 42);
    railway.updateAccepted();
    railway.deployStarts("d-2");
    railway.deploymentGoes("d-2", PINNED, "SUCCESS");
    github.createDeployment("production");

    Result r = run(harness().input("image", IMAGE));

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.stdout()).contains("railway: HTTP 429 on POST").contains("retry 1 in 42");
    assertThat(time.slept()).isEqualTo(Duration.ofSeconds(42));
    wm.verify(2, sent("serviceInstanceUpdate"));
  }

  @Test
  void aPlanReadsTheServiceAndChangesNothing() {
    serviceRanOldThen();

    Result r = run(harness().input("image", IMAGE).input("mode", "plan"));

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.stdout())
        .contains("Railway project " + PROJECT + ", environment " + ENVIRONMENT)
        .contains("set the service's source image and deploy it")
        .contains("Plan only: nothing was changed.");
    wm.verify(1, sent("serviceInstance"));
    wm.verify(0, sent("serviceInstanceUpdate"));
    wm.verify(0, sent("serviceInstanceDeployV2"));
    wm.verify(0, sent("deploymentRollback"));
    wm.verify(0, postRequestedFor(urlPathMatching("/repos/.*")));
  }

  @Test
  void aRollbackUsesRailwaysRollbackWhenTheLedgersDigestRanRecently() {
    // read by the rollback, for the record, before the rollback; then the rollback's deployment
    railway.serviceInstanceSequence(
        SERVICE,
        PINNED,
        deployment("d-2", "SUCCESS", PINNED, true),
        deployment("d-2", "SUCCESS", PINNED, true),
        deployment("d-2", "SUCCESS", PINNED, true),
        deployment("d-3", "INITIALIZING", OLD, true));
    railway.deployments(
        SERVICE,
        deployment("d-2", "SUCCESS", PINNED, true),
        deployment("d-1", "REMOVED", OLD, true));
    railway.rollbackAccepted();
    railway.deploymentGoes("d-3", OLD, "DEPLOYING", "SUCCESS");
    github.deployments(
        "production",
        github.deployment(
            12,
            "production",
            SHA,
            "{\"image\": \"" + PINNED + "\", \"digest\": \"" + DIGEST + "\"}"),
        github.deployment(
            11,
            "production",
            SHA,
            "{\"image\": \""
                + OLD
                + "\", \"digest\": \"sha256:"
                + "0".repeat(64)
                + "\", \"tag\": \"v1.4.0\"}"));
    github.statuses(12, "success");
    github.statuses(11, "success");
    github.createDeployment("production");

    Result r = run(harness().input("mode", "rollback"));

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    wm.verify(
        1,
        sent("deploymentRollback")
            .withRequestBody(matchingJsonPath("$.variables.id", equalTo("d-1"))));
    wm.verify(0, sent("serviceInstanceUpdate"));
    assertThat(r.outputs())
        .containsEntry("rollback-from", PINNED)
        .containsEntry("rollback-to", OLD)
        .containsEntry("revisions", "{\"backend\":\"d-3\"}");
  }

  @Test
  void aVercelKeyInARailwayEnvironmentIsBadInputBeforeAnyCall() throws IOException {
    Files.writeString(
        dir.resolve(".github/bosun.yml"),
        CONFIG.replace("    url:", "    team: team_a1B2c3\n    url:"));

    Result r = run(harness().input("image", IMAGE));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout())
        .contains("::error title=config::")
        .contains("environments.production.team is not a key of target railway");
    wm.verify(0, anyRequestedFor(urlPathEqualTo(RailwayStubs.PATH)));
  }

  @Test
  void aMissingTokenOrAnIdThatIsANameIsBadInputBeforeAnyCall() throws IOException {
    Result missing = run(harness().input("image", IMAGE).input("railway-token", ""));

    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.stdout())
        .contains("::error title=railway-token::Input 'railway-token' is required");

    Files.writeString(dir.resolve(".github/bosun.yml"), CONFIG.replace(SERVICE, "backend-service"));
    Result name = run(harness().input("image", IMAGE));

    assertThat(name.exitCode()).isEqualTo(2);
    assertThat(name.stdout())
        .contains(
            "'environments.production.apps.backend' is 'backend-service'; give the "
                + "service id");
    wm.verify(0, anyRequestedFor(urlPathEqualTo(RailwayStubs.PATH)));
    wm.verify(0, postRequestedFor(urlPathMatching("/repos/.*")));
  }
}
