package dev.bosun.deploy.azure;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.bosun.deploy.AzureStubs.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.bosun.actions.OidcTokenClient;
import dev.bosun.deploy.AzureStubs;
import dev.bosun.deploy.azure.ContainerApps.AppId;
import dev.bosun.deploy.azure.ContainerApps.AppState;
import dev.bosun.support.OutsideSystemException;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Container Apps adapter against ARM and Entra ID on WireMock's HTTPS port. */
class ArmContainerAppsTest {

  WireMockServer wm = new WireMockServer(options().dynamicPort().dynamicHttpsPort());
  AzureStubs azure = new AzureStubs(wm);
  AppId api = new AppId(SUBSCRIPTION, RG, "aca-shop-api-dev");

  @BeforeEach
  void start() {
    wm.start();
    azure.tokenEndpoint();
  }

  @AfterEach
  void stop() {
    wm.stop();
  }

  ArmContainerApps arm() {
    AzureSettings settings = azure.settings();
    OidcTokenClient none = audience -> Optional.empty();
    var choice =
        AzureCredentials.choose(
            Optional.of(CLIENT_ID),
            Optional.of(TENANT),
            Optional.of("s3cret-value"),
            false,
            none,
            settings);
    return new ArmContainerApps(choice::credential, TENANT, settings);
  }

  @Test
  void anUpdateAcceptedAsALongRunningOperationIsPolledToTheEnd() {
    String path = appPath(SUBSCRIPTION, RG, api.name());
    String operation =
        "/subscriptions/"
            + SUBSCRIPTION
            + "/providers/Microsoft.App/locations/westeurope/"
            + "containerappOperationStatuses/7c1e";
    wm.stubFor(
        get(urlPathEqualTo(path))
            .willReturn(
                okJson(
                    appJson(
                        SUBSCRIPTION,
                        RG,
                        api.name(),
                        "Single",
                        "aca-shop-api-dev--r1",
                        "aca-shop-api-dev--r1",
                        "acrshop.azurecr.io/shop@sha256:" + "1".repeat(64),
                        "{\"latestRevision\": true, \"weight\": 100}"))));
    wm.stubFor(
        patch(urlPathEqualTo(path))
            .willReturn(
                aResponse()
                    .withStatus(202)
                    .withHeader(
                        "Azure-AsyncOperation",
                        azure.base() + operation.substring(1) + "?api-version=2025-01-01")
                    .withHeader(
                        "Location",
                        azure.base() + operation.substring(1) + "?api-version=2025-01-01")
                    .withHeader("Retry-After", "0")));
    wm.stubFor(
        get(urlPathEqualTo(operation))
            .inScenario("lro")
            .whenScenarioStateIs(STARTED)
            .willSetStateTo("done")
            .willReturn(
                okJson(
                    "{\"id\": \""
                        + operation
                        + "\", \"name\": \"7c1e\", \"status\": \"InProgress\","
                        + " \"startTime\": \"2026-11-21T09:00:00Z\"}")));
    wm.stubFor(
        get(urlPathEqualTo(operation))
            .inScenario("lro")
            .whenScenarioStateIs("done")
            .willReturn(
                okJson(
                    "{\"id\": \""
                        + operation
                        + "\", \"name\": \"7c1e\", \"status\": \"Succeeded\","
                        + " \"startTime\": \"2026-11-21T09:00:00Z\"}")));

    arm()
        .setImage(
            api, api.name(), "acrshop.azurecr.io/shop@sha256:" + "2".repeat(64), Optional.empty());

    wm.verify(1, patchRequestedFor(urlPathEqualTo(path)));
    wm.verify(2, getRequestedFor(urlPathEqualTo(operation)));
  }

  @Test
  void aForbiddenUpdateNamesTheRoleToGrant() {
    String path = appPath(SUBSCRIPTION, RG, api.name());
    wm.stubFor(
        get(urlPathEqualTo(path))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\": {\"code\": \"AuthorizationFailed\", \"message\": \"The client "
                            + "does not have authorization to perform action 'Microsoft.App/containerApps/read'.\"}}")));

    assertThatThrownBy(() -> arm().app(api))
        .isInstanceOf(OutsideSystemException.class)
        .hasMessageContaining("HTTP 403, AuthorizationFailed")
        .hasMessageContaining("'Contributor' role")
        .hasMessageContaining("resource group " + RG);
  }

  @Test
  void readsAnAppWithABearerTokenFromEntra() {
    wm.stubFor(
        get(urlPathEqualTo(appPath(SUBSCRIPTION, RG, api.name())))
            .willReturn(
                okJson(
                    appJson(
                        SUBSCRIPTION,
                        RG,
                        api.name(),
                        "Single",
                        "aca-shop-api-dev--r1",
                        "aca-shop-api-dev--r1",
                        "acrshop.azurecr.io/shop@sha256:" + "1".repeat(64),
                        "{\"latestRevision\": true, \"weight\": 100}"))));

    AppState state = arm().app(api);

    assertThat(state.latestReadyRevision()).isEqualTo("aca-shop-api-dev--r1");
    assertThat(state.multipleRevisions()).isFalse();
    assertThat(state.containers()).hasSize(2);
    wm.verify(
        getRequestedFor(urlPathEqualTo(appPath(SUBSCRIPTION, RG, api.name())))
            .withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN))
            .withQueryParam("api-version", equalTo("2025-01-01")));
  }

  /**
   * Multiple-revision mode: a team keeps labelled revisions (blue/green URLs) in ingress.traffic
   * (https://learn.microsoft.com/en-us/rest/api/resource-manager/containerapps/container-apps/update,
   * TrafficWeight: revisionName, weight, latestRevision, label). Moving all traffic to the new
   * revision keeps those entries, at weight 0, and drops only the unlabelled weights bosun
   * replaces.
   */
  @Test
  void movingAllTrafficKeepsTheLabelledRevisions() {
    String path = appPath(SUBSCRIPTION, RG, api.name());
    wm.stubFor(
        get(urlPathEqualTo(path))
            .willReturn(
                okJson(
                    appJson(
                        SUBSCRIPTION,
                        RG,
                        api.name(),
                        "Multiple",
                        "aca-shop-api-dev--r3",
                        "aca-shop-api-dev--r3",
                        "acrshop.azurecr.io/shop@sha256:" + "3".repeat(64),
                        "{\"revisionName\": \"aca-shop-api-dev--r1\", \"weight\": 90},"
                            + " {\"revisionName\": \"aca-shop-api-dev--r2\", \"weight\": 10, \"label\": \"canary\"},"
                            + " {\"revisionName\": \"aca-shop-api-dev--r0\", \"weight\": 0, \"label\": \"blue\"}"))));
    wm.stubFor(
        patch(urlPathEqualTo(path))
            .willReturn(
                okJson(
                    appJson(
                        SUBSCRIPTION,
                        RG,
                        api.name(),
                        "Multiple",
                        "aca-shop-api-dev--r3",
                        "aca-shop-api-dev--r3",
                        "acrshop.azurecr.io/shop@sha256:" + "3".repeat(64),
                        "{\"revisionName\": \"aca-shop-api-dev--r3\", \"weight\": 100}"))));

    arm().sendAllTraffic(api, "aca-shop-api-dev--r3");

    String body = wm.findAll(patchRequestedFor(urlPathEqualTo(path))).get(0).getBodyAsString();
    assertThat(body)
        .contains("{\"revisionName\":\"aca-shop-api-dev--r3\",\"weight\":100}")
        .contains("{\"revisionName\":\"aca-shop-api-dev--r2\",\"weight\":0,\"label\":\"canary\"}")
        .contains("{\"revisionName\":\"aca-shop-api-dev--r0\",\"weight\":0,\"label\":\"blue\"}")
        .doesNotContain("\"weight\":90");
  }
}
