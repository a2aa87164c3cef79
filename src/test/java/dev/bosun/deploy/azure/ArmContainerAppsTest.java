package dev.bosun.deploy.azure;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.bosun.deploy.AzureStubs.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.bosun.actions.OidcTokenClient;
import dev.bosun.deploy.AzureStubs;
import dev.bosun.deploy.ContainerApps.AppId;
import dev.bosun.deploy.ContainerApps.AppState;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
    var choice = AzureCredentials.choose(Optional.of(CLIENT_ID), Optional.of(TENANT), Optional.of("s3cret-value"),
        false, none, settings);
    return new ArmContainerApps(choice::credential, TENANT, settings);
  }

  @Test
  void readsAnAppWithABearerTokenFromEntra() {
    wm.stubFor(get(urlPathEqualTo(appPath(SUBSCRIPTION, RG, api.name())))
        .willReturn(okJson(appJson(SUBSCRIPTION, RG, api.name(), "Single", "aca-shop-api-dev--r1",
            "aca-shop-api-dev--r1", "acrshop.azurecr.io/shop@sha256:" + "1".repeat(64), "{\"latestRevision\": true, \"weight\": 100}"))));

    AppState state = arm().app(api);

    assertThat(state.latestReadyRevision()).isEqualTo("aca-shop-api-dev--r1");
    assertThat(state.multipleRevisions()).isFalse();
    assertThat(state.containers()).hasSize(2);
    wm.verify(getRequestedFor(urlPathEqualTo(appPath(SUBSCRIPTION, RG, api.name())))
        .withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN))
        .withQueryParam("api-version", equalTo("2025-01-01")));
  }
}
