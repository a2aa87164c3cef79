package dev.bosun.image.login;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.bosun.actions.ActionEnv;
import dev.bosun.actions.ActionsOidcClient;
import dev.bosun.actions.InputChoice;
import dev.bosun.actions.Log;
import dev.bosun.actions.Masker;
import dev.bosun.azure.AzureCloud;
import dev.bosun.image.registry.RegistryCredential;
import dev.bosun.image.registry.RegistryCredentials;
import dev.bosun.support.BadInputException;
import dev.bosun.support.HttpRetry;
import dev.bosun.support.OutsideSystemException;
import dev.bosun.testing.CloudLoopback;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ACR login through OIDC: the GitHub token endpoint, Entra ID (through azure-identity, over HTTPS)
 * and the ACR exchange, all on WireMock with responses shaped as the GitHub and Microsoft docs show
 * them.
 */
class AcrLoginTest {

  static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  static final String CLIENT = "11111111-2222-3333-4444-555555555555";
  static final String OIDC_PATH = "/_apis/oidc/token";
  static final String ENTRA_PATH = "/" + TENANT + "/oauth2/v2.0/token";
  static final String EXCHANGE_PATH = "/oauth2/exchange";
  static final String ENTRA_TOKEN =
      "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.entra-access-token-value.sig";
  static final String REFRESH_TOKEN = "acr-refresh-token-value-123";

  WireMockServer wm;
  final Masker masker = new Masker();
  final StringWriter out = new StringWriter();
  String githubJwt;

  @BeforeEach
  void start() {
    wm = new WireMockServer(options().dynamicPort().dynamicHttpsPort());
    wm.start();
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    long now = java.time.Instant.now().getEpochSecond();
    githubJwt =
        b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
            + "."
            + b64.encodeToString(
                ("{\"iss\":\"https://token.actions.githubusercontent.com\",\"aud\":\"api://AzureADTokenExchange\","
                        + "\"sub\":\"repo:motium/cortex:environment:production\",\"environment\":\"production\","
                        + "\"iat\":"
                        + now
                        + ",\"nbf\":"
                        + now
                        + ",\"exp\":"
                        + (now + 300)
                        + "}")
                    .getBytes(StandardCharsets.UTF_8))
            + ".c2lnbmF0dXJl";
    wm.stubFor(
        get(urlPathEqualTo(OIDC_PATH))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"value\":\"" + githubJwt + "\"}")));
    wm.stubFor(
        post(urlPathEqualTo(ENTRA_PATH))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,\"access_token\":\""
                            + ENTRA_TOKEN
                            + "\"}")));
    wm.stubFor(
        post(urlPathEqualTo(EXCHANGE_PATH))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"refresh_token\":\"" + REFRESH_TOKEN + "\"}")));
  }

  @AfterEach
  void stop() {
    wm.stop();
  }

  RegistryLogin login(LoginRequest request) throws Exception {
    return login(request, null);
  }

  /**
   * With {@code cloud}, Entra is that cloud's real authority, reached on WireMock through {@link
   * CloudLoopback}.
   */
  RegistryLogin login(LoginRequest request, AzureCloud cloud) throws Exception {
    Log log = new Log(new PrintWriter(out, true), new PrintWriter(out, true), masker, true);
    ActionEnv env =
        ActionEnv.of(
            Map.of(
                "ACTIONS_ID_TOKEN_REQUEST_URL",
                "http://localhost:" + wm.port() + OIDC_PATH + "?api-version=2.0",
                "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
                "runtime-request-token"));
    SSLContext trustWireMock = SSLContext.getInstance("TLS");
    // WireMock's self-signed certificate, for localhost: an extended trust manager also skips the
    // host name check
    trustWireMock.init(
        null,
        new TrustManager[] {
          new X509ExtendedTrustManager() {
            public void checkClientTrusted(X509Certificate[] c, String a) {}

            public void checkServerTrusted(X509Certificate[] c, String a) {}

            public void checkClientTrusted(X509Certificate[] c, String a, Socket s) {}

            public void checkServerTrusted(X509Certificate[] c, String a, Socket s) {}

            public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e) {}

            public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e) {}

            public X509Certificate[] getAcceptedIssuers() {
              return new X509Certificate[0];
            }
          }
        },
        new SecureRandom());
    com.azure.core.http.HttpClient azureHttp =
        new JdkHttpClientBuilder(HttpClient.newBuilder().sslContext(trustWireMock)).build();
    if (cloud != null) {
      azureHttp = new CloudLoopback(azureHttp, wm.httpsPort());
    }
    EntraTokenSource entra =
        cloud == null
            ? new AzureIdentityTokenSource(
                new ActionsOidcClient(env, log),
                "https://localhost:" + wm.httpsPort(),
                azureHttp,
                log::addMask)
            : new AzureIdentityTokenSource(
                new ActionsOidcClient(env, log),
                cloud.authorityHost(),
                cloud.federationAudience(),
                azureHttp,
                log::addMask,
                Duration.ofSeconds(20));
    AcrTokenExchange exchange =
        new AcrTokenExchange(
            HttpRetry.standard(
                HttpClient.newHttpClient(), "ACR", Duration.ofSeconds(20), log::info),
            log::addMask);
    return new RegistryLogin(request, entra, exchange, RegistryCredentials.none());
  }

  String registry() {
    return "localhost:" + wm.port();
  }

  LoginRequest acr() {
    return new LoginRequest(
        LoginMode.ACR,
        registry(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        "octocat",
        Optional.of(CLIENT),
        Optional.of(TENANT));
  }

  @Test
  void githubOidcTokenBecomesAnEntraTokenBecomesAnAcrRefreshToken() throws Exception {
    RegistryLogin login = login(acr());
    RegistryCredential credential = login.forRegistry(registry()).orElseThrow();

    assertThat(credential.username()).isEqualTo(AcrTokenExchange.ACR_USER);
    assertThat(credential.secret()).isEqualTo(REFRESH_TOKEN);
    wm.verify(
        getRequestedFor(urlPathEqualTo(OIDC_PATH))
            .withQueryParam(
                "audience",
                com.github.tomakehurst.wiremock.client.WireMock.equalTo(
                    "api://AzureADTokenExchange")));
    wm.verify(
        postRequestedFor(urlPathEqualTo(ENTRA_PATH))
            .withRequestBody(containing("client_id=" + CLIENT))
            .withRequestBody(containing("client_assertion=" + githubJwt))
            .withRequestBody(
                containing(
                    "client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"))
            .withRequestBody(containing("grant_type=client_credentials"))
            .withRequestBody(containing("scope=https%3A%2F%2Fmanagement.azure.com%2F.default")));
    wm.verify(
        postRequestedFor(urlPathEqualTo(EXCHANGE_PATH))
            .withHeader(
                "Content-Type",
                com.github.tomakehurst.wiremock.client.WireMock.equalTo(
                    "application/x-www-form-urlencoded"))
            .withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.equalTo(
                    "grant_type=access_token&service="
                        + registry().replace(":", "%3A")
                        + "&tenant="
                        + TENANT
                        + "&access_token="
                        + ENTRA_TOKEN)));
    // every token is masked from the moment bosun sees it
    assertThat(masker.secrets()).contains(githubJwt, ENTRA_TOKEN, REFRESH_TOKEN);
    // asked once per registry
    login.forRegistry(registry());
    wm.verify(1, postRequestedFor(urlPathEqualTo(EXCHANGE_PATH)));
  }

  @Test
  void aRefusedExchangeSaysWhichRoleIsMissing() throws Exception {
    wm.stubFor(
        post(urlPathEqualTo(EXCHANGE_PATH))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}")));
    RegistryLogin login = login(acr());
    assertThatThrownBy(() -> login.forRegistry(registry()))
        .isInstanceOf(OutsideSystemException.class)
        .hasMessageContaining(
            "refused the token exchange (HTTP 401). The Entra identity needs the AcrPull role")
        .hasMessageContaining("authentication required")
        .hasMessageNotContaining(ENTRA_TOKEN);
  }

  @Test
  void entraRefusalPointsAtTheFederatedCredential() throws Exception {
    wm.stubFor(
        post(urlPathEqualTo(ENTRA_PATH))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS70021: No matching federated identity "
                            + "record found for presented assertion.\",\"error_codes\":[70021]}")));
    RegistryLogin login = login(acr());
    assertThatThrownBy(() -> login.forRegistry(registry()))
        .isInstanceOf(OutsideSystemException.class)
        .hasMessageContaining(
            "Azure sign-in (OIDC federation for app " + CLIENT + ") was refused by Entra ID")
        .hasMessageContaining("HTTP 400 invalid_client: AADSTS70021")
        .hasMessageContaining("No federated credential of the app matches this job's OIDC token");
    // a refusal is final: Entra is asked once
    // (https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes)
    wm.verify(1, postRequestedFor(urlPathEqualTo(ENTRA_PATH)));
  }

  @Test
  void autoPicksTheLoginThatFitsEachRegistry() throws Exception {
    LoginRequest auto =
        new LoginRequest(
            LoginMode.AUTO,
            "ghcr.io",
            Optional.empty(),
            Optional.empty(),
            Optional.of("ghs_token123"),
            "octocat",
            Optional.of(CLIENT),
            Optional.of(TENANT));
    assertThat(auto.effectiveMode("ghcr.io")).isEqualTo(LoginMode.GHCR);
    assertThat(auto.effectiveMode("acrmotiumprod.azurecr.io")).isEqualTo(LoginMode.ACR);
    assertThat(auto.effectiveMode("docker.io")).isEqualTo(LoginMode.NONE);
    assertThat(login(auto).forRegistry("ghcr.io"))
        .contains(new RegistryCredential("octocat", "ghs_token123"));

    LoginRequest password =
        new LoginRequest(
            LoginMode.AUTO,
            "registry.example.com",
            Optional.of("ci"),
            Optional.of("pw-123"),
            Optional.empty(),
            "octocat",
            Optional.empty(),
            Optional.empty());
    assertThat(password.effectiveMode("registry.example.com")).isEqualTo(LoginMode.PASSWORD);
    assertThat(password.effectiveMode("other.example.com")).isEqualTo(LoginMode.NONE);
    assertThat(login(password).describe("registry.example.com")).isEqualTo("user ci");
    wm.verify(0, postRequestedFor(urlPathEqualTo(ENTRA_PATH)));
  }

  /**
   * Each cloud's Entra authority and ARM scope: the token request goes to the cloud's own login
   * host (sent to WireMock by {@link CloudLoopback}, which records the host it was meant for) and
   * asks for that cloud's ARM scope
   * (https://learn.microsoft.com/en-us/entra/identity-platform/authentication-national-cloud).
   */
  @ParameterizedTest
  @CsvSource({
    "AzureCloud, login.microsoftonline.com, https://management.azure.com/.default, api://AzureADTokenExchange",
    "AzureUSGovernment, login.microsoftonline.us, https://management.usgovcloudapi.net/.default, "
        + "api://AzureADTokenExchangeUSGov",
    "AzureChinaCloud, login.chinacloudapi.cn, https://management.chinacloudapi.cn/.default, "
        + "api://AzureADTokenExchangeChina"
  })
  void eachCloudSignsInAtItsOwnAuthorityForItsOwnArmScope(
      String name, String loginHost, String scope, String audience) throws Exception {
    AzureCloud cloud = AzureCloud.parse(name);
    LoginRequest request =
        new LoginRequest(
            LoginMode.ACR,
            registry(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            "octocat",
            Optional.of(CLIENT),
            Optional.of(TENANT),
            cloud);

    assertThat(login(request, cloud).forRegistry(registry()))
        .contains(new RegistryCredential(AcrTokenExchange.ACR_USER, REFRESH_TOKEN));

    wm.verify(
        1,
        postRequestedFor(urlPathEqualTo(ENTRA_PATH))
            .withHeader(CloudLoopback.ORIGINAL_HOST, equalTo(loginHost))
            .withRequestBody(containing(URLEncoder.encode(scope, StandardCharsets.UTF_8))));
    wm.verify(
        postRequestedFor(urlPathEqualTo(EXCHANGE_PATH))
            .withRequestBody(containing("access_token=" + ENTRA_TOKEN)));
    // the federated credential's audience as Entra recommends it per cloud
    // (https://learn.microsoft.com/en-us/entra/workload-id/workload-identity-federation-create-trust)
    wm.verify(
        getRequestedFor(urlPathEqualTo(OIDC_PATH)).withQueryParam("audience", equalTo(audience)));
  }

  @Test
  void aRegistryOfAnotherCloudIsBadInputBeforeAnySignIn() {
    assertThatThrownBy(
            () ->
                new LoginRequest(
                    LoginMode.AUTO,
                    "acrmotium.azurecr.us",
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    "a",
                    Optional.of(CLIENT),
                    Optional.of(TENANT),
                    AzureCloud.AZURE_CLOUD))
        .isInstanceOf(BadInputException.class)
        .hasMessage(
            "acrmotium.azurecr.us is a registry of AzureUSGovernment, and azure-environment is AzureCloud. "
                + "Set 'azure-environment: AzureUSGovernment' to sign in there.");
    wm.verify(0, postRequestedFor(urlPathEqualTo(ENTRA_PATH)));
  }

  @Test
  void loginInputsAreCheckedTogether() {
    assertThatThrownBy(
            () ->
                new LoginRequest(
                    LoginMode.AUTO,
                    "ghcr.io",
                    Optional.of("u"),
                    Optional.empty(),
                    Optional.empty(),
                    "a",
                    Optional.empty(),
                    Optional.empty()))
        .hasMessageContaining("registry-username and registry-password go together");
    assertThatThrownBy(
            () ->
                new LoginRequest(
                    LoginMode.GHCR,
                    "ghcr.io",
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    "a",
                    Optional.empty(),
                    Optional.empty()))
        .hasMessageContaining("permissions: packages: write");
    assertThatThrownBy(
            () ->
                new LoginRequest(
                    LoginMode.ACR,
                    "x.azurecr.io",
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    "a",
                    Optional.empty(),
                    Optional.empty()))
        .hasMessageContaining("id-token: write");
    assertThatThrownBy(() -> new InputChoice.Converter<>(LoginMode.class).convert("kerberos"))
        .hasMessage("is 'kerberos'; expected one of auto, password, ghcr, acr, ecr, gar, none.");
  }
}
