package dev.bosun.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.bosun.testing.ActionHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * notify-slack end to end, as the runner runs it, against a WireMock Slack (and GitHub) shaped as
 * their docs show.
 */
class NotifySlackCommandTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String HOOK = "/services/T0000000/B0000000/XXXXsecretXXXXhook";
  static final String TOKEN = "xoxb-1111-2222-SECRETtokenVALUE";
  static final String GITHUB_TOKEN = "ghs_SECRETgithubTOKEN";
  static final String POST_MESSAGE = "/api/chat.postMessage";
  static final String UPDATE = "/api/chat.update";
  static final String CHANNEL = "C0123456789";
  static final String TS = "1712345678.123456";
  static final String SHA = "0123456789abcdef0123456789abcdef01234567";
  static final String POSTED =
      """
      {"ok":true,"channel":"C0123456789","ts":"1712345678.123456",
       "message":{"type":"message","subtype":"bot_message","text":"Deployed","ts":"1712345678.123456",
                  "username":"bosun","bot_id":"B0123456"}}""";

  @TempDir Path dir;
  WireMockServer slack;
  ActionHarness harness;

  @BeforeEach
  void start() {
    slack = new WireMockServer(options().dynamicPort());
    slack.start();
    harness =
        new ActionHarness(dir)
            .input("status", "succeeded")
            .input("environment", "production")
            .input("version", "1.4.2");
  }

  @AfterEach
  void stop() {
    slack.stop();
  }

  ActionHarness webhook() {
    return harness.input("webhook-url", slack.baseUrl() + HOOK);
  }

  ActionHarness bot() {
    return harness
        .input("token", TOKEN)
        .input("channel", CHANNEL)
        .input("api-url", slack.baseUrl() + "/api");
  }

  void slackAnswers(String path, String json) {
    slack.stubFor(
        post(path)
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json; charset=utf-8")
                    .withBody(json)));
  }

  JsonNode onlyBody(String path) throws Exception {
    List<LoggedRequest> requests = slack.findAll(postRequestedFor(urlEqualTo(path)));
    assertThat(requests).hasSize(1);
    return JSON.readTree(requests.get(0).getBodyAsString());
  }

  static String pretty(JsonNode node) throws Exception {
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
  }

  static final String SUCCEEDED_MESSAGE =
      """
      {
        "text": ":white_check_mark: Deployed acme/shop 1.4.2 to production (0123456) by octocat",
        "blocks": [
          {"type": "section", "text": {"type": "mrkdwn", "text": ":white_check_mark: *Deployed acme/shop 1.4.2 to production*"}}
        ],
        "attachments": [{
          "color": "#2EB67D",
          "blocks": [
            {"type": "section", "fields": [
              {"type": "mrkdwn", "text": "*Environment*\\n<https://shop.example.com/|production>"},
              {"type": "mrkdwn", "text": "*Version*\\n1.4.2"},
              {"type": "mrkdwn", "text": "*Commit*\\n<https://github.com/acme/shop/commit/0123456789abcdef0123456789abcdef01234567|0123456>"},
              {"type": "mrkdwn", "text": "*Actor*\\noctocat"}
            ]},
            {"type": "context", "elements": [{"type": "mrkdwn",
              "text": "<https://github.com/acme/shop/actions/runs/4242|View workflow run> · <https://github.com/acme/shop|acme/shop>"}]}
          ]
        }]%s
      }""";

  @Test
  void webhookPostsTheComposedMessage() throws Exception {
    // given
    slack.stubFor(
        post(HOOK).willReturn(aResponse().withHeader("Content-Type", "text/html").withBody("ok")));

    // when
    ActionHarness.Result r =
        webhook().input("environment-url", "https://shop.example.com/").run("notify-slack");

    // then
    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(pretty(onlyBody(HOOK)))
        .isEqualTo(pretty(JSON.readTree(SUCCEEDED_MESSAGE.formatted(""))));
    slack.verify(
        postRequestedFor(urlEqualTo(HOOK))
            .withHeader("Content-Type", containing("application/json")));
    assertThat(r.outputs())
        .containsEntry("ok", "true")
        .containsEntry("ts", "")
        .containsEntry("channel", "")
        .containsEntry("thread-ts", "");
    assertThat(r.summary())
        .contains("**Slack:** sent the *succeeded* message to the incoming webhook.");
  }

  @Test
  void botTokenPostsWithChatPostMessage() throws Exception {
    slackAnswers(POST_MESSAGE, POSTED);

    ActionHarness.Result r =
        bot().input("environment-url", "https://shop.example.com/").run("notify-slack");

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(pretty(onlyBody(POST_MESSAGE)))
        .isEqualTo(
            pretty(JSON.readTree(SUCCEEDED_MESSAGE.formatted(", \"channel\": \"C0123456789\""))));
    slack.verify(
        postRequestedFor(urlEqualTo(POST_MESSAGE))
            .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    assertThat(r.outputs())
        .containsEntry("ok", "true")
        .containsEntry("ts", TS)
        .containsEntry("channel", CHANNEL)
        .containsEntry("thread-ts", TS);
    assertThat(r.summary())
        .contains("**Slack:** sent the *succeeded* message to channel C0123456789, ts " + TS + ".");
  }

  @Test
  void updateTsUpdatesTheStartedMessageWithChatUpdate() throws Exception {
    slackAnswers(
        UPDATE,
        """
        {"ok":true,"channel":"C0123456789","ts":"1712345678.123456","text":"Deployed",
         "message":{"text":"Deployed","user":"U0123456"}}""");

    ActionHarness.Result r =
        bot().input("status", "failed").input("update-ts", TS).run("notify-slack");

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    JsonNode body = onlyBody(UPDATE);
    assertThat(body.path("ts").asText()).isEqualTo(TS);
    assertThat(body.path("channel").asText()).isEqualTo(CHANNEL);
    assertThat(body.has("thread_ts")).isFalse();
    assertThat(body.path("text").asText())
        .startsWith(":x: Deploy of acme/shop 1.4.2 to production failed (0123456) by octocat in ");
    assertThat(body.at("/attachments/0/color").asText()).isEqualTo("#E01E5A");
    // the duration is counted from the started message's ts
    assertThat(body.at("/attachments/0/blocks/0/fields/4/text").asText())
        .startsWith("*Duration*\n");
    slack.verify(0, postRequestedFor(urlEqualTo(POST_MESSAGE)));
    assertThat(r.outputs())
        .containsEntry("ok", "true")
        .containsEntry("ts", TS)
        .containsEntry("channel", CHANNEL);
  }

  @Test
  void threadTsRepliesInTheThread() throws Exception {
    slackAnswers(
        POST_MESSAGE,
        """
        {"ok":true,"channel":"C0123456789","ts":"1712345699.000200",
         "message":{"type":"message","text":"Deployed","ts":"1712345699.000200","thread_ts":"1712345678.123456"}}""");

    ActionHarness.Result r = bot().input("thread-ts", TS).run("notify-slack");

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(onlyBody(POST_MESSAGE).path("thread_ts").asText()).isEqualTo(TS);
    assertThat(r.outputs()).containsEntry("ts", "1712345699.000200").containsEntry("thread-ts", TS);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "invalid_auth      | Slack does not accept the token: check the secret passed as 'token'",
        "not_authed        | No token reached Slack",
        "token_revoked     | The token has been revoked",
        "account_inactive  | reinstall the Slack app",
        "missing_scope     | add chat:write to the Slack app's bot token scopes",
        "channel_not_found | Slack cannot find channel 'C0123456789': use the channel ID",
        "not_in_channel    | The app is not a member of channel 'C0123456789': run /invite",
        "is_archived       | Channel 'C0123456789' is archived",
        "invalid_blocks    | Slack rejected the message's blocks",
        "msg_too_long      | The message is too long for Slack",
        "no_text           | The message has no text",
        "ratelimited       | raise 'timeout'",
        "restricted_action | A workspace admin has restricted posting",
        "some_new_error    | See the error list at https://api.slack.com/methods/chat.postMessage#errors"
      })
  void eachWebApiErrorSaysWhatToFixAndWarnsByDefault(String code, String fix) {
    slackAnswers(POST_MESSAGE, "{\"ok\":false,\"error\":\"" + code + "\"}");

    ActionHarness.Result r = bot().run("notify-slack");

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.stdout())
        .contains(
            "::warning title=Slack::Slack notification through chat.postMessage failed ("
                + code
                + "): ")
        .contains(fix)
        .contains("(fail-on-error is false, so the step succeeds.)");
    assertThat(r.stdout()).doesNotContain("::error");
    assertThat(r.outputs()).containsEntry("ok", "false").containsEntry("ts", "");
    assertThat(r.summary())
        .contains("**Slack:** the *succeeded* message was not sent.")
        .contains(code);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "400 | invalid_payload                   | Slack could not read the payload",
        "400 | no_text                           | The message has no text",
        "404 | no_service                        | The webhook is disabled, removed or mistyped",
        "404 | channel_not_found                 | The webhook's channel was deleted",
        "403 | action_prohibited                 | A workspace admin has restricted posting",
        "403 | invalid_token                     | The webhook URL's token is invalid",
        "410 | channel_is_archived               | The webhook's channel is archived",
        "403 | posting_to_general_channel_denied | Only admins may post"
      })
  void eachWebhookErrorSaysWhatToFix(int status, String code, String fix) {
    slack.stubFor(
        post(HOOK)
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "text/html")
                    .withBody(code)));

    ActionHarness.Result r = webhook().run("notify-slack");

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.stdout())
        .contains(
            "::warning title=Slack::Slack notification through the incoming webhook failed ("
                + code
                + "): "
                + fix)
        .contains("Slack said: HTTP " + status);
    assertThat(r.outputs()).containsEntry("ok", "false");
    slack.verify(1, postRequestedFor(urlEqualTo(HOOK)));
  }

  @Test
  void failOnErrorTrueFailsTheStep() {
    slackAnswers(POST_MESSAGE, "{\"ok\":false,\"error\":\"channel_not_found\"}");

    ActionHarness.Result r = bot().input("fail-on-error", "true").run("notify-slack");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains(
            "::error title=Slack::Slack notification through chat.postMessage failed "
                + "(channel_not_found): Slack cannot find channel 'C0123456789'")
        .doesNotContain("::warning");
    assertThat(r.outputs()).containsEntry("ok", "false");
  }

  @Test
  void failOnErrorFalseIsOnlyAWarning() {
    slackAnswers(POST_MESSAGE, "{\"ok\":false,\"error\":\"channel_not_found\"}");

    ActionHarness.Result r = bot().input("fail-on-error", "false").run("notify-slack");

    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).contains("::warning title=Slack::").doesNotContain("::error");
  }

  @Test
  void secretsNeverAppearInAnyOutputStream() throws Exception {
    // a webhook that keeps resetting (retry lines and the final error name the request) ...
    slack.stubFor(post(HOOK).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    ActionHarness.Result hook =
        webhook()
            .input("timeout", "2s")
            .input("fail-on-error", "true")
            .env("RUNNER_DEBUG", "1")
            .run("notify-slack");

    assertThat(hook.exitCode()).isEqualTo(1);
    assertThat(hook.stdout())
        .contains("::add-mask::" + slack.baseUrl() + HOOK)
        .contains("(connection_failed)");
    assertThat(hook.everything()).doesNotContain("XXXXsecretXXXXhook", "T0000000/B0000000");

    // ... and a bot token Slack refuses, with a GitHub token that GitHub refuses
    ActionHarness other =
        new ActionHarness(Files.createDirectories(dir.resolve("bot")))
            .input("status", "started")
            .input("environment", "production")
            .input("token", TOKEN)
            .input("channel", CHANNEL)
            .input("api-url", slack.baseUrl() + "/api")
            .input("github-token", GITHUB_TOKEN)
            .env("GITHUB_API_URL", slack.baseUrl())
            .env("RUNNER_DEBUG", "1");
    slackAnswers(POST_MESSAGE, "{\"ok\":false,\"error\":\"invalid_auth\"}");
    slack.stubFor(
        get(urlPathEqualTo("/repos/acme/shop/deployments"))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withBody(
                        "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\"}")));
    ActionHarness.Result bot = other.run("notify-slack");

    assertThat(bot.exitCode()).isZero();
    assertThat(bot.stdout()).contains("(invalid_auth)").contains("GitHub answered HTTP 401");
    assertThat(bot.everything())
        .doesNotContain(TOKEN, "SECRETtokenVALUE", GITHUB_TOKEN, "SECRETgithubTOKEN");
    slack.verify(
        getRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments"))
            .withHeader("Authorization", equalTo("Bearer " + GITHUB_TOKEN)));
  }

  @Test
  void dryRunPrintsThePayloadAndSendsNothing() {
    ActionHarness.Result r = bot().input("dry-run", "true").run("notify-slack");

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(slack.getAllServeEvents()).isEmpty();
    assertThat(r.stdout())
        .contains(
            "::group::Slack payload for C0123456789 (chat.postMessage) (dry run: nothing sent)")
        .contains(
            "\"text\" : \":white_check_mark: Deployed acme/shop 1.4.2 to production (0123456) by octocat\"");
    assertThat(r.outputs()).containsEntry("ok", "false").containsEntry("ts", "");
    assertThat(r.summary())
        .contains("**Slack (dry run):** would send the *succeeded* message to C0123456789");
  }

  @Test
  void dryRunWithoutCredentialsJustShowsThePayload() {
    ActionHarness.Result r = harness.input("dry-run", "true").run("notify-slack");

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(slack.getAllServeEvents()).isEmpty();
    assertThat(r.stdout())
        .contains("nowhere (no webhook-url or token given) (dry run: nothing sent)");
  }

  @Test
  void customJsonPayloadGetsEscapedPlaceholderValues() throws Exception {
    slack.stubFor(post(HOOK).willReturn(aResponse().withBody("ok")));

    ActionHarness.Result r =
        webhook()
            .input("version", "2.0 \"beta\"\n<!channel>")
            .input(
                "payload",
                """
            {"text": "{status-emoji} {environment} is at {version} ({short-sha})",
             "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "<{run-url}|Run> by {actor}"}}]}""")
            .run("notify-slack");

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(pretty(onlyBody(HOOK)))
        .isEqualTo(
            pretty(
                JSON.readTree(
                    """
        {"text": ":white_check_mark: production is at 2.0 \\"beta\\"\\n&lt;!channel&gt; (0123456)",
         "blocks": [{"type": "section", "text": {"type": "mrkdwn",
           "text": "<https://github.com/acme/shop/actions/runs/4242|Run> by octocat"}}]}""")));
  }

  @Test
  void customYamlPayloadFileWithBlocksGetsAFallbackText() throws Exception {
    slack.stubFor(post(HOOK).willReturn(aResponse().withBody("ok")));
    Path file = dir.resolve("slack.yml");
    Files.writeString(
        file,
        """
        blocks:
          - type: section
            text:
              type: mrkdwn
              text: "*{environment}* now runs {version}"
        """);

    ActionHarness.Result r = webhook().input("payload-file", file.toString()).run("notify-slack");

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(pretty(onlyBody(HOOK)))
        .isEqualTo(
            pretty(
                JSON.readTree(
                    """
        {"blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "*production* now runs 1.4.2"}}],
         "text": ":white_check_mark: Deployed acme/shop 1.4.2 to production (0123456) by octocat"}""")));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"text\": \"a\",                            | payload | is not valid JSON at line 1",
        "[1, 2]                                      | payload | must be a JSON or YAML object",
        "{\"text\": \"{enviroment}\"}                  | payload | unknown placeholder {enviroment} at text",
        "{\"blocks\": [{\"text\": \"x\"}]}              | payload | blocks[0] must be an object with a 'type'",
        "{\"username\": \"bosun\"}                     | payload | has no 'text', 'blocks' or 'attachments'",
        "'text: {environment}'                       | payload | has an unquoted {environment} at text"
      })
  void badPayloadIsRejectedBeforeSending(String payload, String input, String message) {
    ActionHarness.Result r = webhook().input("payload", payload).run("notify-slack");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout()).contains("::error title=" + input + "::").contains(message);
    assertThat(slack.getAllServeEvents()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "status=shipped                          | status       | expected one of started, succeeded, failed, rolled-back, approval-waiting, cancelled",
        "token="
            + TOKEN
            + "                      | token        | 'webhook-url' and 'token' are both given",
        "channel=C0123456789                      | channel      | needs a bot 'token'",
        "update-ts=1712345678.123456              | update-ts    | needs a bot 'token'",
        "environment-url=javascript:alert(1)      | environment-url | is not an absolute http(s) URL",
        "environment-url=https://x.example/a b    | environment-url | contains a space",
        "started-at=yesterday                     | started-at   | expected Unix seconds",
        "max-commits=99                           | max-commits  | expected 0 to 50",
        "timeout=0s                               | timeout      | must be longer than zero (it is '0s')",
        "timeout=PT-5S                            | timeout      | is negative",
        "environment-url=https://x.example:99999/ | environment-url | has port 99999, and a port is a number from 1 to 65535",
        "sha=not-a-sha                            | sha          | expected a commit SHA",
        "payload-file=missing.yml                 | payload-file | does not exist"
      })
  void badInputNamesTheInputAndSendsNothing(String assignment, String input, String message) {
    int eq = assignment.indexOf('=');
    ActionHarness.Result r =
        webhook()
            .input(assignment.substring(0, eq), assignment.substring(eq + 1))
            .run("notify-slack");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout()).contains("::error title=" + input + "::").contains(message);
    assertThat(r.everything()).doesNotContain("XXXXsecretXXXXhook", TOKEN);
    assertThat(slack.getAllServeEvents()).isEmpty();
  }

  @ParameterizedTest(name = "{index} {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''                  | ''                       | channel   | Input required and not supplied: channel",
        "C0123456789         | 'yesterday'              | update-ts | expected a Slack message timestamp"
      })
  void badBotInputIsRejected(String channel, String updateTs, String input, String message) {
    ActionHarness.Result r =
        harness
            .input("token", TOKEN)
            .input("channel", channel)
            .input("update-ts", updateTs)
            .run("notify-slack");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout()).contains("::error title=" + input + "::").contains(message);
    assertThat(r.everything()).doesNotContain(TOKEN);
  }

  @Test
  void noWebhookOrTokenIsAWarningSoAnUnsetSecretNeverFailsTheDeploy() {
    ActionHarness.Result r =
        harness
            .input("webhook-url", "")
            .input("github-token", GITHUB_TOKEN)
            .env("GITHUB_API_URL", slack.baseUrl())
            .run("notify-slack");

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.stdout())
        .contains(
            "::warning title=Slack::Slack is not configured: 'webhook-url' and 'token' are "
                + "both empty (is the secret set?), so the succeeded message was not sent.");
    assertThat(r.outputs()).containsEntry("ok", "false");
    assertThat(r.summary()).contains("**Slack:** Slack is not configured");
    assertThat(slack.getAllServeEvents()).isEmpty();
  }

  @Test
  void noWebhookOrTokenWithFailOnErrorIsBadInput() {
    ActionHarness.Result r = harness.input("fail-on-error", "true").run("notify-slack");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout())
        .contains(
            "::error title=webhook-url::Input required and not supplied: webhook-url "
                + "(or give 'token' and 'channel' to post with a bot token)");
  }

  @Test
  void tokenThatIsNotASlackTokenIsRejectedWithoutQuotingIt() {
    ActionHarness.Result r =
        harness
            .input("token", "https://hooks.slack.com/services/T1/B1/zzzzSECRETzzzz")
            .input("channel", CHANNEL)
            .run("notify-slack");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout())
        .contains("::error title=token::Input 'token' does not look like a Slack token");
    assertThat(r.everything()).doesNotContain("zzzzSECRETzzzz");
  }

  @Test
  void githubTokenListsTheCommitsSinceTheLastSuccessfulDeployment() throws Exception {
    // given: deployments newest first, as GitHub lists them: this SHA, a failed one, then the last
    // success
    String old = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    String failed = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    slack.stubFor(
        get(urlEqualTo("/repos/acme/shop/deployments?environment=production&per_page=30"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
            [{"url":"https://api.github.com/repos/acme/shop/deployments/3","id":3,"sha":"%s","ref":"main",
              "task":"deploy","environment":"production","creator":{"login":"octocat"}},
             {"url":"https://api.github.com/repos/acme/shop/deployments/2","id":2,"sha":"%s","ref":"main",
              "task":"deploy","environment":"production","creator":{"login":"octocat"}},
             {"url":"https://api.github.com/repos/acme/shop/deployments/1","id":1,"sha":"%s","ref":"v1.4.1",
              "task":"deploy","environment":"production","creator":{"login":"octocat"}}]"""
                            .formatted(SHA, failed, old))));
    slack.stubFor(
        get(urlEqualTo("/repos/acme/shop/deployments/2/statuses?per_page=100"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
            [{"id":20,"state":"failure","environment":"production","description":"Smoke check failed"}]""")));
    slack.stubFor(
        get(urlEqualTo("/repos/acme/shop/deployments/1/statuses?per_page=100"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
            [{"id":10,"state":"success","environment":"production"}]""")));
    slack.stubFor(
        get(urlEqualTo("/repos/acme/shop/compare/" + old + "..." + SHA))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
            {"html_url":"https://github.com/acme/shop/compare/%s...%s","status":"ahead","ahead_by":3,
             "total_commits":3,
             "commits":[
               {"sha":"1111111111111111111111111111111111111111","commit":{"author":{"name":"Carol C"},
                "message":"Bump deps"},"author":{"login":"carol"}},
               {"sha":"2222222222222222222222222222222222222222","commit":{"author":{"name":"Bob B"},
                "message":"Fix <b>totals</b> & taxes (#41)\\n\\nLong body"},"author":null},
               {"sha":"3333333333333333333333333333333333333333","commit":{"author":{"name":"Alice A"},
                "message":"Merge pull request #42 from acme/cart\\n\\nAdd the cart"},"author":{"login":"alice"}}]}"""
                            .formatted(old, SHA))));
    slackAnswers(POST_MESSAGE, POSTED);

    // when
    ActionHarness.Result r =
        bot()
            .input("github-token", GITHUB_TOKEN)
            .input("max-commits", "2")
            .env("GITHUB_API_URL", slack.baseUrl())
            .run("notify-slack");

    // then: newest first, capped at two, PR links from merge and squash messages, the rest behind
    // the comparison
    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.stdout()).doesNotContain("::warning");
    assertThat(onlyBody(POST_MESSAGE).at("/attachments/0/blocks/1/text/text").asText())
        .isEqualTo(
            """
        *Commits* (3)
        • <https://github.com/acme/shop/commit/3333333333333333333333333333333333333333|3333333> Add the cart \
        (<https://github.com/acme/shop/pull/42|#42>) – alice
        • <https://github.com/acme/shop/commit/2222222222222222222222222222222222222222|2222222> Fix &lt;b&gt;totals\
        &lt;/b&gt; &amp; taxes (<https://github.com/acme/shop/pull/41|#41>) – Bob B
        <https://github.com/acme/shop/compare/%s...%s|… and 1 more>"""
                .formatted(old, SHA));
    slack.verify(0, getRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments/3/statuses")));
    slack.verify(
        getRequestedFor(urlPathEqualTo("/repos/acme/shop/compare/" + old + "..." + SHA))
            .withHeader("Authorization", equalTo("Bearer " + GITHUB_TOKEN))
            .withHeader("X-GitHub-Api-Version", equalTo("2022-11-28")));
    assertThat(r.stdout()).doesNotContain("::warning");
  }

  @Test
  void firstDeploymentToAnEnvironmentHasNoCommitList() throws Exception {
    slack.stubFor(
        get(urlPathEqualTo("/repos/acme/shop/deployments"))
            .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("[]")));
    slackAnswers(POST_MESSAGE, POSTED);

    ActionHarness.Result r =
        bot()
            .input("github-token", GITHUB_TOKEN)
            .env("GITHUB_API_URL", slack.baseUrl())
            .run("notify-slack");

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(onlyBody(POST_MESSAGE).toString()).doesNotContain("*Commits*");
    assertThat(r.stdout()).doesNotContain("::warning");
  }

  @Test
  void gitHubFailureIsAWarningAndTheMessageIsStillSent() throws Exception {
    slack.stubFor(
        get(urlPathEqualTo("/repos/acme/shop/deployments"))
            .willReturn(aResponse().withStatus(404).withBody("{\"message\":\"Not Found\"}")));
    slackAnswers(POST_MESSAGE, POSTED);

    ActionHarness.Result r =
        bot()
            .input("github-token", GITHUB_TOKEN)
            .env("GITHUB_API_URL", slack.baseUrl())
            .run("notify-slack");

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.stdout())
        .contains(
            "::warning title=notify-slack::Could not list the commits since the last "
                + "deployment to production: GitHub answered HTTP 404")
        .contains("The message is sent without them.");
    assertThat(onlyBody(POST_MESSAGE).path("text").asText())
        .startsWith(":white_check_mark: Deployed");
    assertThat(r.outputs()).containsEntry("ok", "true");
  }

  @Test
  void commitsInputIsListedWithLinks() throws Exception {
    slackAnswers(POST_MESSAGE, POSTED);

    ActionHarness.Result r =
        bot()
            .input("commits", "abcdef1 Fix checkout (#9)\n\n  plain note <!here>\n")
            .run("notify-slack");

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(onlyBody(POST_MESSAGE).at("/attachments/0/blocks/1/text/text").asText())
        .isEqualTo(
            """
        *Commits* (2)
        • <https://github.com/acme/shop/commit/abcdef1|abcdef1> Fix checkout (<https://github.com/acme/shop/pull/9|#9>)
        • plain note &lt;!here&gt;""");
  }

  @Test
  void updateWithAChannelNameExplainsThatChatUpdateNeedsTheId() {
    slackAnswers(UPDATE, "{\"ok\":false,\"error\":\"channel_not_found\"}");

    ActionHarness.Result r =
        bot().input("channel", "#deploys").input("update-ts", TS).run("notify-slack");

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.stdout())
        .contains(
            "::warning title=Slack::Slack notification through chat.update failed "
                + "(channel_not_found): chat.update needs the channel ID, not '#deploys': pass the 'channel' output of the "
                + "step that posted the message");
  }
}
