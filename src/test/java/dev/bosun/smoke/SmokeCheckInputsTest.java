package dev.bosun.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.testing.ActionHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad inputs: one {@code ::error::} naming the input, exit code 2, and no request made. */
class SmokeCheckInputsTest {

  @TempDir Path dir;

  private ActionHarness.Result run(ActionHarness action) {
    ActionHarness.Result r = action.run("smoke-check");
    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(2);
    assertThat(r.stdout().lines().filter(l -> l.startsWith("::error"))).hasSize(1);
    assertThat(r.outputs()).isEmpty();
    return r;
  }

  private ActionHarness action() {
    return new ActionHarness(dir).input("url", "http://127.0.0.1:9/health");
  }

  @Test
  void neitherUrlNorChecksFile() {
    ActionHarness.Result r = run(new ActionHarness(dir));
    assertThat(r.stdout())
        .contains("::error title=url::Input required and not supplied: url (or checks-file)");
  }

  @Test
  void aUrlThatIsNotHttp() {
    ActionHarness.Result r = run(new ActionHarness(dir).input("url", "ftp://example.com/x"));
    assertThat(r.stdout())
        .contains(
            "::error title=url::Input 'url': 'ftp://example.com/x' is not an absolute http(s) URL");
  }

  @Test
  void aStatusThatIsNotAStatus() {
    ActionHarness.Result r = run(action().input("expect-status", "ok"));
    assertThat(r.stdout())
        .contains(
            "::error title=expect-status::Input 'expect-status' has an invalid HTTP status 'ok'");
  }

  @Test
  void aTimeoutThatIsNotADuration() {
    ActionHarness.Result r = run(action().input("timeout", "soon"));
    assertThat(r.stdout())
        .contains("::error title=timeout::Input 'timeout' is not a duration: 'soon'");
  }

  @Test
  void aZeroRequestTimeout() {
    ActionHarness.Result r = run(action().input("request-timeout", "0s"));
    assertThat(r.stdout())
        .contains(
            "::error title=request-timeout::Input 'request-timeout' must be longer than zero");
  }

  @Test
  void aConcurrencyThatIsNotANumber() {
    ActionHarness.Result r = run(action().input("concurrency", "many"));
    assertThat(r.stdout()).contains("::error title=concurrency::");
  }

  @Test
  void aZeroConcurrency() {
    ActionHarness.Result r = run(action().input("concurrency", "0"));
    assertThat(r.stdout())
        .contains("::error title=concurrency::Input 'concurrency' is 0; it must be 1 or more.");
  }

  @Test
  void aJsonAssertionWithoutPointer() {
    ActionHarness.Result r = run(action().input("expect-json", "status=ok"));
    assertThat(r.stdout())
        .contains(
            "::error title=expect-json::Input 'expect-json': 'status=ok' is not an assertion");
  }

  @Test
  void aBadRegex() {
    ActionHarness.Result r = run(action().input("expect-json", "/status~=(ok"));
    assertThat(r.stdout())
        .contains(
            "::error title=expect-json::Input 'expect-json': '(ok' for /status is not a valid");
  }

  @Test
  void aHeaderLineWithoutColonDoesNotEchoTheSecret() {
    ActionHarness.Result r = run(action().input("headers", "Bearer-abcdef123456"));
    assertThat(r.stdout())
        .contains("::error title=headers::Input 'headers': line 1 is not a header.");
    assertThat(r.everything()).doesNotContain("abcdef123456");
  }

  @Test
  void aRestrictedHeader() {
    ActionHarness.Result r = run(action().input("headers", "Host: example.com"));
    assertThat(r.stdout())
        .contains(
            "::error title=headers::Input 'headers': header 'Host' is set by the HTTP client");
  }

  @Test
  void aMissingChecksFile() {
    ActionHarness.Result r = run(new ActionHarness(dir).input("checks-file", "nope.yml"));
    assertThat(r.stdout())
        .contains(
            "::error title=checks-file::Input 'checks-file': file '"
                + dir.resolve("nope.yml")
                + "' does not exist");
  }

  @Test
  void aChecksFileThatIsNotAList() throws Exception {
    Files.writeString(dir.resolve("smoke.yml"), "url: http://x\n");
    ActionHarness.Result r =
        run(new ActionHarness(dir).input("checks-file", dir.resolve("smoke.yml").toString()));
    assertThat(r.stdout())
        .contains("::error title=checks-file::Input 'checks-file' must hold a YAML list of checks");
  }

  @Test
  void aChecksFileEntryWithAnUnknownField() throws Exception {
    Files.writeString(
        dir.resolve("smoke.yml"),
        "- name: ready\n  url: http://127.0.0.1:9/ready\n  status: 200\n");
    ActionHarness.Result r =
        run(new ActionHarness(dir).input("checks-file", dir.resolve("smoke.yml").toString()));
    assertThat(r.stdout())
        .contains(
            "::error title=checks-file::Input 'checks-file': entry 'ready' has unknown field(s)"
                + " [status]");
  }

  @Test
  void aChecksFileEntryWithoutUrl() throws Exception {
    Files.writeString(dir.resolve("smoke.yml"), "- name: ready\n  method: GET\n");
    ActionHarness.Result r =
        run(new ActionHarness(dir).input("checks-file", dir.resolve("smoke.yml").toString()));
    assertThat(r.stdout())
        .contains(
            "::error title=checks-file::Input 'checks-file': entry 'ready' has no 'url:' or 'sql:'.");
  }

  @Test
  void aChecksFileWithRepeatedNames() throws Exception {
    Files.writeString(
        dir.resolve("smoke.yml"),
        "- name: a\n  url: http://127.0.0.1:9/a\n- name: a\n  url: http://127.0.0.1:9/b\n");
    ActionHarness.Result r =
        run(new ActionHarness(dir).input("checks-file", dir.resolve("smoke.yml").toString()));
    assertThat(r.stdout()).contains("entry 'a' repeats the name 'a'; names must be unique.");
  }

  @Test
  void aChecksFileUsingAnUnsetVariable() throws Exception {
    Files.writeString(dir.resolve("smoke.yml"), "- name: a\n  url: ${NOPE_BASE}/a\n");
    ActionHarness.Result r =
        run(new ActionHarness(dir).input("checks-file", dir.resolve("smoke.yml").toString()));
    assertThat(r.stdout())
        .contains("entry 'a' uses ${NOPE_BASE}, but that environment variable is not set");
  }

  @Test
  void expectVersionTrueWithoutTheInput() throws Exception {
    Files.writeString(
        dir.resolve("smoke.yml"),
        "- name: v\n  url: http://127.0.0.1:9/v\n  expect-version: true\n");
    ActionHarness.Result r =
        run(new ActionHarness(dir).input("checks-file", dir.resolve("smoke.yml").toString()));
    assertThat(r.stdout())
        .contains("entry 'v' says 'expect-version: true', but the expect-version input is empty");
  }

  @Test
  void aBadBooleanLikeValueInAnIntegerInputIsNotHalfApplied() {
    ActionHarness action =
        action()
            .input("timeout", "1m")
            .input("report-file", dir.resolve("r.xml").toString())
            .input("interval", "fast");
    run(action);
    assertThat(dir.resolve("r.xml")).doesNotExist();
  }

  // issue 19 item 7: a port out of range was exit 1 "connection failed: IllegalArgumentException"
  @Test
  void aPortOutOfRange() {
    ActionHarness.Result r = run(new ActionHarness(dir).input("url", "http://127.0.0.1:99999/"));
    assertThat(r.stdout())
        .contains(
            "::error title=url::Input 'url': 'http://127.0.0.1:99999/' has port 99999; a port is"
                + " a number from 1 to 65535.");
  }

  @Test
  void aPortOutOfRangeInAChecksFile() throws Exception {
    Files.writeString(dir.resolve("smoke.yml"), "- name: a\n  url: http://127.0.0.1:0/a\n");
    ActionHarness.Result r =
        run(new ActionHarness(dir).input("checks-file", dir.resolve("smoke.yml").toString()));
    assertThat(r.stdout())
        .contains(
            "::error title=checks-file::Input 'checks-file': 'http://127.0.0.1:0/a' has port 0");
  }

  // issue 19 item 9: one rule for durations, and no empty entries in a status list
  @ParameterizedTest
  @ValueSource(strings = {"2xx,", ",200", "200,,204", "200, ,204"})
  void aStatusListWithAnEmptyEntryMakesNoRequest(String status) {
    try (ScriptedServer server = ScriptedServer.start().always("/health", 200, "ok")) {
      ActionHarness.Result r =
          run(
              new ActionHarness(dir)
                  .input("url", server.url("/health"))
                  .input("expect-status", status));
      assertThat(r.stdout())
          .contains(
              "::error title=expect-status::Input 'expect-status' has an empty entry in '"
                  + status.trim()
                  + "'");
      assertThat(server.hits("/health")).isZero();
    }
  }

  @ParameterizedTest
  @CsvSource({"interval,0s", "interval,0", "timeout,PT0S", "request-timeout,0ms"})
  void zeroIsRefusedForEveryDuration(String input, String value) {
    ActionHarness.Result r = run(action().input(input, value));
    assertThat(r.stdout())
        .contains(
            "::error title="
                + input
                + "::Input '"
                + input
                + "' must be longer than zero (it is '"
                + value
                + "')");
  }

  @Test
  void aNegativeDuration() {
    ActionHarness.Result r = run(action().input("interval", "PT-2S"));
    assertThat(r.stdout())
        .contains("::error title=interval::Input 'interval' is negative ('PT-2S')");
  }

  @Test
  void aZeroMaxLatencyInAChecksFile() throws Exception {
    Files.writeString(
        dir.resolve("smoke.yml"), "- name: a\n  url: http://127.0.0.1:9/a\n  max-latency: 0s\n");
    ActionHarness.Result r =
        run(new ActionHarness(dir).input("checks-file", dir.resolve("smoke.yml").toString()));
    assertThat(r.stdout())
        .contains(
            "::error title=checks-file::Input 'checks-file': entry 'a' has max-latency '0s'; "
                + "give a duration longer than zero");
  }
}
