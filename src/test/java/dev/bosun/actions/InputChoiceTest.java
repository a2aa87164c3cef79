package dev.bosun.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.migrate.DatabaseAuth;
import dev.bosun.migrate.EnvironmentKind;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The one converter for choice inputs and the one for durations, which replaced their parsers. */
class InputChoiceTest {

  @Test
  void aChoiceIsTakenTrimmedInAnyCaseByItsSpellingOrAnAlias() {
    InputChoice.Converter<EnvironmentKind> kind =
        new InputChoice.Converter<>(EnvironmentKind.class);
    assertThat(kind.convert(" Non-Production ")).isEqualTo(EnvironmentKind.NON_PRODUCTION);
    assertThat(kind.convert("PROD")).isEqualTo(EnvironmentKind.PRODUCTION);
    assertThat(kind.convert("nonproduction")).isEqualTo(EnvironmentKind.NON_PRODUCTION);
    assertThat(new InputChoice.Converter<>(DatabaseAuth.class).convert("Azure-AD"))
        .isEqualTo(DatabaseAuth.AZURE_AD);
  }

  @Test
  void aBadChoiceListsTheSpellings() {
    assertThatThrownBy(() -> new InputChoice.Converter<>(EnvironmentKind.class).convert("live"))
        .isInstanceOf(CommandLine.TypeConversionException.class)
        .hasMessage("is 'live'; expected one of production, non-production, auto.");
  }

  @Test
  void durationsArePositiveUnlessZeroIsAllowed() {
    assertThat(new ActionDuration().convert("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThatThrownBy(() -> new ActionDuration().convert("0"))
        .isInstanceOf(CommandLine.TypeConversionException.class)
        .hasMessageStartingWith("must be longer than zero (it is '0')");
    assertThat(new ActionDuration.OrZero().convert("0")).isEqualTo(Duration.ZERO);
    assertThatThrownBy(() -> new ActionDuration.OrZero().convert("PT-1S"))
        .hasMessageStartingWith("is negative ('PT-1S')");
  }
}
