package dev.bosun.deploy;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.bosun.deploy.AzureStubs.CLIENT_ID;
import static dev.bosun.deploy.AzureStubs.SUBSCRIPTION;
import static dev.bosun.deploy.AzureStubs.TENANT;
import static dev.bosun.deploy.AzureStubs.appPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.bosun.cli.Composition;
import dev.bosun.deploy.AcaStubs.Ends;
import dev.bosun.testing.ActionHarness;
import dev.bosun.testing.ActionHarness.Result;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The release step on Azure Container Apps: the environment's Container Apps job runs once with the
 * new image and the command before any app changes. ARM on WireMock, shaped as the Jobs REST
 * reference shows it:
 * https://learn.microsoft.com/en-us/rest/api/resource-manager/containerapps/jobs/start (POST
 * .../jobs/{job}/start, 200 with a JobExecutionBase), .../jobs/get and .../jobs-executions (GET
 * .../jobs/{job}/executions/{name}).
 */
class ContainerAppsReleaseTest extends DeploySandbox {

  static final String JOB = "aca-shop-migrate-dev";
  static final String EXECUTION = JOB + "-7x2k9";
  static final String JOB_PATH =
      "/subscriptions/"
          + SUBSCRIPTION
          + "/resourceGroups/rg-shop-dev/providers/"
          + "Microsoft.App/jobs/"
          + JOB;

  @BeforeEach
  void writeEnvironmentsFile() throws IOException {
    Files.writeString(
        dir.resolve(".github/bosun.yml"),
        DeployEnvCommandTest.CONFIG.replace(
            "    url: https://api.dev.shop.example\n",
            "    url: https://api.dev.shop.example\n"
                + "    release: { app: api, command: [alembic, upgrade, head], timeout: 5m, job: "
                + JOB
                + " }\n"));
  }

  Result run() {
    DeploySystems wiring =
        new DeploySystems(
            azure.settings(),
            time,
            time,
            dev.bosun.deploy.target.Polling.standard(),
            HttpClient.newHttpClient(),
            (rt, access, az) ->
                new FakeImages()
                    .with(
                        DeployEnvCommandTest.IMAGE,
                        DeployEnvCommandTest.DIGEST,
                        java.util.Map.of()),
            rt -> new EngineSmokeRunner(rt, time, time));
    return new ActionHarness(dir)
        .env("GITHUB_API_URL", github.api())
        .input("environment", "dev")
        .input("image", DeployEnvCommandTest.IMAGE)
        .input("github-token", GitHubStubs.TOKEN)
        .input("azure-client-id", CLIENT_ID)
        .input("azure-tenant-id", TENANT)
        .input("azure-client-secret", DeployEnvCommandTest.CLIENT_SECRET)
        .run(Composition.real().withDeploy(wiring), "deploy-env");
  }

  /**
   * The job (its container has env and resources that the execution must keep) and one execution's
   * life.
   */
  void job(String finalStatus) {
    wm.stubFor(
        get(urlPathEqualTo(JOB_PATH))
            .willReturn(
                okJson(
                    """
        {"id": "%1$s", "name": "%2$s", "type": "Microsoft.App/jobs", "location": "West Europe",
         "properties": {"provisioningState": "Succeeded",
           "environmentId": "/subscriptions/%3$s/resourceGroups/rg-shop-dev/providers/Microsoft.App/managedEnvironments/cae-shop-dev",
           "configuration": {"triggerType": "Manual", "replicaTimeout": 1800, "replicaRetryLimit": 0,
             "manualTriggerConfig": {"parallelism": 1, "replicaCompletionCount": 1}},
           "template": {"containers": [{"name": "migrate", "image": "%4$s",
             "env": [{"name": "DATABASE_URL", "secretRef": "database-url"}],
             "resources": {"cpu": 0.5, "memory": "1Gi"}}]}}}
        """
                        .formatted(JOB_PATH, JOB, SUBSCRIPTION, DeployEnvCommandTest.OLD))));
    wm.stubFor(
        post(urlPathEqualTo(JOB_PATH + "/start"))
            .willReturn(
                okJson(
                    """
        {"name": "%s", "id": "%s/executions/%s"}
        """
                        .formatted(EXECUTION, JOB_PATH, EXECUTION))));
    String path = JOB_PATH + "/executions/" + EXECUTION;
    wm.stubFor(
        get(urlPathEqualTo(path))
            .inScenario("execution")
            .whenScenarioStateIs(STARTED)
            .willSetStateTo("done")
            .willReturn(okJson(execution("Running"))));
    wm.stubFor(
        get(urlPathEqualTo(path))
            .inScenario("execution")
            .whenScenarioStateIs("done")
            .willReturn(okJson(execution(finalStatus))));
  }

  static String execution(String status) {
    return """
        {"name": "%s", "id": "%s/executions/%s", "type": "Microsoft.App/jobs/executions",
         "properties": {"status": "%s", "startTime": "2026-11-17T09:00:05Z"}}
        """
        .formatted(EXECUTION, JOB_PATH, EXECUTION, status);
  }

  void devApps() {
    aca.app(
        SUBSCRIPTION,
        "rg-shop-dev",
        "aca-shop-api-dev",
        "Single",
        DeployEnvCommandTest.OLD,
        DeployEnvCommandTest.PINNED,
        Ends.HEALTHY);
    aca.app(
        SUBSCRIPTION,
        "rg-shop-dev",
        "aca-shop-worker-dev",
        "Single",
        DeployEnvCommandTest.OLD,
        DeployEnvCommandTest.PINNED,
        Ends.HEALTHY);
  }

  @Test
  void theJobRunsTheNewImageWithTheCommandBeforeAnyAppChanges() {
    devApps();
    job("Succeeded");
    github.createDeployment("dev");

    Result r = run();

    assertThat(r.exitCode()).as(r.everything()).isZero();
    wm.verify(
        1,
        postRequestedFor(urlPathEqualTo(JOB_PATH + "/start"))
            .withRequestBody(
                matchingJsonPath("$.containers[0].image", equalTo(DeployEnvCommandTest.PINNED)))
            .withRequestBody(matchingJsonPath("$.containers[0].name", equalTo("migrate")))
            .withRequestBody(matchingJsonPath("$.containers[0].command[2]", equalTo("head")))
            .withRequestBody(
                matchingJsonPath("$.containers[0].env[0].secretRef", equalTo("database-url")))
            .withRequestBody(matchingJsonPath("$.containers[0].resources.memory", equalTo("1Gi"))));
    List<ServeEvent> events =
        wm.getAllServeEvents().stream()
            .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate()))
            .toList();
    int started = indexOf(events, "POST", JOB_PATH + "/start");
    int firstPatch =
        indexOf(events, "PATCH", appPath(SUBSCRIPTION, "rg-shop-dev", "aca-shop-api-dev"));
    assertThat(started).isNotNegative().isLessThan(firstPatch);
    assertThat(r.stdout()).contains("Release: execution " + EXECUTION + " succeeded");
  }

  @Test
  void aFailedReleaseFailsTheDeployWithNothingRolledOut() {
    devApps();
    job("Failed");
    github.createDeployment("dev");

    Result r = run();

    assertThat(r.exitCode()).as(r.everything()).isEqualTo(1);
    assertThat(r.stdout())
        .contains("::error title=release::")
        .contains("is Failed; nothing was rolled out")
        .contains("az containerapp job logs show -n " + JOB);
    assertThat(
            wm.findAll(
                patchRequestedFor(
                    urlPathEqualTo(appPath(SUBSCRIPTION, "rg-shop-dev", "aca-shop-api-dev")))))
        .isEmpty();
    wm.verify(
        postRequestedFor(
                urlPathEqualTo(
                    "/repos/"
                        + GitHubStubs.REPO
                        + "/deployments/"
                        + GitHubStubs.DEPLOYMENT_ID
                        + "/statuses"))
            .withRequestBody(matchingJsonPath("$.state", equalTo("failure"))));
  }

  private static int indexOf(List<ServeEvent> events, String method, String path) {
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).getRequest().getMethod().getName().equals(method)
          && events.get(i).getRequest().getUrl().startsWith(path)) {
        return i;
      }
    }
    return -1;
  }
}
