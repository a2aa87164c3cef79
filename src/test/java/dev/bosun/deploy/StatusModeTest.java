package dev.bosun.deploy;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.bosun.deploy.AzureStubs.CLIENT_ID;
import static dev.bosun.deploy.AzureStubs.SUBSCRIPTION;
import static dev.bosun.deploy.AzureStubs.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.bosun.cli.Composition;
import dev.bosun.deploy.AcaStubs.Ends;
import dev.bosun.testing.ActionHarness;
import dev.bosun.testing.ActionHarness.Result;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * mode: status, end to end: live images from ARM, versions from GitHub's deployments, /api/version,
 * compared.
 */
class StatusModeTest extends DeploySandbox {

  static final String PROD_SUB = DeployEnvCommandTest.PROD_SUBSCRIPTION;
  static final String V123 = "sha256:" + "1".repeat(64);
  static final String V122 = "sha256:" + "2".repeat(64);

  @BeforeEach
  void writeEnvironmentsFile() throws IOException {
    Files.writeString(
        dir.resolve(".github/bosun.yml"),
        """
        registry: acrshop.azurecr.io
        environments:
          staging:
            target: azure-container-apps
            subscription: %1$s
            resource-group: rg-shop-dev
            apps: { api: aca-shop-api-staging, web: aca-shop-web-staging }
            url: %3$s/staging
          prod:
            target: azure-container-apps
            subscription: %2$s
            resource-group: rg-shop-prod
            apps: { api: aca-shop-api-prod, web: aca-shop-web-prod }
            url: %3$s/prod
            protected: true
        """
            .formatted(SUBSCRIPTION, PROD_SUB, github.api()));
  }

  static String payload(String digest, String version) {
    return "{\"image\": \"acrshop.azurecr.io/shop@"
        + digest
        + "\", \"digest\": \""
        + digest
        + "\", \"tag\": \""
        + version
        + "\", \"actor\": \"release-bot\"}";
  }

  @Test
  void showsWhatIsDeployedWhereAndComparesStagingWithProd() {
    aca.app(
        SUBSCRIPTION,
        "rg-shop-dev",
        "aca-shop-api-staging",
        "Single",
        "acrshop.azurecr.io/shop@" + V123,
        "x",
        Ends.HEALTHY);
    aca.app(
        SUBSCRIPTION,
        "rg-shop-dev",
        "aca-shop-web-staging",
        "Single",
        "acrshop.azurecr.io/shop@" + V123,
        "x",
        Ends.HEALTHY);
    aca.app(
        PROD_SUB,
        "rg-shop-prod",
        "aca-shop-api-prod",
        "Single",
        "acrshop.azurecr.io/shop@" + V122,
        "x",
        Ends.HEALTHY);
    aca.app(
        PROD_SUB,
        "rg-shop-prod",
        "aca-shop-web-prod",
        "Single",
        "acrshop.azurecr.io/shop@" + V123,
        "x",
        Ends.HEALTHY);
    github.deployments(
        "staging",
        github.deployment(
            20, "staging", "abcdef1234567890abcdef1234567890abcdef12", payload(V123, "v1.2.3")));
    github.statuses(20, "success");
    github.deployments(
        "prod",
        github.deployment(
            31, "prod", "abcdef1234567890abcdef1234567890abcdef12", payload(V123, "v1.2.3")),
        github.deployment(
            30, "prod", "9999991234567890abcdef1234567890abcdef12", payload(V122, "v1.2.2")));
    github.statuses(31, "success");
    github.statuses(30, "success");
    wm.stubFor(
        get(urlPathEqualTo("/staging/api/version"))
            .willReturn(
                okJson(
                    "{\"environment\": \"staging\", \"branch\": \"v1.2.3\", \"commit_sha\": \"abcdef1234567890\","
                        + " \"deployed_at\": \"2026-11-20T10:30:00Z\"}")));
    wm.stubFor(
        get(urlPathEqualTo("/prod/api/version")).willReturn(WireMock.aResponse().withStatus(503)));

    Result r =
        new ActionHarness(dir)
            .env("GITHUB_API_URL", github.api())
            .input("mode", "status")
            .input("github-token", GitHubStubs.TOKEN)
            .input("azure-client-id", CLIENT_ID)
            .input("azure-tenant-id", TENANT)
            .input("azure-client-secret", "status-secret")
            .run(Composition.real().withDeploy(wiring()), "deploy-env");

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.summary())
        .contains(
            "| environment | app | container app | version | commit | digest | revision | deployed | by |")
        .contains(
            "| staging | api | aca-shop-api-staging | v1.2.3 | abcdef1 | sha256:111111111111 | "
                + "aca-shop-api-staging--r1 | 2026-11-20T10:00:00Z | release-bot | v1.2.3 abcdef1 deployed "
                + "2026-11-20T10:30:00Z |")
        .contains("| prod | api | aca-shop-api-prod | v1.2.2 | 9999991 |")
        .contains("HTTP 503")
        .contains(
            "api: prod runs v1.2.2 sha256:222222222222, staging runs v1.2.3 sha256:111111111111")
        .contains("web: prod runs the same image as staging (v1.2.3 sha256:111111111111)");
    assertThat(r.stdout()).contains("staging | api | aca-shop-api-staging | v1.2.3");
    wm.verify(0, WireMock.patchRequestedFor(urlPathMatching("/subscriptions/.*")));
    wm.verify(0, WireMock.postRequestedFor(urlPathMatching("/repos/.*")));
    assertThat(wm.findAll(anyRequestedFor(urlPathMatching("/subscriptions/.*")))).hasSize(4);
  }

  @Test
  void anAppThatCannotBeReadIsReportedAndTheRestStillShows() {
    aca.app(
        SUBSCRIPTION,
        "rg-shop-dev",
        "aca-shop-api-staging",
        "Single",
        "acrshop.azurecr.io/shop@" + V123,
        "x",
        Ends.HEALTHY);
    wm.stubFor(
        get(urlPathEqualTo(AzureStubs.appPath(SUBSCRIPTION, "rg-shop-dev", "aca-shop-web-staging")))
            .willReturn(
                WireMock.aResponse()
                    .withStatus(404)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\": {\"code\": \"ResourceNotFound\", \"message\": \"The Resource "
                            + "'Microsoft.App/containerApps/aca-shop-web-staging' was not found.\"}}")));
    github.deployments("staging");

    Result r =
        new ActionHarness(dir)
            .env("GITHUB_API_URL", github.api())
            .input("mode", "status")
            .input("environment", "staging")
            .input("github-token", GitHubStubs.TOKEN)
            .input("azure-client-id", CLIENT_ID)
            .input("azure-tenant-id", TENANT)
            .input("azure-client-secret", "status-secret")
            .run(Composition.real().withDeploy(wiring()), "deploy-env");

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.summary())
        .contains("| staging | api | aca-shop-api-staging |")
        .contains("| staging | web | aca-shop-web-staging |  |  | (unreadable) |")
        .contains(
            "staging/web: Azure refused to read Container App aca-shop-web-staging (HTTP 404, ResourceNotFound");
    assertThat(r.stdout()).contains("::warning title=deploy-env status::staging/web:");
  }

  DeploySystems wiring() {
    return new DeploySystems(
        azure.settings(),
        time,
        time,
        dev.bosun.deploy.target.Polling.standard(),
        HttpClient.newHttpClient(),
        (rt, access, azure) -> new FakeImages(),
        rt -> new EngineSmokeRunner(rt, time, time));
  }
}
