package dev.bosun.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.cli.ProbeRun;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Inputs as {@code core.getInput}, {@code getBooleanInput} and {@code getMultilineInput} read them.
 */
class InputsTest {

  @Test
  void inputNamesKeepHyphensAndTurnSpacesIntoUnderscores() {
    assertThat(ActionEnv.inputVariable("image-name")).isEqualTo("INPUT_IMAGE-NAME");
    assertThat(ActionEnv.inputVariable("my input")).isEqualTo("INPUT_MY_INPUT");
  }

  @Test
  void valuesAreTrimmedAndBlankMeansAbsent() {
    ActionEnv env = ActionEnv.of(Map.of("INPUT_A", "  x \n", "INPUT_B", "   "));
    assertThat(env.input("a")).contains("x");
    assertThat(env.input("b")).isEmpty();
    assertThat(env.input("c")).isEmpty();
  }

  @Test
  void onlyYamlCoreBooleansAreBooleans() {
    ActionBoolean bool = new ActionBoolean();
    for (String yes : new String[] {"true", "True", "TRUE", " true "}) {
      assertThat(bool.convert(yes)).as(yes).isTrue();
    }
    for (String no : new String[] {"false", "False", "FALSE"}) {
      assertThat(bool.convert(no)).as(no).isFalse();
    }
    for (String bad : new String[] {"yes", "no", "on", "1", "tRUE", "y"}) {
      assertThatThrownBy(() -> bool.convert(bad))
          .as(bad)
          .isInstanceOf(CommandLine.TypeConversionException.class);
    }
  }

  @Test
  void trueIsAcceptedAsABooleanInput() {
    ProbeRun r = ProbeRun.run(Map.of("INPUT_NAME", "web", "INPUT_FLAG", "True"));
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("echo=web|true|");
  }

  @Test
  void yesIsRefusedWithTheActionsMessage() {
    ProbeRun r = ProbeRun.run(Map.of("INPUT_NAME", "web", "INPUT_FLAG", "yes"));
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out())
        .contains(
            "::error title=flag::Input does not meet YAML 1.2 \"Core Schema\" specification: flag"
                + "%0ASupport boolean input list: `true | True | TRUE | false | False | FALSE`");
  }

  @Test
  void anEmptyOptionalBooleanTakesItsDefault() {
    ProbeRun r = ProbeRun.run(Map.of("INPUT_NAME", "web", "INPUT_FLAG", ""));
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("echo=web|false|");
  }

  @Test
  void aFlagWinsOverItsInput() {
    ProbeRun r = ProbeRun.run(Map.of("INPUT_NAME", "from-input"), "--name", "from-flag");
    assertThat(r.out()).contains("echo=from-flag|");
  }

  @Test
  void aMissingRequiredInputNamesIt() {
    ProbeRun r = ProbeRun.run(Map.of());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out().lines().filter(l -> l.startsWith("::error")))
        .containsExactly("::error title=name::Input required and not supplied: name");
  }

  @Test
  void multilineInputsDropEmptyLinesAndTrim() {
    ProbeRun r = ProbeRun.run(Map.of("INPUT_NAME", "x", "INPUT_LINES", "\n  a  \r\n\n b\n"));
    assertThat(r.out()).contains("echo=x|false|[a, b]|null");
    assertThat(Multiline.lines("one\r\ntwo\n\n")).containsExactly("one", "two");
    assertThat(Multiline.lines(java.util.List.of("a\nb", " c "))).containsExactly("a", "b", "c");
  }
}
