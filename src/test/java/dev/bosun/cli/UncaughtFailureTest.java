package dev.bosun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.actions.ActionEnv;
import dev.bosun.actions.ActionRuntime;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An Error escaping picocli (a linkage problem, say) still becomes one annotation and exit 1,
 * without a stack trace.
 */
class UncaughtFailureTest {

  @Test
  void errorBecomesOneAnnotationAndExitOne() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    ActionRuntime runtime =
        new ActionRuntime(
            ActionEnv.of(Map.of()), new PrintWriter(out, true), new PrintWriter(err, true));

    int code = Wiring.reportUncaught(runtime, new IllegalAccessError("tried to access method X"));

    assertThat(code).isEqualTo(1);
    assertThat(out.toString().lines().filter(l -> l.startsWith("::error")).toList())
        .containsExactly(
            "::error title=bosun::Unexpected failure: java.lang.IllegalAccessError: tried to access method X."
                + " Run again with --debug (or RUNNER_DEBUG=1) for the stack trace.");
    assertThat(err.toString()).doesNotContain("\tat ");
  }

  @Test
  void debugShowsTheStackTrace() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    ActionRuntime runtime =
        new ActionRuntime(
            ActionEnv.of(Map.of("RUNNER_DEBUG", "1")),
            new PrintWriter(out, true),
            new PrintWriter(err, true));

    int code = Wiring.reportUncaught(runtime, new NoClassDefFoundError("com/example/Gone"));

    assertThat(code).isEqualTo(1);
    assertThat(err.toString())
        .contains("java.lang.NoClassDefFoundError: com/example/Gone")
        .contains("\tat ");
  }
}
