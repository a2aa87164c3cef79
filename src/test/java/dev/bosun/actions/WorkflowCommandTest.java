package dev.bosun.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Workflow commands are escaped exactly as {@code @actions/core}'s {@code command.ts} does. */
class WorkflowCommandTest {

  @Test
  void dataEscapesPercentCarriageReturnAndNewlineOnly() {
    assertThat(WorkflowCommand.escapeData("100% done\r\nnext: a, b"))
        .isEqualTo("100%25 done%0D%0Anext: a, b");
  }

  @Test
  void propertiesAlsoEscapeColonAndComma() {
    assertThat(WorkflowCommand.escapeProperty("a:b,c%d\re\nf")).isEqualTo("a%3Ab%2Cc%25d%0De%0Af");
  }

  @Test
  void percentIsEscapedFirstSoEscapesAreNotDoubled() {
    assertThat(WorkflowCommand.escapeData("%0A")).isEqualTo("%250A");
    assertThat(WorkflowCommand.escapeProperty("%3A")).isEqualTo("%253A");
  }

  @Test
  void anErrorWithFileLineColAndTitle() {
    Map<String, String> props =
        new Annotation("deploy: prod, eu", "db/015_x.sql", 12, 3).properties();
    assertThat(WorkflowCommand.format("error", props, "line one\nline two"))
        .isEqualTo(
            "::error file=db/015_x.sql,line=12,col=3,title=deploy%3A prod%2C eu::line one%0Aline two");
  }

  @Test
  void emptyAndMissingPropertiesAreLeftOut() {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("file", null);
    props.put("title", "");
    assertThat(WorkflowCommand.format("warning", props, "careful")).isEqualTo("::warning::careful");
    assertThat(WorkflowCommand.format("endgroup", Map.of(), null)).isEqualTo("::endgroup::");
  }

  @Test
  void theLogWritesEveryCommandKind() {
    StringWriter out = new StringWriter();
    Log log =
        new Log(new PrintWriter(out), new PrintWriter(new StringWriter()), new Masker(), true);

    log.notice("n", Annotation.at("t", "f.txt", 3));
    log.warning("w", null);
    log.group("Group: 1");
    log.debug("d%");
    log.endGroup();

    assertThat(out.toString().lines())
        .containsExactly(
            "::notice file=f.txt,line=3,title=t::n",
            "::warning::w",
            "::group::Group: 1",
            "::debug::d%25",
            "::endgroup::");
  }

  @Test
  void debugLinesAreSilentOnALaptopUnlessDebugging() {
    StringWriter out = new StringWriter();
    Log log =
        new Log(new PrintWriter(out), new PrintWriter(new StringWriter()), new Masker(), false);
    log.debug("hidden");
    log.setDebug(true);
    log.debug("shown");
    assertThat(out.toString().lines()).containsExactly("::debug::shown");
  }
}
