package dev.bosun.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.testing.ActionHarness;
import dev.bosun.testing.HostileInput;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Values that try to inject workflow commands through smoke-check's retry lines and errors (issue
 * 19, item 1).
 */
class SmokeHostileInputTest {

  @TempDir Path dir;
  private ScriptedServer server;

  @BeforeEach
  void given() {
    server = ScriptedServer.start().always("/health", 200, "{\"version\":\"1.0.0\"}");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "expect-body",
        "expect-version",
        "expect-json",
        "headers",
        "timeout",
        "expect-status"
      })
  void retryLinesAndErrorsNeverCarryAnInjectedCommand(String input) {
    ActionHarness.Result r =
        new ActionHarness(dir)
            .input("url", server.url("/health"))
            .input("interval", "500ms")
            .input("timeout", "4s")
            .input(input, HostileInput.VALUE)
            .run("smoke-check");

    assertThat(r.exitCode()).as(r.stdout()).isNotZero();
    HostileInput.assertNoInjectedCommands(r);
    if (input.startsWith("expect-b") || input.startsWith("expect-v")) {
      assertThat(r.stdout())
          .contains("attempt 1 failed")
          .contains("'x\\n::error::PWNED\\n::set-output name=pwned::1");
    }
  }
}
