package dev.bosun.deploy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.bosun.deploy.AzureStubs.appJson;
import static dev.bosun.deploy.AzureStubs.appPath;
import static dev.bosun.deploy.AzureStubs.revisionJson;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * One Container App's life during a deploy on WireMock: before the PATCH it shows the old revision;
 * after it, the new revision, which is provisioning on the first look and then reaches {@code
 * finalState}.
 */
public final class AcaStubs {

  /** How the new revision ends up. */
  public enum Ends {
    HEALTHY,
    FAILED,
    STUCK
  }

  private final WireMockServer server;

  public AcaStubs(WireMockServer server) {
    this.server = server;
  }

  public void app(
      String subscription,
      String rg,
      String app,
      String mode,
      String oldImage,
      String newImage,
      Ends ends) {
    String path = appPath(subscription, rg, app);
    String scenario = "app-" + app;
    String oldRev = app + "--r1";
    String newRev = app + "--r2";
    String backRev = app + "--r3";
    String traffic = "{\"latestRevision\": true, \"weight\": 100}";
    server.stubFor(
        get(urlPathEqualTo(path))
            .inScenario(scenario)
            .whenScenarioStateIs(STARTED)
            .willReturn(
                okJson(appJson(subscription, rg, app, mode, oldRev, oldRev, oldImage, traffic))));
    server.stubFor(
        patch(urlPathEqualTo(path))
            .inScenario(scenario)
            .whenScenarioStateIs(STARTED)
            .willSetStateTo("patched")
            .willReturn(
                okJson(appJson(subscription, rg, app, mode, newRev, oldRev, newImage, traffic))));
    server.stubFor(
        get(urlPathEqualTo(path))
            .inScenario(scenario)
            .whenScenarioStateIs("patched")
            .willReturn(
                okJson(appJson(subscription, rg, app, mode, newRev, oldRev, newImage, traffic))));
    // a second PATCH is the rollback (previous image in single mode, traffic in multiple mode)
    server.stubFor(
        patch(urlPathEqualTo(path))
            .inScenario(scenario)
            .whenScenarioStateIs("patched")
            .willSetStateTo("rolled-back")
            .willReturn(
                okJson(appJson(subscription, rg, app, mode, backRev, oldRev, oldImage, traffic))));
    server.stubFor(
        get(urlPathEqualTo(path))
            .inScenario(scenario)
            .whenScenarioStateIs("rolled-back")
            .willReturn(
                okJson(
                    appJson(
                        subscription,
                        rg,
                        app,
                        mode,
                        "Single".equals(mode) ? backRev : newRev,
                        oldRev,
                        "Single".equals(mode) ? oldImage : newImage,
                        "{\"revisionName\": \"" + oldRev + "\", \"weight\": 100}"))));
    server.stubFor(
        post(urlPathEqualTo(path + "/revisions/" + oldRev + "/activate"))
            .willReturn(aResponse().withStatus(200)));
    server.stubFor(
        post(urlPathEqualTo(path + "/revisions/" + newRev + "/deactivate"))
            .willReturn(aResponse().withStatus(200)));

    server.stubFor(
        get(urlPathEqualTo(path + "/revisions/" + oldRev))
            .willReturn(
                okJson(
                    revisionJson(
                        subscription,
                        rg,
                        app,
                        oldRev,
                        oldImage,
                        "Provisioned",
                        "Running",
                        "Healthy",
                        true,
                        0,
                        null))));
    server.stubFor(
        get(urlPathEqualTo(path + "/revisions/" + backRev))
            .willReturn(
                okJson(
                    revisionJson(
                        subscription,
                        rg,
                        app,
                        backRev,
                        oldImage,
                        "Provisioned",
                        "Running",
                        "Healthy",
                        true,
                        100,
                        null))));
    String revScenario = "rev-" + newRev;
    server.stubFor(
        get(urlPathEqualTo(path + "/revisions/" + newRev))
            .inScenario(revScenario)
            .whenScenarioStateIs(STARTED)
            .willSetStateTo(ends == Ends.STUCK ? STARTED : "up")
            .willReturn(
                okJson(
                    revisionJson(
                        subscription,
                        rg,
                        app,
                        newRev,
                        newImage,
                        "Provisioning",
                        "Activating",
                        "None",
                        true,
                        0,
                        null))));
    String finalJson =
        switch (ends) {
          case HEALTHY ->
              revisionJson(
                  subscription,
                  rg,
                  app,
                  newRev,
                  newImage,
                  "Provisioned",
                  "Running",
                  "Healthy",
                  true,
                  100,
                  null);
          case FAILED ->
              revisionJson(
                  subscription,
                  rg,
                  app,
                  newRev,
                  newImage,
                  "Failed",
                  "Failed",
                  "Unhealthy",
                  true,
                  0,
                  "Container 'shop' failed to start: ImagePullBackOff (manifest unknown)");
          case STUCK ->
              revisionJson(
                  subscription,
                  rg,
                  app,
                  newRev,
                  newImage,
                  "Provisioning",
                  "Activating",
                  "None",
                  true,
                  0,
                  null);
        };
    server.stubFor(
        get(urlPathEqualTo(path + "/revisions/" + newRev))
            .inScenario(revScenario)
            .whenScenarioStateIs("up")
            .willReturn(okJson(finalJson)));
  }
}
