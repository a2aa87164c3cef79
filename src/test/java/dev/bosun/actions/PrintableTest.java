package dev.bosun.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * No text bosun prints becomes a workflow command unless the log built it as one (issue 19, item
 * 1).
 */
class PrintableTest {

  static final String HOSTILE =
      "x\n::error::PWNED\n::set-output name=pwned::1\n::stop-commands::tok";

  @Test
  void aValueKeepsItsLineBreaksAndControlsVisibleOnOneLine() {
    assertThat(Printable.value(HOSTILE))
        .isEqualTo("x\\n::error::PWNED\\n::set-output name=pwned::1\\n::stop-commands::tok");
    assertThat(Printable.value("a\rb\tc\u001b[31md\u0085e\u2028f\u202eg"))
        .isEqualTo("a\\rb\\tc\\u001b[31md\\u0085e\\u2028f\\u202eg");
    assertThat(
            Log.format(
                "{}: attempt {} failed ({})", "web", 2, "body does not contain 'x\n::error::y'"))
        .isEqualTo("web: attempt 2 failed (body does not contain 'x\\n::error::y')");
  }

  @Test
  void aLineThatWouldBeACommandIsMadeInert() {
    assertThat(Printable.line("::error::PWNED")).isEqualTo("\\::error::PWNED");
    assertThat(Printable.line("   ::warning::x")).isEqualTo("   \\::warning::x");
    assertThat(Printable.line("\u00a0::error::x")).isEqualTo("\u00a0\\::error::x");
    assertThat(Printable.line("see ##[error]x and ###[y"))
        .isEqualTo("see #\\#[error]x and ##\\#[y");
    assertThat(Printable.line("a\rb")).isEqualTo("a\\rb");
    assertThat(Printable.line("ok: a::b\tc")).isEqualTo("ok: a::b\tc");
    String plain = "  42               add users                        applied";
    assertThat(Printable.line(plain)).isSameAs(plain); // a table row is not copied
    for (String s : new String[] {"::x::y", " ::x", "\u2028::x", "a##[b", "\u0085::x"}) {
      assertThat(Printable.isCommand(Printable.line(s))).as(s).isFalse();
    }
  }

  @Test
  void onlyTheLogsOwnCommandsReachTheStreamAsCommands() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Masker masker = new Masker();
    Log log = new Log(new PrintWriter(out, true), new PrintWriter(err, true), masker, true);
    log.addMask("hunter22");

    log.info("plan for " + HOSTILE + " with hunter22");
    log.info("{} then", HOSTILE);
    log.error("bad " + HOSTILE, Annotation.titled("t"));
    log.stdout().print("::warning::from picocli");
    log.stderr().println("::error::on stderr");
    log.drain();

    assertThat(out.toString().split("\n"))
        .containsExactly(
            "::add-mask::hunter22",
            "plan for x",
            "\\::error::PWNED",
            "\\::set-output name=pwned::1",
            "\\::stop-commands::tok with ***",
            "x\\n::error::PWNED\\n::set-output name=pwned::1\\n::stop-commands::tok then",
            "::error title=t::bad x%0A::error::PWNED%0A::set-output name=pwned::1%0A::stop-commands::tok",
            "\\::warning::from picocli");
    assertThat(err.toString()).isEqualTo("\\::error::on stderr\n");
  }
}
