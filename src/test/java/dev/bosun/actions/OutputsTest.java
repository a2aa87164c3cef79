package dev.bosun.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.support.BadInputException;
import dev.bosun.testing.ActionHarness;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code $GITHUB_OUTPUT} / {@code $GITHUB_ENV} heredocs, and name=value lines on a laptop. */
class OutputsTest {

  private static final String DELIMITER = "ghadelimiter_fixed-for-test";

  @TempDir Path dir;

  private Outputs outputs(StringWriter out, Masker masker) {
    return new Outputs(
        Optional.of(dir.resolve("output")),
        Optional.of(dir.resolve("env")),
        new PrintWriter(out),
        masker,
        () -> DELIMITER);
  }

  @Test
  void multilineValuesRoundTripAsTheRunnerParsesThem() throws Exception {
    Outputs outputs = outputs(new StringWriter(), new Masker());

    outputs.set("results", "[\n  {\"a\": 1}\n]");
    outputs.set("empty", "");
    outputs.set("plain", "x=y");

    String file = Files.readString(dir.resolve("output"));
    String eol = System.lineSeparator();
    assertThat(file).startsWith("results<<" + DELIMITER + eol + "[" + eol);
    assertThat(ActionHarness.parseFileCommands(file))
        .containsExactly(
            Map.entry("results", "[\n  {\"a\": 1}\n]"),
            Map.entry("empty", ""),
            Map.entry("plain", "x=y"));
  }

  @Test
  void aRandomDelimiterIsUsedEachTime() {
    var random = Outputs.randomDelimiter();
    String a = random.get();
    assertThat(a).matches("ghadelimiter_[0-9a-f-]{36}");
    assertThat(random.get()).isNotEqualTo(a);
  }

  @Test
  void aValueContainingTheDelimiterIsRefused() {
    Outputs outputs = outputs(new StringWriter(), new Masker());

    assertThatThrownBy(() -> outputs.set("evil", "x\n" + DELIMITER + "\nother<<y"))
        .isInstanceOf(BadInputException.class)
        .hasMessage(
            "Unexpected input: value should not contain the delimiter \"" + DELIMITER + "\"");
    assertThatThrownBy(() -> outputs.exportVariable("A" + DELIMITER, "v"))
        .hasMessage(
            "Unexpected input: name should not contain the delimiter \"" + DELIMITER + "\"");
    assertThat(dir.resolve("output")).doesNotExist();
  }

  @Test
  void exportedVariablesGoToGithubEnv() throws Exception {
    outputs(new StringWriter(), new Masker())
        .exportVariable("IMAGE", "ghcr.io/acme/shop@sha256:abc");

    assertThat(ActionHarness.parseFileCommands(Files.readString(dir.resolve("env"))))
        .containsExactly(Map.entry("IMAGE", "ghcr.io/acme/shop@sha256:abc"));
  }

  @Test
  void onALaptopOutputsArePrintedAsNameValue() {
    StringWriter out = new StringWriter();
    Outputs outputs =
        new Outputs(
            Optional.empty(),
            Optional.empty(),
            new PrintWriter(out),
            new Masker(),
            () -> DELIMITER);

    outputs.set("passed", "true");
    outputs.exportVariable("IMAGE", "x");

    assertThat(out.toString().lines()).containsExactly("passed=true", "env: IMAGE=x");
    assertThat(outputs.written()).containsEntry("passed", "true");
  }

  @Test
  void secretsInValuesAreMasked() throws Exception {
    Masker masker = new Masker();
    masker.add("hunter2-password");
    outputs(new StringWriter(), masker).set("url", "postgres://app:hunter2-password@db/app");

    assertThat(Files.readString(dir.resolve("output")))
        .contains("postgres://app:***@db/app")
        .doesNotContain("hunter2");
  }
}
