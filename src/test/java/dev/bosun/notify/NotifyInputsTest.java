package dev.bosun.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.actions.ActionEnv;
import dev.bosun.support.BadInputException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotifyInputsTest {

  static final Clock NOW = Clock.fixed(Instant.parse("2026-01-31T12:03:12Z"), ZoneOffset.UTC);
  static final ActionEnv ENV =
      ActionEnv.of(Map.of("GITHUB_REPOSITORY", "acme/shop", "GITHUB_ACTOR", "octocat"));

  static NotifyInputs inputs(String startedAt, String updateTs) {
    return new NotifyInputs(
        "https://hooks.slack.com/services/T1/B1/x",
        null,
        null,
        null,
        updateTs,
        null,
        "started",
        "production",
        null,
        null,
        null,
        startedAt,
        List.of(),
        null,
        10,
        null,
        null,
        false,
        false);
  }

  @Test
  void durationFromUnixSecondsOrIsoTime() {
    assertThat(inputs("1769860800", null).duration(NOW)).contains(Duration.ofSeconds(192));
    assertThat(inputs("2026-01-31T12:00:00Z", null).duration(NOW))
        .contains(Duration.ofSeconds(192));
    assertThat(inputs("2026-01-31T13:00:00+01:00", null).duration(NOW))
        .contains(Duration.ofSeconds(192));
  }

  @Test
  void durationFallsBackToTheUpdatedMessagesTs() {
    NotifyInputs bot =
        new NotifyInputs(
            null,
            "xoxb-1",
            "C0123456789",
            null,
            "1769860800.000100",
            null,
            "succeeded",
            null,
            null,
            null,
            null,
            null,
            List.of(),
            null,
            10,
            null,
            null,
            false,
            false);
    assertThat(bot.duration(NOW)).contains(Duration.ofSeconds(191));
    assertThat(inputs(null, null).duration(NOW)).isEmpty();
  }

  @Test
  void startInTheFutureIsBadInput() {
    assertThatThrownBy(() -> inputs("2026-01-31T13:00:00Z", null).duration(NOW))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("in the future");
  }

  @Test
  void jobStatusWordsAreAccepted() {
    assertThat(Status.parse("success")).isEqualTo(Status.SUCCEEDED);
    assertThat(Status.parse("Failure")).isEqualTo(Status.FAILED);
    assertThat(Status.parse("ROLLED-BACK")).isEqualTo(Status.ROLLED_BACK);
    assertThat(Status.parse("cancelled")).isEqualTo(Status.CANCELLED);
  }

  @Test
  void webhookRequestCarriesTheRunContext() {
    NotifyRequest request = inputs(null, null).toRequest(ENV, NOW);

    assertThat(request.target()).containsInstanceOf(SlackTarget.Webhook.class);
    assertThat(request.context().repository()).contains("acme/shop");
    assertThat(request.context().actor()).contains("octocat");
    assertThat(request.context().sha()).isEmpty();
    assertThat(request.lookup()).isEmpty();
    assertThat(request.target().orElseThrow().toString()).doesNotContain("hooks.slack.com");
  }

  @Test
  void githubTokenNeedsAnEnvironment() {
    NotifyInputs noEnv =
        new NotifyInputs(
            "https://hooks.slack.com/services/T1/B1/x",
            null,
            null,
            null,
            null,
            null,
            "started",
            null,
            null,
            "0123456",
            null,
            null,
            List.of(),
            "ghs_x",
            10,
            null,
            null,
            false,
            false);
    assertThatThrownBy(() -> noEnv.toRequest(ENV, NOW))
        .isInstanceOf(BadInputException.class)
        .extracting(e -> ((BadInputException) e).subject())
        .isEqualTo("environment");
  }
}
