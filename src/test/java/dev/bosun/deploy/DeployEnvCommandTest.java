package dev.bosun.deploy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.bosun.deploy.AzureStubs.CLIENT_ID;
import static dev.bosun.deploy.AzureStubs.SUBSCRIPTION;
import static dev.bosun.deploy.AzureStubs.TENANT;
import static dev.bosun.deploy.AzureStubs.appPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.bosun.cli.Composition;
import dev.bosun.deploy.AcaStubs.Ends;
import dev.bosun.migrate.TestDatabase;
import dev.bosun.testing.ActionHarness;
import dev.bosun.testing.ActionHarness.Result;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * deploy-env end to end: ARM and Entra ID on WireMock's HTTPS port, GitHub's REST API and OIDC on
 * its HTTP port.
 */
class DeployEnvCommandTest extends DeploySandbox {

  static final String PROD_SUBSCRIPTION = "00000000-0000-0000-0000-0000000000a1";
  static final String SHA = "0123456789abcdef0123456789abcdef01234567";
  static final String IMAGE = "acrshop.azurecr.io/shop:" + SHA;

  /** The commit tag v1.2.3 points at, which the prod image was built from. */
  static final String TAGGED_COMMIT = "7a3f9e2c1b0d4e5f6a7b8c9d0e1f2a3b4c5d6e7f";

  static final String DIGEST = "sha256:" + "a".repeat(64);
  static final String PINNED = "acrshop.azurecr.io/shop@" + DIGEST;
  static final String OLD = "acrshop.azurecr.io/shop@sha256:" + "0".repeat(64);
  static final String CLIENT_SECRET = "Zq8~client.secret-value_9Xx";
  static final String RG = "rg-shop-dev";

  /** Tuesday 2026-11-17, 10:00 in Amsterdam: inside prod's window. */
  static final Instant TUESDAY_MORNING = Instant.parse("2026-11-17T09:00:00Z");

  static final String CONFIG =
      """
      registry: acrshop.azurecr.io
      environments:
        dev:
          target: azure-container-apps
          subscription: %1$s
          resource-group: rg-shop-dev
          apps: { api: aca-shop-api-dev, worker: aca-shop-worker-dev }
          url: https://api.dev.shop.example
        test:
          target: azure-container-apps
          subscription: %1$s
          resource-group: rg-shop-dev
          apps: { api: aca-shop-api-test }
        prod:
          target: azure-container-apps
          subscription: %2$s
          resource-group: rg-shop-prod
          apps: { api: aca-shop-api-prod, web: aca-shop-web-prod }
          url: https://shop.example
          protected: true
          require-reviewers: true
          promote-from: [test]
          tags-only: true
          build-per-environment: [web]
          windows: ["Mon-Thu 09:00-16:00 Europe/Amsterdam"]
      """
          .formatted(SUBSCRIPTION, PROD_SUBSCRIPTION);

  FakeImages images = new FakeImages().with(IMAGE, DIGEST, Map.of());

  @BeforeEach
  void writeEnvironmentsFile() throws IOException {
    Files.writeString(dir.resolve(".github/bosun.yml"), CONFIG);
  }

  DeploySystems wiring() {
    return new DeploySystems(
        azure.settings(),
        time,
        time,
        dev.bosun.deploy.target.Polling.standard(),
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
        (rt, access, azure) -> images,
        rt -> new EngineSmokeRunner(rt, time, time));
  }

  ActionHarness harness(String environment) {
    return new ActionHarness(dir)
        .env("GITHUB_API_URL", github.api())
        .input("environment", environment)
        .input("github-token", GitHubStubs.TOKEN)
        .input("azure-client-id", CLIENT_ID)
        .input("azure-tenant-id", TENANT)
        .input("azure-client-secret", CLIENT_SECRET);
  }

  Result run(ActionHarness h) {
    return h.run(Composition.real().withDeploy(wiring()), "deploy-env");
  }

  void devApps(String mode, Ends ends) {
    aca.app(SUBSCRIPTION, RG, "aca-shop-api-dev", mode, OLD, PINNED, ends);
    aca.app(SUBSCRIPTION, RG, "aca-shop-worker-dev", mode, OLD, PINNED, Ends.HEALTHY);
  }

  /** The app's health endpoint keeps answering 503 after the deploy. */
  void unhealthy() {
    wm.stubFor(
        get(urlPathEqualTo("/health")).willReturn(aResponse().withStatus(503).withBody("db down")));
  }

  List<LoggedRequest> patches(String app) {
    return wm.findAll(patchRequestedFor(urlPathEqualTo(appPath(SUBSCRIPTION, RG, app))));
  }

  @Test
  void deploysOneImageByDigestToTwoAppsAndRecordsTheDeployment() {
    devApps("Single", Ends.HEALTHY);
    github.createDeployment("dev");

    Result r = run(harness("dev").input("image", IMAGE));

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.outputs())
        .containsEntry("digest", DIGEST)
        .containsEntry("deployment-id", "1001")
        .containsEntry(
            "revisions",
            "{\"api\":\"aca-shop-api-dev--r2\",\"worker\":\"aca-shop-worker-dev--r2\"}")
        .containsEntry(
            "previous-revisions",
            "{\"api\":\"aca-shop-api-dev--r1\",\"worker\":\"aca-shop-worker-dev--r1\"}")
        .containsEntry("environment-url", "https://api.dev.shop.example")
        .containsEntry("rolled-back", "false");
    // the image is set by digest, the sidecar and everything outside the template are left alone
    for (String app : List.of("aca-shop-api-dev", "aca-shop-worker-dev")) {
      List<LoggedRequest> patch = patches(app);
      assertThat(patch).hasSize(1);
      assertThat(patch.get(0).getBodyAsString())
          .contains("\"image\":\"" + PINNED + "\"")
          .contains("\"image\":\"otel/opentelemetry-collector:0.98.0\"")
          .doesNotContain("configuration")
          .doesNotContain("secrets");
    }
    wm.verify(
        postRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments"))
            .withRequestBody(matchingJsonPath("$.ref", equalTo(SHA)))
            .withRequestBody(matchingJsonPath("$.environment", equalTo("dev")))
            .withRequestBody(matchingJsonPath("$.auto_merge", equalTo("false")))
            .withRequestBody(matchingJsonPath("$.required_contexts.size()", equalTo("0")))
            .withRequestBody(matchingJsonPath("$.production_environment", equalTo("false")))
            .withRequestBody(containing("\\\"digest\\\":\\\"" + DIGEST + "\\\"")));
    wm.verify(
        postRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments/1001/statuses"))
            .withRequestBody(matchingJsonPath("$.state", equalTo("in_progress")))
            .withRequestBody(
                matchingJsonPath(
                    "$.log_url", equalTo("https://github.com/acme/shop/actions/runs/4242"))));
    wm.verify(
        postRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments/1001/statuses"))
            .withRequestBody(matchingJsonPath("$.state", equalTo("success")))
            .withRequestBody(
                matchingJsonPath("$.environment_url", equalTo("https://api.dev.shop.example"))));
    assertThat(r.summary())
        .contains("| app | container app | previous image | new image | revision | duration |")
        .contains(
            "| api | aca-shop-api-dev | " + OLD + " | " + PINNED + " | aca-shop-api-dev--r2 |");
    assertThat(r.stdout())
        .contains("::notice title=deploy-env::Deployed " + PINNED + " to dev (2 app(s)).");
  }

  @Test
  void withoutAUrlTheEnvironmentUrlIsTheAppsIngressAddress() {
    aca.app(SUBSCRIPTION, RG, "aca-shop-api-test", "Single", OLD, PINNED, Ends.HEALTHY);
    github.createDeployment("test");

    Result r = run(harness("test").input("image", IMAGE));

    String url = "https://aca-shop-api-test.lemonbay-8d9b5898.westeurope.azurecontainerapps.io";
    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.outputs()).containsEntry("environment-url", url);
    wm.verify(
        postRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments/1001/statuses"))
            .withRequestBody(matchingJsonPath("$.state", equalTo("success")))
            .withRequestBody(matchingJsonPath("$.environment_url", equalTo(url))));
  }

  @Test
  void planReadsEverythingAndChangesNothing() {
    devApps("Single", Ends.HEALTHY);

    Result r = run(harness("dev").input("image", IMAGE).input("mode", "plan"));

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.stdout())
        .contains(
            "api: subscription "
                + SUBSCRIPTION
                + ", resource group rg-shop-dev, app aca-shop-api-dev")
        .contains("current image: " + OLD)
        .contains("image to set:  " + PINNED)
        .contains("Plan only: nothing was changed.");
    wm.verify(0, patchRequestedFor(urlPathMatching("/subscriptions/.*")));
    wm.verify(0, putRequestedFor(urlPathMatching("/subscriptions/.*")));
    wm.verify(0, postRequestedFor(urlPathMatching("/subscriptions/.*")));
    wm.verify(0, postRequestedFor(urlPathMatching("/repos/.*")));
    assertThat(r.outputs()).containsEntry("digest", DIGEST).doesNotContainKey("deployment-id");
  }

  @Test
  void aRevisionThatFailsToProvisionIsReportedWithItsErrorAndRolledBack() {
    devApps("Single", Ends.FAILED);
    github.createDeployment("dev");

    Result r = run(harness("dev").input("image", IMAGE));

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains("::error title=revision::")
        .contains("revision aca-shop-api-dev--r2 of aca-shop-api-dev failed")
        .contains("ImagePullBackOff (manifest unknown)")
        .contains("Rolled back 1 app(s)");
    assertThat(patches("aca-shop-api-dev")).hasSize(2);
    assertThat(patches("aca-shop-api-dev").get(1).getBodyAsString())
        .contains("\"image\":\"" + OLD + "\"");
    assertThat(patches("aca-shop-worker-dev")).as("the second app is never touched").isEmpty();
    // what is live again, for notify-slack's live-version (issue 19, item 13)
    assertThat(r.outputs())
        .containsEntry("rolled-back", "true")
        .containsEntry("rollback-from", PINNED)
        .containsEntry("rollback-to", OLD);
    wm.verify(
        postRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments/1001/statuses"))
            .withRequestBody(matchingJsonPath("$.state", equalTo("failure"))));
  }

  @Test
  void aRollbackThatFailsTooIsReportedWithTheOriginalFailure() {
    devApps("Single", Ends.FAILED);
    github.createDeployment("dev");
    wm.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.patch(
                urlPathEqualTo(appPath(SUBSCRIPTION, RG, "aca-shop-api-dev")))
            .inScenario("app-aca-shop-api-dev")
            .whenScenarioStateIs("patched")
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withStatus(409)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\": {\"code\": \"ContainerAppOperationInProgress\", \"message\": \"Another operation is in "
                            + "progress.\"}}")));

    Result r = run(harness("dev").input("image", IMAGE));

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains(
            "::error title=rollback::api: revision aca-shop-api-dev--r2 of aca-shop-api-dev "
                + "failed")
        .contains("ImagePullBackOff")
        .contains("Rolling back failed too: Azure refused to update")
        .contains("HTTP 409, ContainerAppOperationInProgress");
    wm.verify(
        postRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments/1001/statuses"))
            .withRequestBody(matchingJsonPath("$.state", equalTo("failure"))));
  }

  @Test
  void smokeFailureRollsBackBySettingThePreviousImageInSingleMode() {
    devApps("Single", Ends.HEALTHY);
    github.createDeployment("dev");
    unhealthy();

    Result r =
        run(harness("dev").input("image", IMAGE).input("smoke-url", github.api() + "/health"));

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains("::error title=smoke::Smoke checks failed on dev; rolled back 2 app(s)");
    assertThat(r.outputs())
        .containsEntry("rolled-back", "true")
        .containsEntry(
            "revisions",
            "{\"api\":\"aca-shop-api-dev--r3\",\"worker\":\"aca-shop-worker-dev--r3\"}");
    for (String app : List.of("aca-shop-api-dev", "aca-shop-worker-dev")) {
      assertThat(patches(app)).hasSize(2);
      assertThat(patches(app).get(1).getBodyAsString()).contains("\"image\":\"" + OLD + "\"");
    }
    wm.verify(0, postRequestedFor(urlPathMatching(".*/activate")));
    wm.verify(
        postRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments/1001/statuses"))
            .withRequestBody(matchingJsonPath("$.state", equalTo("failure"))));
    assertThat(r.summary())
        .contains("Smoke checks: failed")
        .contains("rolled back")
        .contains("FAIL " + github.api() + "/health");
    assertThat(
            wm.findAll(
                com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                    urlPathEqualTo("/health"))))
        .as("the smoke engine retried until smoke-timeout")
        .hasSizeGreaterThan(1);
  }

  @Test
  void passingSmokeChecksLetTheDeploySucceed() throws IOException {
    devApps("Single", Ends.HEALTHY);
    github.createDeployment("dev");
    wm.stubFor(
        get(urlPathEqualTo("/api/version"))
            .willReturn(
                okJson(
                    "{\"environment\": \"dev\", \"commit_sha\": \""
                        + SHA
                        + "\", \"deployed_at\": \"2026-11-17T09:00:00Z\"}")));
    Files.writeString(
        dir.resolve("smoke.yml"),
        """
        - name: version
          url: %s/api/version
          expect-version: true
        """
            .formatted(github.api()));

    Result r = run(harness("dev").input("image", IMAGE).input("smoke-checks-file", "smoke.yml"));

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.summary()).contains("Smoke checks: passed").contains("PASS version");
    assertThat(r.outputs()).containsEntry("rolled-back", "false");
  }

  /**
   * Issue 16 item 8: deploy-env's inline smoke has the same check kinds as smoke-check, so the
   * {@code sql:} entries of a checks file run against a real PostgreSQL (the 004 DB smoke test).
   */
  @Test
  void inlineSqlSmokeChecksRunAgainstTheDatabase() throws IOException {
    try (TestDatabase db = TestDatabase.create()) {
      db.execute(
          "CREATE TABLE connector (id int); INSERT INTO connector SELECT generate_series(1, 3)");
      devApps("Single", Ends.HEALTHY);
      github.createDeployment("dev");
      Files.writeString(
          dir.resolve("smoke.yml"),
          """
          - name: connectors seeded
            sql: SELECT id FROM connector
            min-rows: 3
          - name: three connectors
            sql: SELECT count(*) FROM connector
            equals: 3
          """);

      Result r =
          run(
              harness("dev")
                  .input("image", IMAGE)
                  .input("smoke-checks-file", "smoke.yml")
                  .input("smoke-database-url", db.url()));

      assertThat(r.exitCode()).as(r.stdout()).isZero();
      assertThat(r.summary())
          .contains("Smoke checks: passed")
          .contains("PASS connectors seeded (127.0.0.1:5432/" + db.name() + ")")
          .contains("PASS three connectors");
      assertThat(r.outputs()).containsEntry("rolled-back", "false");
    }
  }

  @Test
  void aFailingInlineSqlSmokeCheckRollsBack() throws IOException {
    try (TestDatabase db = TestDatabase.create()) {
      db.execute("CREATE TABLE connector (id int)");
      devApps("Single", Ends.HEALTHY);
      github.createDeployment("dev");
      Files.writeString(
          dir.resolve("smoke.yml"),
          """
          - name: connectors seeded
            sql: SELECT id FROM connector
            min-rows: 16
          """);

      Result r =
          run(
              harness("dev")
                  .input("image", IMAGE)
                  .input("smoke-checks-file", "smoke.yml")
                  .input("smoke-database-url", db.url())
                  .input("smoke-timeout", "2s"));

      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.stdout())
          .contains("::error title=smoke::Smoke checks failed on dev; rolled back 2 app(s)");
      assertThat(r.summary()).contains("FAIL connectors seeded").contains("16");
      assertThat(r.outputs()).containsEntry("rolled-back", "true");
    }
  }

  @Test
  void anInlineSqlCheckWithoutADatabaseIsBadInputBeforeAnythingIsDeployed() throws IOException {
    devApps("Single", Ends.HEALTHY);
    github.createDeployment("dev");
    Files.writeString(dir.resolve("smoke.yml"), "- name: rows\n  sql: SELECT 1\n  min-rows: 1\n");

    Result r = run(harness("dev").input("image", IMAGE).input("smoke-checks-file", "smoke.yml"));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout())
        .contains(
            "::error title=smoke-checks-file::Input 'smoke-checks-file': entry 'rows' is a SQL check,"
                + " but no database is given; set the smoke-database-url input");
    wm.verify(0, patchRequestedFor(urlPathMatching("/subscriptions/.*")));
    wm.verify(0, postRequestedFor(urlPathMatching("/repos/.*")));
  }

  @Test
  void theSmokeDatabasePasswordIsASecret() throws IOException {
    devApps("Single", Ends.HEALTHY);
    github.createDeployment("dev");
    Files.writeString(dir.resolve("smoke.yml"), "- name: rows\n  sql: SELECT 1\n  min-rows: 1\n");

    Result r =
        run(
            harness("dev")
                .input("image", IMAGE)
                .input("mode", "plan")
                .input("smoke-checks-file", "smoke.yml")
                .input("smoke-database-url", "postgres://app:Pw-7f3e9c1d@127.0.0.1:9/app"));

    assertThat(r.everything()).doesNotContain("Pw-7f3e9c1d");
    assertThat(r.stdout()).contains("::add-mask::Pw-7f3e9c1d");
  }

  @Test
  void smokeFailureReactivatesThePreviousRevisionAndMovesTrafficInMultipleMode() {
    devApps("Multiple", Ends.HEALTHY);
    github.createDeployment("dev");
    unhealthy();

    Result r =
        run(harness("dev").input("image", IMAGE).input("smoke-url", github.api() + "/health"));

    assertThat(r.exitCode()).isEqualTo(1);
    for (String app : List.of("aca-shop-api-dev", "aca-shop-worker-dev")) {
      wm.verify(
          postRequestedFor(
              urlPathEqualTo(
                  appPath(SUBSCRIPTION, RG, app) + "/revisions/" + app + "--r1/activate")));
      wm.verify(
          postRequestedFor(
              urlPathEqualTo(
                  appPath(SUBSCRIPTION, RG, app) + "/revisions/" + app + "--r2/deactivate")));
      List<LoggedRequest> patch = patches(app);
      assertThat(patch).hasSize(2);
      assertThat(patch.get(1).getBodyAsString())
          .contains("\"revisionName\":\"" + app + "--r1\"")
          .contains("\"weight\":100")
          .doesNotContain("\"template\"");
    }
    assertThat(r.outputs())
        .containsEntry("rolled-back", "true")
        .containsEntry(
            "revisions",
            "{\"api\":\"aca-shop-api-dev--r1\",\"worker\":\"aca-shop-worker-dev--r1\"}");
  }

  @Test
  void aRevisionThatNeverGetsReadyTimesOut() {
    devApps("Single", Ends.STUCK);
    github.createDeployment("dev");

    Result r =
        run(
            harness("dev")
                .input("image", IMAGE)
                .input("wait-timeout", "2m")
                .input("auto-rollback", "false"));

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains("::error title=wait-timeout::api: revision aca-shop-api-dev--r2")
        .contains("was not running and healthy within 2m")
        .contains("Raise 'wait-timeout'")
        .contains(
            "api: aca-shop-api-dev--r2 provisioning Provisioning, running Activating, health None");
    assertThat(time.slept()).isEqualTo(Duration.ofMinutes(2));
    assertThat(patches("aca-shop-api-dev")).as("auto-rollback is off").hasSize(1);
    assertThat(r.outputs()).containsEntry("rolled-back", "false");
  }

  @Test
  void armAndGitHubAreRetriedOn429And5xx() {
    devApps("Single", Ends.HEALTHY);
    github.createDeployment("dev");
    String api = appPath(SUBSCRIPTION, RG, "aca-shop-api-dev");
    wm.stubFor(
        get(urlPathEqualTo(api))
            .inScenario("throttle")
            .whenScenarioStateIs(STARTED)
            .willSetStateTo("busy")
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "0")
                    .withBody(
                        "{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"throttled\"}}")));
    wm.stubFor(
        get(urlPathEqualTo(api))
            .inScenario("throttle")
            .whenScenarioStateIs("busy")
            .willSetStateTo("fine")
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withStatus(503)
                    .withBody("{\"error\":{\"code\":\"ServiceUnavailable\"}}")));
    wm.stubFor(
        post(urlPathEqualTo("/repos/acme/shop/deployments"))
            .inScenario("gh")
            .whenScenarioStateIs(STARTED)
            .willSetStateTo("ok")
            .atPriority(1)
            .willReturn(aResponse().withStatus(502).withBody("{\"message\":\"Server Error\"}")));
    wm.stubFor(
        post(urlPathEqualTo("/repos/acme/shop/deployments"))
            .inScenario("gh")
            .whenScenarioStateIs("ok")
            .willSetStateTo("later")
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "1")
                    .withBody("{\"message\":\"API rate limit exceeded\"}")));

    Result r = run(harness("dev").input("image", IMAGE));

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.stdout())
        .contains("GitHub: HTTP 502 on POST")
        .contains("GitHub: HTTP 429 on POST");
    wm.verify(3, postRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments")));
    assertThat(wm.findAll(anyRequestedFor(urlPathEqualTo(api))).size()).isGreaterThanOrEqualTo(4);
    assertThat(r.outputs()).containsEntry("deployment-id", "1001");
  }

  @Test
  void secretsNeverAppearInOutputEvenWhenTheDeployFails() {
    devApps("Single", Ends.FAILED);
    github.createDeployment("dev");

    Result r =
        run(
            harness("dev")
                .input("image", IMAGE)
                .env("RUNNER_DEBUG", "1")
                .input("registry-username", "ci")
                .input("registry-password", "Reg1stryPa55-w0rd"));

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.everything()).doesNotContain("Reg1stryPa55-w0rd");
    assertThat(r.stdout())
        .contains("::add-mask::" + CLIENT_SECRET)
        .contains("::add-mask::" + GitHubStubs.TOKEN);
    assertThat(r.everything())
        .doesNotContain(CLIENT_SECRET)
        .doesNotContain(GitHubStubs.TOKEN)
        .doesNotContain(AzureStubs.ACCESS_TOKEN);
    wm.verify(
        postRequestedFor(urlPathEqualTo("/" + TENANT + "/oauth2/v2.0/token"))
            .withRequestBody(containing("client_id=" + CLIENT_ID)));
  }

  @Test
  void aTypoInTheEnvironmentsFileIsBadInputNamingTheKey() throws IOException {
    Files.writeString(
        dir.resolve(".github/bosun.yml"),
        CONFIG.replace("resource-group: rg-shop-prod", "resource-grup: rg-shop-prod"));

    Result r = run(harness("prod").input("image", IMAGE));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout())
        .contains("::error title=config::")
        .contains("unknown key 'environments.prod.resource-grup'");
    wm.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void badInputsAreRefusedBeforeAnyCall() {
    Result noImage = run(harness("dev"));
    Result badMode = run(harness("dev").input("image", IMAGE).input("mode", "yolo"));
    Result badApp = run(harness("dev").input("image", IMAGE).input("apps", "api\nfrontend"));
    Result badWait = run(harness("dev").input("image", IMAGE).input("wait-timeout", "soon"));
    Result zeroSmoke = run(harness("dev").input("image", IMAGE).input("smoke-timeout", "0s"));

    assertThat(noImage.exitCode()).isEqualTo(2);
    assertThat(noImage.stdout())
        .contains("::error title=image::Input required and not supplied: image");
    assertThat(badMode.stdout())
        .contains("Input 'mode' is 'yolo'; expected one of deploy, plan, rollback, status.");
    assertThat(badApp.stdout())
        .contains("Input 'apps' names 'frontend', which is not an app of environment dev");
    assertThat(badWait.stdout()).contains("Input 'wait-timeout' is not a duration: 'soon'");
    assertThat(zeroSmoke.stdout())
        .contains("::error title=smoke-timeout::Input 'smoke-timeout' must be longer than zero");
    wm.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void aBrokenSmokeChecksFileIsBadInputBeforeAnythingIsDeployed() throws IOException {
    devApps("Single", Ends.HEALTHY);
    github.createDeployment("dev");
    Files.writeString(
        dir.resolve("smoke.yml"),
        """
        - name: version
          ulr: https://api.dev.shop.example/api/version
        """);

    Result r = run(harness("dev").input("image", IMAGE).input("smoke-checks-file", "smoke.yml"));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout()).contains("::error title=smoke-checks-file::");
    wm.verify(0, patchRequestedFor(urlPathMatching("/subscriptions/.*")));
    wm.verify(0, postRequestedFor(urlPathMatching("/repos/.*")));
  }

  @Test
  void aMissingGitHubTokenSaysWhichPermissionIsNeeded() {
    devApps("Single", Ends.HEALTHY);

    Result r = run(harness("dev").input("image", IMAGE).input("github-token", ""));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout())
        .contains("::error title=github-token::")
        .contains("permissions: deployments: write");
  }

  @Test
  void aForbiddenGitHubTokenSaysWhichPermissionIsNeeded() {
    devApps("Single", Ends.HEALTHY);
    wm.stubFor(
        post(urlPathEqualTo("/repos/acme/shop/deployments"))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"message\":\"Resource not accessible by integration\",\"documentation_url\":"
                            + "\"https://docs.github.com/rest/deployments/deployments#create-a-deployment\",\"status\":\"403\"}")));

    Result r = run(harness("dev").input("image", IMAGE));

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains("::error title=github::")
        .contains("needs 'deployments: write'");
    wm.verify(0, patchRequestedFor(urlPathMatching("/subscriptions/.*")));
  }

  // --- gates, end to end on prod: each refuses, then passes ---

  ActionHarness prod() {
    return harness("prod")
        .input("image", "acrshop.azurecr.io/shop-web:v1.2.3")
        .input("apps", "web")
        .input("ref", "refs/tags/v1.2.3")
        .env("ACTIONS_ID_TOKEN_REQUEST_URL", github.oidcUrl())
        .env("ACTIONS_ID_TOKEN_REQUEST_TOKEN", GitHubStubs.OIDC_REQUEST_TOKEN);
  }

  void prodFacts(String jobEnvironment, boolean reviewers, boolean testedInTest, String builtFor) {
    images.with(
        "acrshop.azurecr.io/shop-web:v1.2.3",
        DIGEST,
        Map.of(
            "org.opencontainers.image.version",
            "1.2.3",
            "dev.bosun.build-environment",
            builtFor,
            "org.opencontainers.image.revision",
            TAGGED_COMMIT));
    github.oidc(jobEnvironment);
    github.environment("prod", reviewers);
    // web is built per environment: test ran its own build (another digest) of the commit prod's
    // image was built from
    String testBuild = "sha256:" + "b".repeat(64);
    github.deployments(
        "test",
        github.deployment(
            77,
            "test",
            testedInTest ? TAGGED_COMMIT : SHA,
            "{\"image\": \"acrshop.azurecr.io/shop-web@"
                + testBuild
                + "\", \"digest\": \""
                + testBuild
                + "\", \"apps\": {\"web\": \"aca-shop-web-test\"}}"));
    github.statuses(77, "success");
    github.createDeployment("prod");
    aca.app(
        PROD_SUBSCRIPTION,
        "rg-shop-prod",
        "aca-shop-web-prod",
        "Single",
        OLD,
        "acrshop.azurecr.io/shop-web@" + DIGEST,
        Ends.HEALTHY);
  }

  @Test
  void protectedRefusesAJobNotBoundToTheEnvironmentThenPasses() {
    prodFacts(null, true, true, "prod");
    Result refused = run(prod());
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.stdout())
        .contains("::error title=protected::")
        .contains("add 'environment: prod' to the deploying job");
    wm.verify(0, postRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments")));
    wm.verify(0, patchRequestedFor(urlPathMatching("/subscriptions/.*")));

    Result noOidc =
        run(
            prod()
                .env("ACTIONS_ID_TOKEN_REQUEST_URL", "")
                .input("azure-client-secret", CLIENT_SECRET));
    assertThat(noOidc.stdout())
        .contains("permissions: id-token: write")
        .contains("environment: prod");

    prodFacts("prod", true, true, "prod");
    Result passed = run(prod());
    assertThat(passed.exitCode()).as(passed.stdout()).isZero();
    assertThat(passed.summary())
        .contains("| protected | ✅ passed |")
        .contains("| reviewers | ✅ passed |")
        .contains(
            "| promote-from | ✅ passed | same commit 7a3f9e2 of web succeeded in test (deployment 77) |")
        .contains("| tags-only | ✅ passed |")
        .contains("| windows | ✅ passed |")
        .contains("| provenance | ✅ passed |");
    wm.verify(
        postRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments"))
            .withRequestBody(matchingJsonPath("$.production_environment", equalTo("true")))
            .withRequestBody(matchingJsonPath("$.ref", equalTo(TAGGED_COMMIT))));
  }

  @Test
  void aPromotionByVersionTagPassesTagsOnlyFromAWorkflowDispatchOnMain() {
    prodFacts("prod", true, true, "prod");

    Result r = run(prod().input("ref", "").env("GITHUB_REF", "refs/heads/main"));

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.summary())
        .contains("| tags-only | ✅ passed | tag v1.2.3 matches the image's version label |");
  }

  @Test
  void reviewersRefuseAnEnvironmentWithoutRequiredReviewers() {
    prodFacts("prod", false, true, "prod");

    Result r = run(prod());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains("::error title=reviewers::")
        .contains("Settings > Environments > prod > Required reviewers");
    assertThat(r.summary()).contains("| reviewers | ❌ refused |");
  }

  @Test
  void reviewersFailClosedWhenTheTokenCannotReadTheEnvironment() {
    prodFacts("prod", true, true, "prod");
    wm.stubFor(
        get(urlPathEqualTo("/repos/acme/shop/environments/prod"))
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"message\": \"Resource not accessible by integration\", \"status\": \"403\"}")));

    Result r = run(prod());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains("::error title=github::GitHub answered HTTP 403 to GET")
        .contains("add 'permissions: actions: read'");
    wm.verify(0, postRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments")));
  }

  @Test
  void promoteFromRefusesACommitNeverDeployedToTest() {
    prodFacts("prod", true, false, "prod");

    Result r = run(prod());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains(
            "[promote-from] web is built per environment, so promote-from looks "
                + "for the same commit, not the same digest: commit 7a3f9e2")
        .contains("Deploy web at this commit to test first");
  }

  @Test
  void promoteFromRefusesADigestNeverDeployedToTestForAnAppBuiltOnce() {
    images.with(
        IMAGE,
        DIGEST,
        Map.of(
            "org.opencontainers.image.version",
            "1.2.3",
            "org.opencontainers.image.revision",
            TAGGED_COMMIT));
    github.oidc("prod");
    github.environment("prod", true);
    github.deployments(
        "test",
        github.deployment(
            78,
            "test",
            TAGGED_COMMIT,
            "{\"digest\": \"sha256:"
                + "b".repeat(64)
                + "\", \"apps\": {\"api\": \"aca-shop-api-test\"}}"));
    github.statuses(78, "success", "in_progress");

    Result r = run(prod().input("image", IMAGE).input("apps", "api"));

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains(
            "[promote-from] Digest "
                + DIGEST
                + " has no successful deployment in "
                + "test. Deploy this same image to test first");
  }

  @Test
  void promoteFromAcceptsAnUpstreamSuccessThatGitHubLaterMarkedInactive() {
    prodFacts("prod", true, true, "prod");
    // test is not production: a later deploy there made GitHub add an inactive status to deployment
    // 77
    github.statuses(77, "inactive", "success", "in_progress");

    Result r = run(prod());

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.summary())
        .contains(
            "| promote-from | ✅ passed | same commit 7a3f9e2 of web succeeded in test (deployment 77) |");
  }

  @Test
  void provenanceRefusesADevBuiltFrontendInProdAndTagsOnlyABranch() {
    prodFacts("prod", true, true, "dev");

    Result r = run(prod().input("ref", "refs/heads/main"));

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains("::error title=gates::2 gate(s) refused")
        .contains("[tags-only] Ref 'refs/heads/main' is not a release tag")
        .contains("[provenance] web must be built for 'prod', and this image was built for 'dev'");
  }

  @Test
  void windowsRefuseOnFridayEveningUnlessOverriddenAndTheReasonIsRecorded() {
    prodFacts("prod", true, true, "prod");
    time = new FakeTime(Instant.parse("2026-11-20T16:30:00Z"));

    Result refused = run(prod());
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.stdout())
        .contains("::error title=windows::")
        .contains("It is Fri 17:30 Europe/Amsterdam, outside the deploy windows of 'prod'");

    Result overridden = run(prod().input("override-window", "INC-42 checkout down"));
    assertThat(overridden.exitCode()).as(overridden.stdout()).isZero();
    wm.verify(
        postRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments"))
            .withRequestBody(containing("override-window\\\":\\\"INC-42 checkout down")));
  }

  @Test
  void azureSignInUsesTheGitHubOidcTokenAsClientAssertionWithoutASecret() {
    devApps("Single", Ends.HEALTHY);
    github.createDeployment("dev");
    github.oidc(null);

    Result r =
        run(
            harness("dev")
                .input("image", IMAGE)
                .input("azure-client-secret", "")
                .env("RUNNER_DEBUG", "1")
                .env("ACTIONS_ID_TOKEN_REQUEST_URL", github.oidcUrl())
                .env("ACTIONS_ID_TOKEN_REQUEST_TOKEN", GitHubStubs.OIDC_REQUEST_TOKEN));

    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
    assertThat(r.stdout()).contains("Azure sign-in: OIDC federation for app " + CLIENT_ID);
    wm.verify(
        anyRequestedFor(urlPathMatching("/_apis/idtoken.*"))
            .withQueryParam("audience", equalTo("api://AzureADTokenExchange")));
    wm.verify(
        postRequestedFor(urlPathEqualTo("/" + TENANT + "/oauth2/v2.0/token"))
            .withRequestBody(
                containing(
                    "client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer")));
  }
}
