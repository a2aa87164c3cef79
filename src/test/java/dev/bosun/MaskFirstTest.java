package dev.bosun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.cli.Composition;
import dev.bosun.cli.ProbeCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Secret inputs are masked before anything else is printed, even before a parse error could echo
 * them.
 */
class MaskFirstTest {

  private static final String SECRET = "tok-8f2e1a9c";

  private static String run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    Main.run(
        args,
        env,
        new PrintWriter(out),
        new PrintWriter(new StringWriter()),
        Composition.real().withCommand(ProbeCommand.class));
    return out.toString();
  }

  @Test
  void theMaskIsTheFirstLineAndTheSecretNeverShows() {
    String out =
        run(Map.of("GITHUB_ACTIONS", "true", "INPUT_NAME", "web", "INPUT_TOKEN", SECRET), "probe");

    assertThat(out.lines().findFirst()).contains("::add-mask::" + SECRET);
    assertThat(out).contains("token is ***").contains("echo=web|false|[]|***");
    assertThat(out.lines().filter(l -> !l.startsWith("::add-mask::")))
        .noneMatch(l -> l.contains(SECRET));
  }

  @Test
  void aSecretFlagIsMaskedBeforeAParseErrorEchoesIt() {
    String out =
        run(Map.of("GITHUB_ACTIONS", "true"), "probe", "--token=" + SECRET, "--flag", "maybe");

    assertThat(out.lines().findFirst()).contains("::add-mask::" + SECRET);
    assertThat(out.lines().filter(l -> !l.startsWith("::add-mask::")))
        .noneMatch(l -> l.contains(SECRET));
  }

  @Test
  void eachLineOfAMultilineSecretAndAUrlPasswordAreMasked() {
    String out =
        run(
            Map.of(
                "GITHUB_ACTIONS",
                "true",
                "INPUT_NAME",
                "x",
                "INPUT_TOKEN",
                "postgres://app:pa55word-x@db:5432/app\nX-Key: key-123456"),
            "probe");

    assertThat(out)
        .contains("::add-mask::pa55word-x")
        .contains("::add-mask::key-123456")
        .contains("::add-mask::X-Key: key-123456");
  }

  @Test
  void aShortOrArmourLineOfAKeyMasksNothingElse() {
    String body = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ";
    String key =
        "-----BEGIN OPENSSH PRIVATE KEY-----\n" + body + "\nweb\n-----END OPENSSH PRIVATE KEY-----";
    String out =
        run(Map.of("GITHUB_ACTIONS", "true", "INPUT_NAME", "web", "INPUT_TOKEN", key), "probe");

    assertThat(out).contains("::add-mask::" + body).contains("token is ***");
    assertThat(out.lines().filter(l -> l.startsWith("::add-mask::")))
        .noneMatch(l -> l.equals("::add-mask::web"))
        .noneMatch(l -> l.contains("-----END OPENSSH PRIVATE KEY-----") && !l.contains(body));
    assertThat(out).contains("echo=web|");
  }
}
