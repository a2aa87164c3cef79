package dev.bosun.deploy.azure;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.bosun.deploy.AzureStubs.ACCESS_TOKEN;
import static dev.bosun.deploy.AzureStubs.CLIENT_ID;
import static dev.bosun.deploy.AzureStubs.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.bosun.deploy.AzureStubs;
import dev.bosun.image.registry.RegistryCredential;
import dev.bosun.support.HttpRetry;
import dev.bosun.support.OutsideSystemException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ACR token exchange, as ACR's OAuth2 REST reference shows it, with Entra ID on WireMock too.
 */
class AcrCredentialsTest {

  static final String REFRESH = "eyJhbGciOiJSUzI1NiJ9.acr-refresh-token.sig";

  WireMockServer wm = new WireMockServer(options().dynamicPort().dynamicHttpsPort());
  AzureStubs azure = new AzureStubs(wm);
  List<String> masked = new ArrayList<>();

  @BeforeEach
  void start() {
    wm.start();
    azure.tokenEndpoint();
  }

  @AfterEach
  void stop() {
    wm.stop();
  }

  AcrCredentials acr() {
    AzureSettings settings = azure.settings();
    var choice =
        AzureCredentials.choose(
            Optional.of(CLIENT_ID),
            Optional.of(TENANT),
            Optional.of("acr-secret"),
            false,
            audience -> Optional.empty(),
            settings);
    return new AcrCredentials(
        choice::credential,
        settings,
        Optional.of(TENANT),
        HttpRetry.standard(
            HttpClient.newHttpClient(), "registry", Duration.ofSeconds(10), line -> {}),
        registry -> registry.startsWith("localhost"),
        masked::add);
  }

  String registry() {
    return "localhost:" + wm.port();
  }

  @Test
  void exchangesTheEntraTokenForARefreshTokenUsedAsPassword() {
    wm.stubFor(
        post(urlPathEqualTo("/oauth2/exchange"))
            .willReturn(okJson("{\"refresh_token\": \"" + REFRESH + "\"}")));

    Optional<RegistryCredential> credential = acr().forRegistry(registry());

    assertThat(credential)
        .hasValueSatisfying(
            c -> {
              assertThat(c.username()).isEqualTo(AcrCredentials.TOKEN_USER);
              assertThat(c.secret()).isEqualTo(REFRESH);
            });
    wm.verify(
        postRequestedFor(urlPathEqualTo("/oauth2/exchange"))
            .withRequestBody(containing("grant_type=access_token"))
            .withRequestBody(containing("service=" + registry().replace(":", "%3A")))
            .withRequestBody(containing("tenant=" + TENANT))
            .withRequestBody(containing("access_token=" + ACCESS_TOKEN.replace(".", "."))));
    assertThat(masked).contains(ACCESS_TOKEN, REFRESH);
  }

  @Test
  void otherRegistriesGetNoCredentialAndNoSignIn() {
    assertThat(acr().forRegistry("ghcr.io")).isEmpty();
    wm.verify(0, postRequestedFor(urlPathEqualTo("/" + TENANT + "/oauth2/v2.0/token")));
    assertThat(AcrCredentials.isAcrHost("acrmotiumprod.azurecr.io")).isTrue();
    assertThat(AcrCredentials.isAcrHost("ghcr.io")).isFalse();
  }

  @Test
  void aRefusedExchangeSaysWhichRoleIsMissing() {
    wm.stubFor(
        post(urlPathEqualTo("/oauth2/exchange"))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withBody(
                        "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}")));

    assertThatThrownBy(() -> acr().forRegistry(registry()))
        .isInstanceOf(OutsideSystemException.class)
        .hasMessageContaining("AcrPull role");
  }
}
