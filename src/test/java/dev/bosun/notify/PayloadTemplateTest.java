package dev.bosun.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bosun.support.BadInputException;
import dev.bosun.support.Yaml;
import org.junit.jupiter.api.Test;

class PayloadTemplateTest {

  @Test
  void everyPlaceholderHasAValue() {
    DeployContext c = MessageBuilderTest.context(Status.SUCCEEDED, CommitRange.none());
    assertThat(PayloadTemplate.values(c).keySet())
        .containsExactlyInAnyOrderElementsOf(PayloadTemplate.NAMES);
  }

  @Test
  void yamlAttachmentWithColourAndHostileValues() {
    DeployContext c = MessageBuilderTest.context(Status.FAILED, CommitRange.none());
    PayloadTemplate t =
        PayloadTemplate.parse(
            "payload",
            """
        attachments:
          - color: "{color}"
            text: "{status-emoji} {headline} <{commit-url}|{short-sha}>"
        """);

    JsonNode out = t.render(c);

    assertThat(out.toString())
        .isEqualTo(
            "{\"attachments\":[{\"color\":\"#E01E5A\",\"text\":\":x: Deploy of acme/shop "
                + "1.4.2 to production failed <https://github.com/acme/shop/commit/0123456789abcdef0123456789abcdef01234567"
                + "|0123456>\"}]}");
  }

  @Test
  void placeholderThatRendersEmptyIsCaughtAsNoText() {
    DeployContext c =
        new DeployContext(
            Status.STARTED,
            java.util.Optional.empty(),
            java.util.Optional.empty(),
            java.util.Optional.empty(),
            "https://github.com",
            java.util.Optional.empty(),
            "x",
            java.util.Optional.empty(),
            java.util.Optional.empty(),
            java.util.Optional.empty(),
            CommitRange.none());
    PayloadTemplate t = PayloadTemplate.parse("payload-file", "{\"text\": \"{version}\"}");

    assertThatThrownBy(() -> t.render(c))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(
            "Input 'payload-file' is not a Slack message: the message has no 'text'");
  }

  @Test
  void tooManyBlocksIsRejected() {
    String blocks = "{\"type\":\"divider\"},".repeat(51);
    assertThatThrownBy(
            () ->
                PayloadTemplate.parse(
                    "payload", "{\"blocks\": [" + blocks.substring(0, blocks.length() - 1) + "]}"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("51 blocks; Slack takes at most 50");
  }

  @Test
  void hostileYamlMeetsTheSameLimitsAsEveryOtherYamlInput() {
    // the default factory read up to 3 MB code points; bosun's YAML stops at 1 Mi, as for every
    // YAML input
    String huge = "text: \"" + "x".repeat(Yaml.CODE_POINT_LIMIT + 10) + "\"\n";
    assertThatThrownBy(() -> PayloadTemplate.parse("payload", huge))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("Input 'payload' is not valid YAML")
        .hasMessageContaining("exceeds the limit: " + Yaml.CODE_POINT_LIMIT + " code points");
  }
}
