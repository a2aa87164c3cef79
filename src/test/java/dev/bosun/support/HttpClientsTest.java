package dev.bosun.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpClientsTest {

  @Test
  void everyClientGetsTheConnectTimeoutAndNoRedirectsUnlessItAsks() {
    HttpClient client = HttpClients.standard();

    assertThat(client.connectTimeout()).contains(Duration.ofSeconds(10));
    assertThat(client.followRedirects()).isEqualTo(HttpClient.Redirect.NEVER);
    assertThat(HttpClients.builder().followRedirects(HttpClient.Redirect.NORMAL).build())
        .extracting(HttpClient::followRedirects)
        .isEqualTo(HttpClient.Redirect.NORMAL);
  }

  @Test
  void oneSharedMapperForJsonAndOneForYamlWithItsLimits() {
    assertThat(Json.mapper()).isSameAs(Json.mapper());
    assertThat(Yaml.mapper()).isSameAs(Yaml.mapper());
  }
}
