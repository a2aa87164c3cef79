package dev.bosun.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.bosun.support.Backoff;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The retry rules against a WireMock Slack, with recorded (not real) waits. */
class HttpSlackTest {

  static final String HOOK = "/services/T000/B000/XXXXsecretXXXX";
  static final String POST_MESSAGE = "/api/chat.postMessage";
  static final String POSTED =
      """
      {"ok":true,"channel":"C0123456789","ts":"1712345678.123456",
       "message":{"type":"message","subtype":"bot_message","text":"hi","ts":"1712345678.123456","bot_id":"B0123"}}""";

  WireMockServer slack;
  final List<Duration> waits = new ArrayList<>();
  final List<String> progress = new ArrayList<>();

  @BeforeEach
  void start() {
    slack = new WireMockServer(options().dynamicPort());
    slack.start();
  }

  @AfterEach
  void stop() {
    slack.stop();
  }

  HttpSlack client(Duration timeout) {
    return new HttpSlack(
        HttpClient.newHttpClient(),
        () -> timeout,
        new Backoff(Duration.ofMillis(10), Duration.ofMillis(40), 2.0, 0),
        waits::add,
        progress::add);
  }

  SlackTarget.Bot bot() {
    return new SlackTarget.Bot(
        "xoxb-test-token",
        "C0123456789",
        Optional.empty(),
        Optional.empty(),
        URI.create(slack.baseUrl() + "/api"));
  }

  static ObjectNode payload() {
    return JsonNodeFactory.instance.objectNode().put("text", "hi");
  }

  @Test
  void rateLimitedIsRetriedAfterRetryAfter() {
    // given
    slack.stubFor(
        post(POST_MESSAGE)
            .inScenario("429")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "1")
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"ok\":false,\"error\":\"ratelimited\"}"))
            .willSetStateTo("later"));
    slack.stubFor(
        post(POST_MESSAGE)
            .inScenario("429")
            .whenScenarioStateIs("later")
            .willReturn(
                aResponse().withHeader("Content-Type", "application/json").withBody(POSTED)));

    // when
    SlackReply reply = client(Duration.ofSeconds(30)).send(bot(), payload());

    // then
    assertThat(reply.ok()).isTrue();
    assertThat(reply.ts()).contains("1712345678.123456");
    assertThat(waits).containsExactly(Duration.ofSeconds(1));
    assertThat(progress)
        .singleElement()
        .asString()
        .contains("HTTP 429")
        .contains("retry 1 in 1.0s");
    slack.verify(
        2,
        postRequestedFor(urlEqualTo(POST_MESSAGE))
            .withHeader("Authorization", equalTo("Bearer xoxb-test-token"))
            .withRequestBody(equalToJson("{\"text\":\"hi\",\"channel\":\"C0123456789\"}")));
  }

  @Test
  void serverErrorIsRetriedWithBackoff() {
    slack.stubFor(
        post(POST_MESSAGE)
            .inScenario("500")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(500).withBody("upstream error"))
            .willSetStateTo("later"));
    slack.stubFor(
        post(POST_MESSAGE)
            .inScenario("500")
            .whenScenarioStateIs("later")
            .willReturn(
                aResponse().withHeader("Content-Type", "application/json").withBody(POSTED)));

    SlackReply reply = client(Duration.ofSeconds(30)).send(bot(), payload());

    assertThat(reply.ok()).isTrue();
    assertThat(waits).containsExactly(Duration.ofMillis(10));
    slack.verify(2, postRequestedFor(urlEqualTo(POST_MESSAGE)));
  }

  @Test
  void resetConnectionIsRetried() {
    slack.stubFor(
        post(HOOK)
            .inScenario("reset")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
            .willSetStateTo("later"));
    slack.stubFor(
        post(HOOK)
            .inScenario("reset")
            .whenScenarioStateIs("later")
            .willReturn(aResponse().withHeader("Content-Type", "text/html").withBody("ok")));

    SlackReply reply =
        client(Duration.ofSeconds(30))
            .send(new SlackTarget.Webhook(URI.create(slack.baseUrl() + HOOK)), payload());

    assertThat(reply.ok()).isTrue();
    assertThat(waits).hasSize(1);
    slack.verify(2, postRequestedFor(urlEqualTo(HOOK)));
  }

  @Test
  void connectionThatNeverComesBackEndsAsConnectionFailedAfterCappedAttempts() {
    slack.stubFor(post(HOOK).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    SlackReply reply =
        client(Duration.ofSeconds(30))
            .send(new SlackTarget.Webhook(URI.create(slack.baseUrl() + HOOK)), payload());

    assertThat(reply.ok()).isFalse();
    assertThat(reply.error()).contains("connection_failed");
    // six attempts, five capped waits of 10, 20, 40, 40, 40 ms
    assertThat(waits)
        .containsExactly(
            Duration.ofMillis(10),
            Duration.ofMillis(20),
            Duration.ofMillis(40),
            Duration.ofMillis(40),
            Duration.ofMillis(40));
    slack.verify(6, postRequestedFor(urlEqualTo(HOOK)));
  }

  @Test
  void persistentRateLimitEndsAsRatelimitedWhenTheTimeoutWouldPass() {
    slack.stubFor(
        post(POST_MESSAGE).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "60")));

    SlackReply reply = client(Duration.ofSeconds(5)).send(bot(), payload());

    assertThat(reply.error()).contains("ratelimited");
    assertThat(waits).isEmpty();
    slack.verify(1, postRequestedFor(urlEqualTo(POST_MESSAGE)));
  }

  @Test
  void webhookErrorTextBecomesTheErrorCode() {
    slack.stubFor(post(HOOK).willReturn(aResponse().withStatus(404).withBody("no_service")));

    SlackReply reply =
        client(Duration.ofSeconds(5))
            .send(new SlackTarget.Webhook(URI.create(slack.baseUrl() + HOOK)), payload());

    assertThat(reply.error()).contains("no_service");
    assertThat(reply.details()).containsExactly("HTTP 404");
    assertThat(waits).isEmpty();
  }

  @Test
  void webApiErrorKeepsSlacksDetails() {
    slack.stubFor(
        post(POST_MESSAGE)
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
        {"ok":false,"error":"invalid_blocks","response_metadata":{"messages":["[ERROR] must provide a string [json-pointer:/blocks/0/text/text]"]}}""")));

    SlackReply reply = client(Duration.ofSeconds(5)).send(bot(), payload());

    assertThat(reply.error()).contains("invalid_blocks");
    assertThat(reply.details())
        .containsExactly("[ERROR] must provide a string [json-pointer:/blocks/0/text/text]");
  }
}
