package dev.bosun.deploy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.notMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.bosun.deploy.AzureStubs.CLIENT_ID;
import static dev.bosun.deploy.AzureStubs.SUBSCRIPTION;
import static dev.bosun.deploy.AzureStubs.TENANT;
import static dev.bosun.deploy.AzureStubs.appPath;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.azure.AzureCloud;
import dev.bosun.cli.Composition;
import dev.bosun.deploy.AcaStubs.Ends;
import dev.bosun.deploy.azure.AzureSettings;
import dev.bosun.testing.ActionHarness;
import dev.bosun.testing.ActionHarness.Result;
import dev.bosun.testing.CloudLoopback;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * deploy-env's Azure sign-in (issue 13, items 6 and 10): a refusal is final, an unanswered sign-in
 * ends at its bound and says what it waited for, each cloud is reached at its own endpoints, and a
 * plan outlives an unreachable GitHub. Entra's token endpoint answers as
 * https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow shows
 * (success and error responses); ARM and the clouds' hosts as
 * https://learn.microsoft.com/en-us/entra/identity-platform/authentication-national-cloud lists
 * them.
 */
class AzureSignInTest extends DeploySandbox {

  static final String IMAGE = DeployEnvCommandTest.IMAGE;
  static final String PINNED = DeployEnvCommandTest.PINNED;
  static final String OLD = DeployEnvCommandTest.OLD;
  static final String TOKEN_PATH = "/" + TENANT + "/oauth2/v2.0/token";

  FakeImages images = new FakeImages().with(IMAGE, DeployEnvCommandTest.DIGEST, Map.of());

  @BeforeEach
  void environmentsFile() throws IOException {
    Files.writeString(dir.resolve(".github/bosun.yml"), DeployEnvCommandTest.CONFIG);
  }

  DeploySystems wiring(AzureSettings settings) {
    return new DeploySystems(
        settings,
        time,
        time,
        dev.bosun.deploy.target.Polling.standard(),
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
        (rt, access, azure) -> images,
        rt -> new EngineSmokeRunner(rt, time, time));
  }

  Result run(ActionHarness h, DeploySystems systems) {
    return h.run(Composition.real().withDeploy(systems), "deploy-env");
  }

  ActionHarness plan(String environment) {
    return new ActionHarness(dir)
        .env("GITHUB_API_URL", github.api())
        .input("environment", environment)
        .input("mode", "plan")
        .input("image", IMAGE)
        .input("github-token", GitHubStubs.TOKEN)
        .input("azure-client-id", CLIENT_ID)
        .input("azure-tenant-id", TENANT)
        .input("azure-client-secret", DeployEnvCommandTest.CLIENT_SECRET);
  }

  void devApps() {
    aca.app(SUBSCRIPTION, AzureStubs.RG, "aca-shop-api-dev", "Single", OLD, PINNED, Ends.HEALTHY);
    aca.app(
        SUBSCRIPTION, AzureStubs.RG, "aca-shop-worker-dev", "Single", OLD, PINNED, Ends.HEALTHY);
  }

  @Test
  void aWrongClientSecretIsRefusedOnceAndTheMessageSaysWhatToFix() {
    // given: Entra's answer to a wrong secret (error response of the client credentials grant)
    wm.stubFor(
        post(urlPathEqualTo(TOKEN_PATH))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("Content-Type", "application/json; charset=utf-8")
                    .withBody(
                        """
            {"error": "invalid_client",
             "error_description": "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '5a1b2c3d-0000-4000-8000-00000000c0de'. Trace ID: 0000aaaa-11bb-cccc-dd22-eeeeee333333 Correlation ID: aaaa0000-bb11-2222-33cc-444444dddddd Timestamp: 2026-11-17 09:00:00Z",
             "error_codes": [7000215], "timestamp": "2026-11-17 09:00:00Z",
             "trace_id": "0000aaaa-11bb-cccc-dd22-eeeeee333333", "correlation_id": "aaaa0000-bb11-2222-33cc-444444dddddd",
             "error_uri": "https://login.microsoftonline.com/error?code=7000215"}
            """)));
    devApps();

    // when
    Result r = run(plan("dev"), wiring(azure.settings()));

    // then: one request, no retries by ARM's policy, and a message that says which input to fix
    assertThat(r.exitCode()).as(r.stdout()).isEqualTo(1);
    wm.verify(1, postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
    wm.verify(0, getRequestedFor(urlPathMatching("/subscriptions/.*")));
    assertThat(r.stdout())
        .contains(
            "Azure sign-in: client secret for app "
                + CLIENT_ID
                + " at https://login.microsoftonline.com/"
                + TENANT
                + " (waits at most 20s)")
        .contains(
            "::error title=azure::Azure sign-in (client secret for app "
                + CLIENT_ID
                + ") was refused by Entra "
                + "ID at https://login.microsoftonline.com/"
                + TENANT
                + " (HTTP 401 invalid_client: AADSTS7000215")
        .contains(
            "The client secret is wrong or expired: create a new one for the app registration and put it in "
                + "azure-client-secret");
    assertThat(r.everything()).doesNotContain(DeployEnvCommandTest.CLIENT_SECRET);
  }

  @Test
  void anUnansweredSignInEndsAtItsBoundAndSaysWhatItWaitedFor() {
    // given: Entra accepts the connection and does not answer within the bound
    wm.stubFor(
        post(urlPathEqualTo(TOKEN_PATH))
            .willReturn(
                okJson(
                        "{\"token_type\":\"Bearer\",\"expires_in\":3599,"
                            + "\"access_token\":\"late\"}")
                    .withFixedDelay(8_000)));
    devApps();

    // when
    Result r =
        run(plan("dev"), wiring(azure.settings(AzureCloud.AZURE_CLOUD, Duration.ofSeconds(1))));

    // then
    assertThat(r.exitCode()).as(r.stdout()).isEqualTo(1);
    assertThat(r.stdout())
        .contains(
            "Azure sign-in: client secret for app "
                + CLIENT_ID
                + " at https://login.microsoftonline.com/"
                + TENANT
                + " (waits at most 1s)")
        .contains(
            "Azure sign-in (client secret for app "
                + CLIENT_ID
                + ") got no answer from Entra ID at "
                + "https://login.microsoftonline.com/"
                + TENANT
                + " within 1s for a token for "
                + "https://management.core.windows.net//.default. Check that this runner reaches login.microsoftonline.com");
    wm.verify(1, postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
  }

  /**
   * The ARM SDK asks for its cloud's management resource; ARM answers at the cloud's resource
   * manager host.
   */
  @ParameterizedTest
  @CsvSource({
    "AzureCloud, login.microsoftonline.com, management.azure.com, management.core.windows.net",
    "azureusgovernment, login.microsoftonline.us, management.usgovcloudapi.net, management.core.usgovcloudapi.net",
    "AzureChinaCloud, login.chinacloudapi.cn, management.chinacloudapi.cn, management.core.chinacloudapi.cn"
  })
  void eachCloudIsReachedAtItsOwnArmAndAuthority(
      String cloud, String loginHost, String armHost, String resource) {
    devApps();
    // an image outside ACR, so that every cloud may deploy it
    String image = "ghcr.io/acme/shop:" + DeployEnvCommandTest.SHA;
    images.with(image, DeployEnvCommandTest.DIGEST, Map.of());

    Result r =
        run(
            plan("dev").input("azure-environment", cloud).input("image", image),
            wiring(azure.settings()));

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.stdout()).contains("current image: " + OLD);
    wm.verify(
        1,
        postRequestedFor(urlPathEqualTo(TOKEN_PATH))
            .withHeader(CloudLoopback.ORIGINAL_HOST, equalTo(loginHost))
            .withRequestBody(
                containing(
                    URLEncoder.encode(
                        "https://" + resource + "//.default", StandardCharsets.UTF_8))));
    wm.verify(
        getRequestedFor(urlPathEqualTo(appPath(SUBSCRIPTION, AzureStubs.RG, "aca-shop-api-dev")))
            .withHeader(CloudLoopback.ORIGINAL_HOST, equalTo(armHost))
            .withHeader("Authorization", equalTo("Bearer " + AzureStubs.ACCESS_TOKEN)));
    wm.verify(
        0,
        getRequestedFor(urlPathMatching("/subscriptions/.*"))
            .withHeader(
                CloudLoopback.ORIGINAL_HOST, notMatching(java.util.regex.Pattern.quote(armHost))));
  }

  @Test
  void anUnknownCloudIsBadInputBeforeAnyCall() {
    Result r =
        run(plan("dev").input("azure-environment", "AzureGermanCloud"), wiring(azure.settings()));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout())
        .contains(
            "::error title=azure-environment::Input 'azure-environment' must be one of "
                + "AzureCloud, AzureUSGovernment, AzureChinaCloud (as azure/login names them), not 'AzureGermanCloud'.");
    assertThat(wm.getAllServeEvents()).isEmpty();
  }

  @Test
  void anImageInAnotherCloudsRegistryIsBadInputBeforeAnyCall() {
    Result r =
        run(plan("dev").input("image", "acrshop.azurecr.cn/shop:v1.2.3"), wiring(azure.settings()));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout())
        .contains(
            "::error title=image::acrshop.azurecr.cn is a registry of AzureChinaCloud, and "
                + "azure-environment is AzureCloud. Set 'azure-environment: AzureChinaCloud' to sign in there.");
    assertThat(wm.getAllServeEvents()).isEmpty();
  }

  @Test
  void aPlanWithGitHubUnreachableShowsWhatItLearnedAndMarksTheRestUnknown() throws IOException {
    // given: prod's apps and image are readable, GitHub's API is a closed port
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    aca.app(
        DeployEnvCommandTest.PROD_SUBSCRIPTION,
        "rg-shop-prod",
        "aca-shop-api-prod",
        "Single",
        OLD,
        PINNED,
        Ends.HEALTHY);
    aca.app(
        DeployEnvCommandTest.PROD_SUBSCRIPTION,
        "rg-shop-prod",
        "aca-shop-web-prod",
        "Single",
        OLD,
        PINNED,
        Ends.HEALTHY);

    // when
    Result r =
        run(
            plan("prod").env("GITHUB_API_URL", "http://127.0.0.1:" + closed),
            wiring(azure.settings()));

    // then: the plan is whole, the GitHub gates are unknown (never passed), the others are decided
    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.stdout())
        .contains("current image: " + OLD)
        .contains("gate reviewers: UNKNOWN - Could not read GitHub environment prod: ")
        .contains("gate promote-from: UNKNOWN - Could not read the deployments of test: ")
        .contains("(not asked again in this plan)")
        .contains("gate protected: REFUSE")
        .contains("gate windows: pass")
        .contains("2 gate(s) unknown, which a deploy would refuse until they can be checked")
        .contains(
            "::warning title=deploy-env plan%3A reviewers::Unknown, so a deploy would refuse: ")
        .contains("Plan only: nothing was changed.");
    assertThat(r.summary())
        .contains("| reviewers | ❔ unknown |")
        .contains("| windows | ✅ passed |");
    assertThat(r.outputs()).containsEntry("digest", DeployEnvCommandTest.DIGEST);
  }
}
