package dev.bosun.migrate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.bosun.actions.ActionEnv;
import dev.bosun.actions.Log;
import dev.bosun.actions.Masker;
import dev.bosun.azure.AzureCloud;
import dev.bosun.testing.CloudLoopback;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
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
 * auth: azure-ad in Actions: the job's OIDC token is exchanged at Entra for a PostgreSQL-scoped
 * token (WireMock as both).
 */
class AzureAdPasswordTest {

  static final String OIDC_PATH = "/_apis/oidc/token";
  static final String TENANT = "11111111-2222-3333-4444-555555555555";
  static final String TOKEN_PATH = "/" + TENANT + "/oauth2/v2.0/token";
  static final long NOW = System.currentTimeMillis() / 1000;
  static final String GITHUB_JWT =
      jwt(
          "{\"alg\":\"RS256\",\"typ\":\"JWT\"}",
          "{\"iss\":\"https://token.actions.githubusercontent.com\",\"sub\":\"repo:acme/shop:environment:prod\","
              + "\"aud\":\"api://AzureADTokenExchange\",\"jti\":\"b1c2\",\"iat\":"
              + NOW
              + ",\"nbf\":"
              + NOW
              + ",\"exp\":"
              + (NOW + 300)
              + ",\"environment\":\"prod\"}");
  static final String ENTRA_TOKEN = "eyJ0eXAiOiJKV1QifQ.entra-access-token.sig";

  WireMockServer server;

  @BeforeEach
  void start() {
    server = new WireMockServer(wireMockConfig().dynamicPort().dynamicHttpsPort());
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void federatesTheActionsOidcTokenIntoAnEntraTokenForPostgres() throws Exception {
    // given
    server.stubFor(
        get(urlPathEqualTo(OIDC_PATH)).willReturn(okJson("{\"value\":\"" + GITHUB_JWT + "\"}")));
    server.stubFor(
        post(urlPathEqualTo(TOKEN_PATH))
            .willReturn(
                okJson(
                    "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,\"access_token\":\""
                        + ENTRA_TOKEN
                        + "\"}")));
    ActionEnv env =
        ActionEnv.of(
            Map.of(
                "GITHUB_ACTIONS", "true",
                "ACTIONS_ID_TOKEN_REQUEST_URL",
                    "http://localhost:" + server.port() + OIDC_PATH + "?api-version=2.0",
                "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "runner-request-token",
                "AZURE_CLIENT_ID", "cccccccc-0000-0000-0000-000000000000",
                "AZURE_TENANT_ID", TENANT));
    StringWriter out = new StringWriter();
    Log log =
        new Log(
            new PrintWriter(out, true), new PrintWriter(new StringWriter()), new Masker(), true);
    List<String> masked = new ArrayList<>();
    // when
    String password =
        new AzureAdPassword(
                AzureAdPassword.credential(env, log, AzureCloud.AZURE_CLOUD, http()), masked::add)
            .get();

    // then
    assertThat(password).isEqualTo(ENTRA_TOKEN);
    assertThat(masked).containsExactly(ENTRA_TOKEN);
    server.verify(
        postRequestedFor(urlPathEqualTo(TOKEN_PATH))
            .withRequestBody(containing("client_assertion=" + GITHUB_JWT))
            .withRequestBody(
                containing(
                    "scope=" + URLEncoder.encode(AzureAdPassword.SCOPE, StandardCharsets.UTF_8)))
            .withRequestBody(containing("client_id=cccccccc-0000-0000-0000-000000000000")));
  }

  @Test
  void entraRefusalBecomesAClearOutsideSystemError() throws Exception {
    server.stubFor(
        get(urlPathEqualTo(OIDC_PATH)).willReturn(okJson("{\"value\":\"" + GITHUB_JWT + "\"}")));
    server.stubFor(
        post(urlPathEqualTo(TOKEN_PATH))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS70021: No matching federated identity record found.\"}")));
    ActionEnv env =
        ActionEnv.of(
            Map.of(
                "GITHUB_ACTIONS", "true",
                "ACTIONS_ID_TOKEN_REQUEST_URL",
                    "http://localhost:" + server.port() + OIDC_PATH + "?api-version=2.0",
                "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "runner-request-token",
                "AZURE_CLIENT_ID", "cccccccc-0000-0000-0000-000000000000",
                "AZURE_TENANT_ID", TENANT));
    Log log =
        new Log(
            new PrintWriter(new StringWriter()),
            new PrintWriter(new StringWriter()),
            new Masker(),
            true);
    AzureAdPassword password =
        new AzureAdPassword(
            AzureAdPassword.credential(env, log, AzureCloud.AZURE_CLOUD, http()), s -> {});

    org.assertj.core.api.Assertions.assertThatThrownBy(password::get)
        .isInstanceOf(dev.bosun.support.OutsideSystemException.class)
        .hasMessageContaining(
            "was refused by Entra ID at https://login.microsoftonline.com/" + TENANT)
        .hasMessageContaining("HTTP 400 invalid_client: AADSTS70021")
        .hasMessageContaining("add one with issuer https://token.actions.githubusercontent.com");
    // a 4xx is final: one request, no retries
    // (https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes)
    server.verify(1, postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
  }

  /**
   * auth: azure-ad in each cloud: the token comes from that cloud's authority, for that cloud's
   * Azure Database for PostgreSQL scope
   * (https://learn.microsoft.com/en-us/azure/postgresql/flexible-server/how-to-configure-sign-in-azure-ad-authentication,
   * and the Azure CLI's cloud.py, ossrdbms_resource_id). CloudLoopback sends the request to
   * WireMock and records the host it was meant for; no public name is resolved.
   */
  @ParameterizedTest
  @CsvSource({
    "AzureCloud, login.microsoftonline.com, https://ossrdbms-aad.database.windows.net/.default, "
        + "api://AzureADTokenExchange",
    "AzureUSGovernment, login.microsoftonline.us, https://ossrdbms-aad.database.usgovcloudapi.net/.default, "
        + "api://AzureADTokenExchangeUSGov",
    "AzureChinaCloud, login.chinacloudapi.cn, https://ossrdbms-aad.database.chinacloudapi.cn/.default, "
        + "api://AzureADTokenExchangeChina"
  })
  void eachCloudAsksItsOwnAuthorityForItsOwnPostgresScope(
      String name, String loginHost, String scope, String audience) {
    server.stubFor(
        get(urlPathEqualTo(OIDC_PATH)).willReturn(okJson("{\"value\":\"" + GITHUB_JWT + "\"}")));
    server.stubFor(
        post(urlPathEqualTo(TOKEN_PATH))
            .willReturn(
                okJson(
                    "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\""
                        + ENTRA_TOKEN
                        + "\"}")));
    Log log =
        new Log(
            new PrintWriter(new StringWriter()),
            new PrintWriter(new StringWriter()),
            new Masker(),
            true);

    String password = AzureAdPassword.from(env(), log, AzureCloud.parse(name), http()).get();

    assertThat(password).isEqualTo(ENTRA_TOKEN);
    server.verify(
        1,
        postRequestedFor(urlPathEqualTo(TOKEN_PATH))
            .withHeader(CloudLoopback.ORIGINAL_HOST, equalTo(loginHost))
            .withRequestBody(containing(URLEncoder.encode(scope, StandardCharsets.UTF_8))));
    server.verify(
        getRequestedFor(urlPathEqualTo(OIDC_PATH)).withQueryParam("audience", equalTo(audience)));
  }

  ActionEnv env() {
    return ActionEnv.of(
        Map.of(
            "GITHUB_ACTIONS", "true",
            "ACTIONS_ID_TOKEN_REQUEST_URL",
                "http://localhost:" + server.port() + OIDC_PATH + "?api-version=2.0",
            "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "runner-request-token",
            "AZURE_CLIENT_ID", "cccccccc-0000-0000-0000-000000000000",
            "AZURE_TENANT_ID", TENANT));
  }

  /** The SDK's client, trusting WireMock, with every cloud host sent to it. */
  com.azure.core.http.HttpClient http() {
    try {
      return new CloudLoopback(
          new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(trustAll()))
              .build(),
          server.httpsPort());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String jwt(String header, String payload) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString(header.getBytes(StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8))
        + ".c2ln";
  }

  /**
   * WireMock's HTTPS certificate is self-signed and names no host; MSAL insists on an https
   * authority.
   */
  static SSLContext trustAll() throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(
        null,
        new TrustManager[] {
          new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] c, String a) {}

            @Override
            public void checkServerTrusted(X509Certificate[] c, String a) {}

            @Override
            public void checkClientTrusted(X509Certificate[] c, String a, Socket s) {}

            @Override
            public void checkServerTrusted(X509Certificate[] c, String a, Socket s) {}

            @Override
            public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e) {}

            @Override
            public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
              return new X509Certificate[0];
            }
          }
        },
        null);
    return ctx;
  }
}
