package dev.bosun.actions;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.bosun.support.OutsideSystemException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Actions OIDC token request, against WireMock shaped as the runner's token endpoint answers.
 */
class OidcClientTest {

  private static final String TOKEN_PATH = "/_apis/pipelines/1/runs/42/idtoken";
  private static final String REQUEST_TOKEN = "runner-request-token-abc";

  private static WireMockServer wiremock;
  private final StringWriter out = new StringWriter();
  private final Masker masker = new Masker();

  @BeforeAll
  static void start() {
    wiremock = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    wiremock.start();
  }

  @AfterAll
  static void stop() {
    wiremock.stop();
  }

  @BeforeEach
  void reset() {
    wiremock.resetAll();
  }

  private static String jwt(String claims) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8))
        + ".c2lnbmF0dXJl";
  }

  private ActionsOidcClient client(Map<String, String> env) {
    Log log =
        new Log(new PrintWriter(out, true), new PrintWriter(new StringWriter()), masker, true);
    return new ActionsOidcClient(
        ActionEnv.of(env), log, HttpClient.newHttpClient(), Duration.ofSeconds(5));
  }

  private Map<String, String> runnerEnv() {
    return Map.of(
        "ACTIONS_ID_TOKEN_REQUEST_URL",
        wiremock.baseUrl() + TOKEN_PATH + "?api-version=2.0",
        "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
        REQUEST_TOKEN);
  }

  @Test
  void requestsTheTokenForAnAudienceWithTheBearerAndMasksIt() {
    // given
    String jwt = jwt("{\"environment\":\"prod\",\"repository\":\"acme/shop\"}");
    wiremock.stubFor(
        get(urlPathEqualTo(TOKEN_PATH))
            .willReturn(okJson("{\"count\":1,\"value\":\"" + jwt + "\"}")));

    // when
    Optional<IdToken> token = client(runnerEnv()).token("api://AzureADTokenExchange");

    // then
    assertThat(token).isPresent();
    assertThat(token.get().claim("environment")).contains("prod");
    wiremock.verify(
        getRequestedFor(urlPathEqualTo(TOKEN_PATH))
            .withQueryParam("api-version", equalTo("2.0"))
            .withQueryParam("audience", equalTo("api://AzureADTokenExchange"))
            .withHeader("Authorization", equalTo("Bearer " + REQUEST_TOKEN)));
    assertThat(out.toString())
        .contains("::add-mask::" + jwt)
        .contains("::add-mask::" + REQUEST_TOKEN);
    assertThat(masker.redact("token " + jwt)).isEqualTo("token ***");
    assertThat(token.get().toString()).doesNotContain(jwt);
  }

  @Test
  void withoutIdTokenPermissionThereIsNoToken() {
    assertThat(client(Map.of()).token("sts.amazonaws.com")).isEmpty();
    assertThat(wiremock.getAllServeEvents()).isEmpty();
  }

  @Test
  void aRefusalSaysWhichPermissionIsMissing() {
    wiremock.stubFor(get(urlPathEqualTo(TOKEN_PATH)).willReturn(aResponse().withStatus(403)));

    assertThatThrownBy(() -> client(runnerEnv()).token("x"))
        .isInstanceOf(OutsideSystemException.class)
        .hasMessageContaining("HTTP 403")
        .hasMessageContaining("permissions: id-token: write");
  }

  @Test
  void aResponseWithoutValueIsAnError() {
    wiremock.stubFor(get(urlPathEqualTo(TOKEN_PATH)).willReturn(okJson("{\"count\":0}")));

    assertThatThrownBy(() -> client(runnerEnv()).token("x"))
        .hasMessageContaining("no 'value' field");
  }
}
