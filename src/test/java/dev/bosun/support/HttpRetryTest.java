package dev.bosun.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retries on 429 (after Retry-After), 5xx and connection resets, inside a deadline; waits are
 * recorded, not slept.
 */
class HttpRetryTest {

  private static final String HOOK = "/services/T000/B000/XXXX";

  private static WireMockServer wiremock;
  private final List<Duration> waits = new ArrayList<>();
  private final List<String> progress = new ArrayList<>();

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

  private HttpRetry retry(Duration deadline, int attempts) {
    return new HttpRetry(
        HttpClient.newHttpClient(),
        "Slack",
        new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 0.0),
        deadline,
        attempts,
        waits::add,
        Clock.systemUTC(),
        progress::add);
  }

  private HttpResponse<String> send(HttpRetry retry) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(wiremock.baseUrl() + HOOK + "?token=secret-q"))
            .timeout(Duration.ofSeconds(5))
            .GET()
            .build();
    return retry.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void waitsAsLongAsRetryAfterSaysOn429() {
    wiremock.stubFor(
        get(urlEqualTo(HOOK + "?token=secret-q"))
            .inScenario("rate")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3"))
            .willSetStateTo("ok"));
    wiremock.stubFor(
        get(urlEqualTo(HOOK + "?token=secret-q"))
            .inScenario("rate")
            .whenScenarioStateIs("ok")
            .willReturn(ok("ok")));

    HttpResponse<String> response = send(retry(Duration.ofMinutes(1), 5));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(waits).containsExactly(Duration.ofSeconds(3));
    assertThat(progress)
        .containsExactly(
            "Slack: HTTP 429 on GET " + wiremock.baseUrl() + HOOK + "; retry 1 in 3.0s");
  }

  @Test
  void retries5xxWithGrowingBackoff() {
    wiremock.stubFor(
        get(urlEqualTo(HOOK + "?token=secret-q"))
            .inScenario("flaky")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(502))
            .willSetStateTo("again"));
    wiremock.stubFor(
        get(urlEqualTo(HOOK + "?token=secret-q"))
            .inScenario("flaky")
            .whenScenarioStateIs("again")
            .willReturn(aResponse().withStatus(503))
            .willSetStateTo("ok"));
    wiremock.stubFor(
        get(urlEqualTo(HOOK + "?token=secret-q"))
            .inScenario("flaky")
            .whenScenarioStateIs("ok")
            .willReturn(ok("ok")));

    HttpResponse<String> response = send(retry(Duration.ofMinutes(1), 5));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    wiremock.verify(3, getRequestedFor(urlEqualTo(HOOK + "?token=secret-q")));
    assertThat(progress).noneMatch(l -> l.contains("secret-q"));
  }

  @Test
  void retriesAConnectionReset() {
    wiremock.stubFor(
        get(urlEqualTo(HOOK + "?token=secret-q"))
            .inScenario("reset")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
            .willSetStateTo("ok"));
    wiremock.stubFor(
        get(urlEqualTo(HOOK + "?token=secret-q"))
            .inScenario("reset")
            .whenScenarioStateIs("ok")
            .willReturn(ok("ok")));

    HttpResponse<String> response = send(retry(Duration.ofMinutes(1), 5));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(waits).hasSize(1);
    assertThat(progress.get(0))
        .startsWith("Slack: ")
        .contains("IOException")
        .doesNotContain("secret-q");
  }

  @Test
  void aClientErrorIsReturnedAtOnce() {
    wiremock.stubFor(
        get(urlEqualTo(HOOK + "?token=secret-q")).willReturn(aResponse().withStatus(404)));

    assertThat(send(retry(Duration.ofMinutes(1), 5)).statusCode()).isEqualTo(404);
    assertThat(waits).isEmpty();
  }

  @Test
  void theLast5xxIsReturnedWhenAttemptsRunOut() {
    wiremock.stubFor(
        get(urlEqualTo(HOOK + "?token=secret-q")).willReturn(aResponse().withStatus(500)));

    assertThat(send(retry(Duration.ofMinutes(1), 3)).statusCode()).isEqualTo(500);
    wiremock.verify(3, getRequestedFor(urlEqualTo(HOOK + "?token=secret-q")));
  }

  @Test
  void aRetryAfterBeyondTheDeadlineEndsTheRetries() {
    wiremock.stubFor(
        get(urlEqualTo(HOOK + "?token=secret-q"))
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));

    assertThat(send(retry(Duration.ofSeconds(30), 5)).statusCode()).isEqualTo(429);
    assertThat(waits).isEmpty();
  }

  @Test
  void resetsUntilTheEndBecomeAnOutsideSystemFailureWithoutTheQuery() {
    wiremock.stubFor(
        get(urlEqualTo(HOOK + "?token=secret-q"))
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    assertThatThrownBy(() -> send(retry(Duration.ofMinutes(1), 2)))
        .isInstanceOf(OutsideSystemException.class)
        .hasMessageStartingWith(
            "Slack did not answer GET " + wiremock.baseUrl() + HOOK + " after 2 attempt(s)")
        .hasMessageNotContaining("secret-q");
  }

  @Test
  void retryAfterReadsSecondsAndHttpDates() {
    wiremock.stubFor(
        get(urlEqualTo("/date"))
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")));
    HttpResponse<String> past =
        new HttpRetry(
                HttpClient.newHttpClient(),
                "x",
                Backoff.standard(),
                Duration.ZERO,
                1,
                waits::add,
                Clock.systemUTC(),
                progress::add)
            .send(
                HttpRequest.newBuilder(URI.create(wiremock.baseUrl() + "/date")).build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(HttpRetry.retryAfter(past, java.time.Instant.now())).contains(Duration.ZERO);
  }
}
