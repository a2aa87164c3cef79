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
        .hasMessage("Input 'smoke-status' has an invalid HTTP status '404-400'. Use codes, classes or ranges such as"
            + " 200, 200,204, 2xx or 200-299.");
    assertThatThrownBy(() -> StatusSet.parse("expect-status", "")).isInstanceOf(BadInputException.class);
    assertThatThrownBy(() -> StatusSet.parse("expect-status", "600")).isInstanceOf(BadInputException.class);
  }

  @Test
  void versionsMatchShasByPrefixAndTagsWithOrWithoutV() {
    assertThat(VersionMatch.matches("0123456789abcdef", "0123456")).isTrue();
    assertThat(VersionMatch.matches("0123456", "0123456789ABCDEF")).isTrue();
    assertThat(VersionMatch.matches("0123456789abcdef", "012345")).as("too short to be a SHA").isFalse();
    assertThat(VersionMatch.matches("v1.2.3", "1.2.3")).isTrue();
    assertThat(VersionMatch.matches("1.2.3", "v1.2.3")).isTrue();
    assertThat(VersionMatch.matches("v1.2.3", "v1.2.30")).isFalse();
    assertThat(VersionMatch.matches("v1.2.3", "")).isFalse();
  }

  @Test
  void versionIsReadFromTheFirstUsualField() throws Exception {
    var doc = JSON.readTree("{\"version\":\"v2.0.0\",\"git_sha\":\"abcdef0\"}");
    assertThat(VersionMatch.check("2.0.0", doc)).isEmpty();
    assertThat(VersionMatch.check("abcdef0", doc)).contains("version is 'v2.0.0' (field version), expected 'abcdef0'");
    assertThat(VersionMatch.check("abcdef0", JSON.readTree("{\"build\":1}")))
        .contains("no version field in the response (looked for commit_sha, sha, version, git_sha)");
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
    assertThat(JsonAssertion.parseLine("expect-json", "/missing=x").check(doc)).contains("/missing is missing");
  }

  @Test
  void excerptsAreOneShortLine() {
    assertThat(Outcome.excerpt("a\n  b\r\n\tc")).isEqualTo("a b c");
    assertThat(Outcome.excerpt("x".repeat(500))).hasSize(Outcome.EXCERPT_CHARS + 1).endsWith("…");
    assertThat(Outcome.excerpt(null)).isEmpty();
  }

  @Test
  void aPlainTextVersionEndpointCanAnswerJustTheSha() {
    Expectations expect = new Expectations(StatusSet.ok(), java.util.Optional.empty(), java.util.List.of(),
        java.util.Optional.of("0123456789abcdef"), java.util.Optional.empty());
    assertThat(expect.judge(200, "0123456789\n", 5).ok()).isTrue();
    assertThat(expect.judge(200, "{\"sha\":\"ffffffff\"}", 5).reason())
        .isEqualTo("version is 'ffffffff' (field sha), expected '0123456789abcdef'");
  }
}
