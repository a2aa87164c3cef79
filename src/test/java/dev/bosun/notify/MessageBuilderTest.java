package dev.bosun.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessageBuilderTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String SHA = "0123456789abcdef0123456789abcdef01234567";
  static final String HOSTILE = "<!channel> & <https://evil|click>";

  static DeployContext context(Status status, CommitRange commits) {
    return new DeployContext(
        status,
        Optional.of("production"),
        Optional.of("1.4.2"),
        Optional.of("acme/shop"),
        "https://github.com",
        Optional.of(SHA),
        "octocat",
        Optional.of("https://github.com/acme/shop/actions/runs/4242"),
        Optional.of(URI.create("https://shop.example.com")),
        Optional.of(Duration.ofSeconds(192)),
        commits);
  }

  @Test
  void succeededMessageHasHeadlineFactsAndRunLink() throws Exception {
    JsonNode payload = MessageBuilder.compose(context(Status.SUCCEEDED, CommitRange.none()));

    assertThat(pretty(payload))
        .isEqualTo(
            pretty(
                JSON.readTree(
                    """
        {
          "text": ":white_check_mark: Deployed acme/shop 1.4.2 to production (0123456) by octocat in 3m12s",
          "blocks": [
            {"type": "section", "text": {"type": "mrkdwn",
              "text": ":white_check_mark: *Deployed acme/shop 1.4.2 to production*"}}
          ],
          "attachments": [{
            "color": "#2EB67D",
            "blocks": [
              {"type": "section", "fields": [
                {"type": "mrkdwn", "text": "*Environment*\\n<https://shop.example.com|production>"},
                {"type": "mrkdwn", "text": "*Version*\\n1.4.2"},
                {"type": "mrkdwn", "text": "*Commit*\\n<https://github.com/acme/shop/commit/0123456789abcdef0123456789abcdef01234567|0123456>"},
                {"type": "mrkdwn", "text": "*Actor*\\noctocat"},
                {"type": "mrkdwn", "text": "*Duration*\\n3m12s"}
              ]},
              {"type": "context", "elements": [{"type": "mrkdwn",
                "text": "<https://github.com/acme/shop/actions/runs/4242|View workflow run> · <https://github.com/acme/shop|acme/shop>"}]}
            ]
          }]
        }""")));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "started          | #439FE0 | :rocket: Deploying acme/shop 1.4.2 to production (0123456) by octocat in 3m12s",
        "succeeded        | #2EB67D | :white_check_mark: Deployed acme/shop 1.4.2 to production (0123456) by octocat in 3m12s",
        "failed           | #E01E5A | :x: Deploy of acme/shop 1.4.2 to production failed (0123456) by octocat in 3m12s",
        "rolled-back      | #ECB22E | :rewind: Deploy of acme/shop 1.4.2 to production rolled back; the version before it is live again (0123456) by octocat in 3m12s",
        "approval-waiting | #6F42C1 | :hourglass_flowing_sand: acme/shop 1.4.2 is waiting for approval to deploy to production (0123456) by octocat in 3m12s",
        "cancelled        | #8D8D8D | :no_entry_sign: Deploy of acme/shop 1.4.2 to production cancelled (0123456) by octocat in 3m12s"
      })
  void eachStatusHasItsWordsEmojiAndColour(String status, String color, String fallback)
      throws Exception {
    JsonNode payload = MessageBuilder.compose(context(Status.parse(status), CommitRange.none()));

    String headline = fallback.replace(" (0123456) by octocat in 3m12s", "");
    int space = headline.indexOf(' ');
    String bold = headline.substring(0, space) + " *" + headline.substring(space + 1) + "*";
    ObjectNode expected =
        (ObjectNode)
            JSON.readTree(
                """
        {
          "text": "",
          "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": ""}}],
          "attachments": [{
            "color": "",
            "blocks": [
              {"type": "section", "fields": [
                {"type": "mrkdwn", "text": "*Environment*\\n<https://shop.example.com|production>"},
                {"type": "mrkdwn", "text": "*Version*\\n1.4.2"},
                {"type": "mrkdwn", "text": "*Commit*\\n<https://github.com/acme/shop/commit/0123456789abcdef0123456789abcdef01234567|0123456>"},
                {"type": "mrkdwn", "text": "*Actor*\\noctocat"},
                {"type": "mrkdwn", "text": "*Duration*\\n3m12s"}
              ]},
              {"type": "context", "elements": [{"type": "mrkdwn",
                "text": "<https://github.com/acme/shop/actions/runs/4242|View workflow run> · <https://github.com/acme/shop|acme/shop>"}]}
            ]
          }]
        }""");
    expected.put("text", fallback);
    ((ObjectNode) expected.at("/blocks/0/text")).put("text", bold);
    ((ObjectNode) expected.at("/attachments/0")).put("color", color);
    assertThat(pretty(payload)).isEqualTo(pretty(expected));
  }

  @Test
  void hostileCommitMessageAuthorAndVersionAreEscaped() {
    CommitRange commits =
        new CommitRange(
            List.of(
                Commit.fromMessage(
                    "1111111111111111111111111111111111111111",
                    HOSTILE + " (#7)\n\nbody <!here>",
                    "mallory <&>")),
            1,
            Optional.empty());
    DeployContext c =
        new DeployContext(
            Status.FAILED,
            Optional.of("prod <!everyone>"),
            Optional.of(HOSTILE),
            Optional.of("acme/shop"),
            "https://github.com",
            Optional.of(SHA),
            "eve<!channel>",
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            commits);

    JsonNode payload = MessageBuilder.compose(c);

    assertThat(payload.at("/attachments/0/blocks/1/text/text").asText())
        .isEqualTo(
            "*Commits* (1)\n• <https://github.com/acme/shop/commit/1111111111111111111111111111111111111111|1111111> "
                + "&lt;!channel&gt; &amp; &lt;https://evil|click&gt; (<https://github.com/acme/shop/pull/7|#7>)"
                + " – mallory &lt;&amp;&gt;");
    assertThat(payload.path("text").asText())
        .isEqualTo(
            ":x: Deploy of acme/shop &lt;!channel&gt; &amp; "
                + "&lt;https://evil|click&gt; to prod &lt;!everyone&gt; failed (0123456) by eve&lt;!channel&gt;");
    // nothing user-controlled survives as a raw mention or link anywhere in the payload
    assertThat(payload.toString())
        .doesNotContain("<!channel>", "<!everyone>", "<!here>", "<https://evil");
  }

  @Test
  void commitListIsCappedWithALinkToTheComparison() {
    List<Commit> all =
        List.of(
            Commit.fromMessage(
                "c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3",
                "Merge pull request #12 from acme/feature\n\nAdd cart",
                "alice"),
            Commit.fromMessage("b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2", "Fix totals", "bob"),
            Commit.fromMessage("a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1", "First", "carol"));
    CommitRange range =
        new CommitRange(all, 3, Optional.of("https://github.com/acme/shop/compare/x...y"))
            .capped(2);

    String text = MessageBuilder.commitsText(context(Status.SUCCEEDED, range));

    assertThat(text)
        .isEqualTo(
            """
        *Commits* (3)
        • <https://github.com/acme/shop/commit/c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3|c3c3c3c> Add cart \
        (<https://github.com/acme/shop/pull/12|#12>) – alice
        • <https://github.com/acme/shop/commit/b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2|b2b2b2b> Fix totals – bob
        <https://github.com/acme/shop/compare/x...y|… and 1 more>""");
  }

  @Test
  void longCommitTitlesAreCutAndTheSectionStaysUnderSlacksLimit() {
    List<Commit> many =
        java.util.stream.IntStream.range(0, 50)
            .mapToObj(i -> Commit.fromMessage("%040d".formatted(i), "x".repeat(300), "dev"))
            .toList();
    String text =
        MessageBuilder.commitsText(
            context(Status.SUCCEEDED, new CommitRange(many, 50, Optional.empty())));

    assertThat(text.length()).isLessThanOrEqualTo(MessageBuilder.SECTION_LIMIT);
    assertThat(text)
        .contains("x".repeat(99) + "…")
        .doesNotContain("x".repeat(101))
        .endsWith("more");
    int shown = (int) text.lines().filter(l -> l.startsWith("• ")).count();
    assertThat(text).endsWith("… and " + (50 - shown) + " more");
  }

  @Test
  void withoutRepositoryOrEnvironmentTheMessageStillReads() {
    DeployContext c =
        new DeployContext(
            Status.STARTED,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            "https://github.com",
            Optional.empty(),
            "alice",
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            CommitRange.none());

    JsonNode payload = MessageBuilder.compose(c);

    assertThat(payload.path("text").asText()).isEqualTo(":rocket: Deploying the service by alice");
    assertThat(payload.at("/attachments/0/blocks").size()).isEqualTo(1);
  }

  @Test
  void longVersionIsCutSoBlocksStayWithinSlacksLimits() {
    DeployContext c =
        new DeployContext(
            Status.SUCCEEDED,
            Optional.of("production"),
            Optional.of("v".repeat(5000)),
            Optional.of("acme/shop"),
            "https://github.com",
            Optional.of(SHA),
            "octocat",
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            CommitRange.none());

    JsonNode payload = MessageBuilder.compose(c);

    assertThat(payload.at("/attachments/0/blocks/0/fields/1/text").asText())
        .isEqualTo("*Version*\n" + "v".repeat(149) + "…");
    assertThat(payload.at("/blocks/0/text/text").asText().length()).isLessThan(300);
  }

  static String pretty(JsonNode node) throws Exception {
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
  }
}
