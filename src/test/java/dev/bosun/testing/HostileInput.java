package dev.bosun.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

/**
 * The value that tried to smuggle workflow commands into bosun's log (issue 19), and the check that
 * none got through: the runner runs any line that starts with {@code ::} after leading whitespace,
 * and any line holding {@code ##[}.
 */
public final class HostileInput {

  /**
   * A value whose later lines are workflow commands: an annotation, an output and a stop that would
   * blind the rest.
   */
  public static final String VALUE =
      "x\n::error::PWNED\n::set-output name=pwned::1\n::stop-commands::tok";

  /** The commands bosun itself writes. */
  static final Set<String> BOSUN_COMMANDS =
      Set.of("error", "warning", "notice", "debug", "group", "endgroup", "add-mask");

  private HostileInput() {}

  /**
   * Every line of stdout and stderr the runner would take as a command is one bosun meant, and no
   * injected one.
   */
  public static void assertNoInjectedCommands(ActionHarness.Result r) {
    for (String stream : List.of(r.stdout(), r.stderr())) {
      // the runner reads lines as .NET's StreamReader does: \n, \r and \r\n end a line
      for (String line : stream.split("\r\n|\r|\n", -1)) {
        String trimmed = line.substring(leadingSpace(line));
        assertThat(line).as("a line holding ##[ would be a command").doesNotContain("##[");
        if (!trimmed.startsWith("::")) {
          continue;
        }
        int end = trimmed.indexOf("::", 2);
        String info = end < 0 ? trimmed.substring(2) : trimmed.substring(2, end);
        String name = info.split(" ", 2)[0];
        assertThat(name).as("command line %s", line).isIn(BOSUN_COMMANDS);
        assertThat(trimmed).as("injected command").doesNotStartWith("::error::PWNED");
      }
    }
    assertThat(r.outputs()).doesNotContainKey("pwned");
  }

  /**
   * How many leading characters .NET's {@code TrimStart} would drop: it counts NBSP, NEL and U+2028
   * as space too.
   */
  static int leadingSpace(String line) {
    int i = 0;
    while (i < line.length()
        && (Character.isWhitespace(line.charAt(i))
            || Character.isSpaceChar(line.charAt(i))
            || line.charAt(i) == '\u0085')) {
      i++;
    }
    return i;
  }
}
