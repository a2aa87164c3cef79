package dev.bosun.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.bosun.testing.ActionHarness;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * notify-slack's failure and rollback messages (issue 19, item 13), end to end against an incoming
 * webhook on WireMock that answers as Slack documents it (https://api.slack.com/messaging/webhooks:
 * 200 with the body "ok"); mention syntax as
 * https://api.slack.com/reference/surfaces/formatting#mentioning-users shows it.
 */
class NotifySlackReasonTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String HOOK = "/services/T0000000/B0000000/XXXXsecretXXXXhook";

  @TempDir Path dir;
  WireMockServer slack;

  @BeforeEach
  void start() {
    slack = new WireMockServer(options().dynamicPort());
    slack.start();
    slack.stubFor(
        post(HOOK).willReturn(aResponse().withHeader("Content-Type", "text/html").withBody("ok")));
  }

  @AfterEach
  void stop() {
    slack.stop();
  }

  ActionHarness harness(String status) {
    return new ActionHarness(dir)
        .input("status", status)
        .input("environment", "production")
        .input("version", "1.4.2")
        .input("webhook-url", slack.baseUrl() + HOOK);
  }

  JsonNode sent() throws Exception {
    List<LoggedRequest> requests = slack.findAll(postRequestedFor(urlEqualTo(HOOK)));
    assertThat(requests).hasSize(1);
    return JSON.readTree(requests.get(0).getBodyAsString());
  }

  @Test
  void aFailedMessageSaysWhatFailedAndAlertsTheMention() throws Exception {
    ActionHarness.Result r =
        harness("failed")
            .input("reason", "Smoke checks failed on production: /ready answered 503 <!channel>")
            .input("mention", "<!subteam^S0123ABCD> @here")
            .run("notify-slack");

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    JsonNode body = sent();
    assertThat(body.path("text").asText())
        .isEqualTo(
            "<!subteam^S0123ABCD> <!here> :x: Deploy of acme/shop 1.4.2 to production failed (0123456)"
                + " by octocat: Smoke checks failed on production: /ready answered 503"
                + " &lt;!channel&gt;");
    assertThat(body.path("blocks").get(0).path("text").path("text").asText())
        .isEqualTo(
            "<!subteam^S0123ABCD> <!here> :x: *Deploy of acme/shop 1.4.2 to production failed*");
    // the reason is its own section, escaped: a mention inside it alerts nobody
    assertThat(
            body.path("attachments")
                .get(0)
                .path("blocks")
                .get(1)
                .path("text")
                .path("text")
                .asText())
        .isEqualTo(
            "*Reason*\nSmoke checks failed on production: /ready answered 503 &lt;!channel&gt;");
  }

  @Test
  void theMentionIsLeftOutWhenTheDeploySucceeded() throws Exception {
    ActionHarness.Result r = harness("succeeded").input("mention", "<!here>").run("notify-slack");

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(sent().toString()).doesNotContain("<!here>");
  }

  @Test
  void aRolledBackMessageSaysWhichVersionIsLiveAgain() throws Exception {
    ActionHarness.Result r =
        harness("rolled-back")
            .input("reason", "Smoke checks failed; rolled back")
            .input("live-version", "1.4.1")
            .run("notify-slack");

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    JsonNode body = sent();
    assertThat(body.path("blocks").get(0).path("text").path("text").asText())
        .isEqualTo(
            ":rewind: *Deploy of acme/shop 1.4.2 to production rolled back; 1.4.1 is live again*");
    assertThat(body.path("attachments").get(0).path("blocks").get(0).toString())
        .contains("*Live now*\\n1.4.1");
  }

  @Test
  void aRolledBackMessageWithoutLiveVersionStillSaysTheOldVersionIsBack() throws Exception {
    harness("rolled-back").run("notify-slack");

    assertThat(sent().path("text").asText())
        .startsWith(
            ":rewind: Deploy of acme/shop 1.4.2 to production rolled back; the version before it is"
                + " live again");
  }

  @Test
  void withoutAnActorTheMessageNamesNobody() throws Exception {
    ActionHarness h =
        harness("succeeded").env("GITHUB_ACTOR", "").env("USER", "").env("USERNAME", "");

    ActionHarness.Result r = h.run("notify-slack");

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    JsonNode body = sent();
    assertThat(body.toString()).doesNotContain("unknown").doesNotContain("*Actor*");
    assertThat(body.path("text").asText())
        .isEqualTo(":white_check_mark: Deployed acme/shop 1.4.2 to production (0123456)");
  }

  @Test
  void aMentionThatIsNotASlackMentionIsBadInputAndNothingIsSent() {
    ActionHarness.Result r =
        harness("failed").input("mention", "<https://evil.example|click>").run("notify-slack");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout())
        .contains(
            "::error title=mention::Input 'mention' has '<https://evil.example|click>'; use Slack mentions");
    slack.verify(0, postRequestedFor(urlEqualTo(HOOK)));
  }
}
