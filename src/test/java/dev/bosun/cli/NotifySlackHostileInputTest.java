package dev.bosun.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.bosun.testing.ActionHarness;
import dev.bosun.testing.HostileInput;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Values that try to inject workflow commands through notify-slack's payload, log lines and errors
 * (issue 19, item 1). The webhook answers as https://api.slack.com/messaging/webhooks shows: 200
 * with body {@code ok}.
 */
class NotifySlackHostileInputTest {

  static final String HOOK = "/services/T0000000/B0000000/XXXXhostileXXXX";

  @TempDir Path dir;
  WireMockServer slack;

  @BeforeEach
  void start() {
    slack = new WireMockServer(options().dynamicPort());
    slack.start();
    slack.stubFor(post(urlEqualTo(HOOK)).willReturn(aResponse().withStatus(200).withBody("ok")));
  }

  @AfterEach
  void stop() {
    slack.stop();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "environment",
        "version",
        "sha",
        "channel",
        "commits",
        "payload",
        "environment-url",
        "started-at",
        "status",
        "thread-ts",
        "update-ts",
        "max-commits",
        "timeout"
      })
  void neitherTheDryRunNorTheSendCarriesAnInjectedCommand(String input) throws Exception {
    for (String dryRun : new String[] {"true", "false"}) {
      ActionHarness.Result r =
          new ActionHarness(Files.createDirectories(dir.resolve(dryRun)))
              .input("status", "failed")
              .input("environment", "production")
              .input("version", "1.4.2")
              .input("webhook-url", slack.baseUrl() + HOOK)
              .input("dry-run", dryRun)
              .input(input, HostileInput.VALUE)
              .run("notify-slack");

      HostileInput.assertNoInjectedCommands(r);
    }
  }
}
