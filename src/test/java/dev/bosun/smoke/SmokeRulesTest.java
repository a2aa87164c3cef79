package dev.bosun.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bosun.support.BadInputException;
import org.junit.jupiter.api.Test;

/** The pure rules: statuses, versions, JSON assertions, excerpts. */
class SmokeRulesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void statusSetsTakeCodesClassesAndRanges() {
    StatusSet s = StatusSet.parse("expect-status", "200, 204 3xx 400-404");
    assertThat(s.accepts(200)).isTrue();
    assertThat(s.accepts(204)).isTrue();
    assertThat(s.accepts(301)).isTrue();
    assertThat(s.accepts(403)).isTrue();
    assertThat(s.accepts(201)).isFalse();
    assertThat(s.accepts(500)).isFalse();
    assertThat(s).hasToString("200,204,3xx,400-404");
  }

  @Test
  void statusSetsRejectNonsenseNamingTheInput() {
    assertThatThrownBy(() -> StatusSet.parse("smoke-status", "404-400"))
        .isInstanceOf(BadInputException.class)
        .hasMessage(
            "Input 'smoke-status' has an invalid HTTP status '404-400'. Use codes, classes or ranges such as"
                + " 200, 200,204, 2xx or 200-299.");
    assertThatThrownBy(() -> StatusSet.parse("expect-status", ""))
        .isInstanceOf(BadInputException.class);
    assertThatThrownBy(() -> StatusSet.parse("expect-status", "600"))
        .isInstanceOf(BadInputException.class);
  }

  @Test
  void versionsMatchShasByPrefixAndTagsWithOrWithoutV() {
    assertThat(VersionMatch.matches("0123456789abcdef", "0123456")).isTrue();
    assertThat(VersionMatch.matches("0123456", "0123456789ABCDEF")).isTrue();
    assertThat(VersionMatch.matches("0123456789abcdef", "012345"))
        .as("too short to be a SHA")
        .isFalse();
    assertThat(VersionMatch.matches("v1.2.3", "1.2.3")).isTrue();
    assertThat(VersionMatch.matches("1.2.3", "v1.2.3")).isTrue();
    assertThat(VersionMatch.matches("v1.2.3", "v1.2.30")).isFalse();
    assertThat(VersionMatch.matches("v1.2.3", "")).isFalse();
  }

  @Test
  void aShaIsComparedWithTheCommitFieldsAndATagWithTheVersionFields() throws Exception {
    var seed003 =
        JSON.readTree(
            "{\"environment\":\"staging\",\"branch\":\"v1.2.3\","
                + "\"commit_sha\":\"abc123def4567890\",\"deployed_at\":\"2025-01-22T10:30:00Z\"}");
    assertThat(VersionMatch.check("v1.2.3", seed003)).isEmpty();
    assertThat(VersionMatch.check("1.2.3", seed003)).isEmpty();
    assertThat(VersionMatch.check("abc123d", seed003)).isEmpty();
    assertThat(VersionMatch.check("v1.2.4", seed003))
        .contains("version is 'v1.2.3' (field branch), expected 'v1.2.4'");
    assertThat(VersionMatch.check("fff0000", seed003))
        .contains("version is 'abc123def4567890' (field commit_sha), expected 'fff0000'");

    var both =
        JSON.readTree("{\"version\":\"2.0.0\",\"tag\":\"v2.0.0-rc.1\",\"git_sha\":\"abcdef0\"}");
    assertThat(VersionMatch.check("v2.0.0", both)).isEmpty();
    assertThat(VersionMatch.check("abcdef0", both)).isEmpty();
    assertThat(VersionMatch.check("v2.1.0", both))
        .contains(
            "version is '2.0.0' (field version), 'v2.0.0-rc.1' (field tag), expected 'v2.1.0'");
    // a service that reports its build commit as "version" still matches a SHA
    assertThat(VersionMatch.check("abcdef0123", JSON.readTree("{\"version\":\"abcdef0\"}")))
        .isEmpty();
  }

  @Test
  void theMessageSaysWhichKindOfFieldIsMissingAndWhatTheResponseHas() throws Exception {
    assertThat(VersionMatch.check("abcdef0", JSON.readTree("{\"build\":1}")))
        .contains(
            "no commit SHA field to compare 'abcdef0' with (looked for commit_sha, sha, git_sha)");
    assertThat(VersionMatch.check("v1.2.3", JSON.readTree("{\"commit_sha\":\"abcdef0\"}")))
        .contains(
            "no version field to compare 'v1.2.3' with (looked for version, tag, branch, release); the response"
                + " has commit_sha 'abcdef0', so expect-version should be the commit SHA");
  }

  @Test
  void jsonAssertionsCompareTextOrMatchARegex() throws Exception {
    var doc = JSON.readTree("{\"status\":\"ok\",\"slot\":1,\"db\":{\"up\":true},\"tags\":[\"a\"]}");
    assertThat(JsonAssertion.parseLine("expect-json", "/status=ok").check(doc)).isEmpty();
    assertThat(JsonAssertion.parseLine("expect-json", "/slot = 1").check(doc)).isEmpty();
    assertThat(JsonAssertion.parseLine("expect-json", "/db/up=true").check(doc)).isEmpty();
    assertThat(JsonAssertion.parseLine("expect-json", "/tags/0~=^a$").check(doc)).isEmpty();
    assertThat(JsonAssertion.parseLine("expect-json", "/status=down").check(doc))
        .contains("/status is 'ok', expected 'down'");
    assertThat(JsonAssertion.parseLine("expect-json", "/status~=^d").check(doc))
        .contains("/status is 'ok', which does not match /^d/");
    assertThat(JsonAssertion.parseLine("expect-json", "/missing=x").check(doc))
        .contains("/missing is missing");
  }

  @Test
  void excerptsAreOneShortLine() {
    assertThat(Outcome.excerpt("a\n  b\r\n\tc")).isEqualTo("a b c");
    assertThat(Outcome.excerpt("x".repeat(500))).hasSize(Outcome.EXCERPT_CHARS + 1).endsWith("…");
    assertThat(Outcome.excerpt(null)).isEmpty();
  }

  @Test
  void aPlainTextVersionEndpointCanAnswerJustTheSha() {
    Expectations expect =
        new Expectations(
            StatusSet.ok(),
            java.util.Optional.empty(),
            java.util.List.of(),
            java.util.Optional.of("0123456789abcdef"),
            java.util.Optional.empty());
    assertThat(expect.judge(200, "0123456789\n", 5).ok()).isTrue();
    assertThat(expect.judge(200, "{\"sha\":\"ffffffff\"}", 5).reason())
        .isEqualTo("version is 'ffffffff' (field sha), expected '0123456789abcdef'");
  }
}
