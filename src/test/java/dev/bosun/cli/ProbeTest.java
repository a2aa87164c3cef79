package dev.bosun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProbeTest {

  @Test
  void requiredInputFromEnvironmentSatisfiesRequiredOption() {
    ProbeRun r =
        ProbeRun.run(
            Map.of("INPUT_NAME", "  web  ", "INPUT_FLAG", "True", "INPUT_LINES", "a\n\n  b \n"));
    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("echo=web|true|[a, b]|null");
  }

  @Test
  void missingRequiredInput() {
    ProbeRun r = ProbeRun.run(Map.of("INPUT_NAME", "  "));
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).contains("::error title=name::Input required and not supplied: name");
  }

  @Test
  void yesIsNotABoolean() {
    ProbeRun r = ProbeRun.run(Map.of("INPUT_NAME", "x", "INPUT_FLAG", "yes"));
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out())
        .contains(
            "::error title=flag::Input does not meet YAML 1.2 \"Core Schema\" specification: flag%0A");
  }
}
