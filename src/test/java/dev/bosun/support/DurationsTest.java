package dev.bosun.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void parsesTheHumanForms() {
    assertThat(Durations.parse("timeout", "500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("timeout", "10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(Durations.parse("timeout", " 2m ")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Durations.parse("timeout", "1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("timeout", "1m30s500ms")).isEqualTo(Duration.ofMillis(90_500));
    assertThat(Durations.parse("timeout", "15")).isEqualTo(Duration.ofSeconds(15));
    assertThat(Durations.parse("timeout", "2M")).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void parsesIso8601() {
    assertThat(Durations.parse("timeout", "PT15M")).isEqualTo(Duration.ofMinutes(15));
    assertThat(Durations.parse("timeout", "pt1.5s")).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void rejectsAnythingElseNamingTheInputAndTheForms() {
    for (String bad : new String[] {"", "soon", "2 m", "1.5m", "-5s", "P", "10x"}) {
      assertThatThrownBy(() -> Durations.parse("smoke-timeout", bad))
          .as(bad)
          .isInstanceOf(BadInputException.class)
          .hasMessage(
              "Input 'smoke-timeout' is not a duration: '"
                  + bad
                  + "'. Use a number of seconds or a value such as 500ms, 10s, 2m, 1h30m.")
          .extracting(e -> ((BadInputException) e).subject())
          .isEqualTo("smoke-timeout");
    }
  }

  @Test
  void oneRuleForEveryDurationNeverNegativeAndPositiveWhereZeroMeansNothing() {
    assertThat(Durations.parse("statement-timeout", "0")).isZero();
    assertThatThrownBy(() -> Durations.parse("warn-after", "PT-1M"))
        .hasMessage(
            "Input 'warn-after' is negative ('PT-1M'); give a duration such as 500ms, 10s or 2m.");
    assertThat(Durations.positive("timeout", "1ms")).isEqualTo(Duration.ofMillis(1));
    for (String zero : new String[] {"0", "0s", "0ms", "0h0m", "PT0S"}) {
      assertThatThrownBy(() -> Durations.positive("interval", zero))
          .as(zero)
          .isInstanceOf(BadInputException.class)
          .hasMessage(
              "Input 'interval' must be longer than zero (it is '"
                  + zero
                  + "'); give a duration such as 500ms, 10s or 2m.");
    }
  }

  @Test
  void formatsAsInputsAreWritten() {
    assertThat(Durations.format(Duration.ofMillis(300))).isEqualTo("300ms");
    assertThat(Durations.format(Duration.ofMillis(2400))).isEqualTo("2.4s");
    assertThat(Durations.format(Duration.ofSeconds(30))).isEqualTo("30.0s");
    assertThat(Durations.format(Duration.ofMinutes(2))).isEqualTo("2m");
    assertThat(Durations.format(Duration.ofSeconds(150))).isEqualTo("2m30s");
  }

  @Test
  void backoffGrowsAndIsCapped() {
    Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(5), 2.0, 0.0);
    assertThat(b.delay(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(b.delay(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(b.delay(4)).isEqualTo(Duration.ofSeconds(5));
    Backoff jittered = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(5), 2.0, 0.5);
    for (int i = 0; i < 50; i++) {
      assertThat(jittered.delay(1)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1500));
      assertThat(jittered.delay(10)).isLessThanOrEqualTo(Duration.ofSeconds(5));
    }
  }
}
