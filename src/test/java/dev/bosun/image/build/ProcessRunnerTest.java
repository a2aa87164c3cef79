package dev.bosun.image.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.actions.Log;
import dev.bosun.actions.Masker;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Output lines of builder CLIs are capped, so one endless line cannot fill the heap. */
class ProcessRunnerTest {

  @Test
  void linesEndAsReadLineEndsThemAndLongOnesAreCut() throws Exception {
    List<String> lines = new ArrayList<>();
    ProcessRunner.forEachLine(new StringReader("a\nb\r\nc\rdddddddddd\n\nlast"), 4, lines::add);

    assertThat(lines).containsExactly("a", "b", "c", "dddd" + ProcessRunner.CUT_NOTE, "", "last");
  }

  @Test
  void anEndlessLineCostsTheCapNotTheHeap() throws Exception {
    // 50 MB of one line, generated as it is read: the sink sees one cut line of the cap's length
    long total = 50L * 1024 * 1024;
    Reader endless =
        new Reader() {
          long left = total;

          @Override
          public int read(char[] buf, int off, int len) {
            if (left == 0) {
              return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(buf, off, off + n, 'x');
            left -= n;
            return n;
          }

          @Override
          public void close() {}
        };
    List<String> lines = new ArrayList<>();
    ProcessRunner.forEachLine(
        new java.io.BufferedReader(endless), ProcessRunner.MAX_LINE_CHARS, lines::add);

    assertThat(lines).hasSize(1);
    assertThat(lines.get(0))
        .hasSize(ProcessRunner.MAX_LINE_CHARS + ProcessRunner.CUT_NOTE.length())
        .endsWith("(line cut at 16384 characters)");
  }

  @Test
  void aRealProcessPrintingAHugeLineIsLoggedCut() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Log log =
        new Log(
            new PrintWriter(out, true, StandardCharsets.UTF_8),
            new PrintWriter(err, true, StandardCharsets.UTF_8),
            new Masker(),
            false);
    ProcessRunner runner =
        ProcessRunner.real(Map.of("PATH", System.getenv("PATH")), log, Duration.ofMinutes(2));

    runner.run(
        "docker",
        "printing",
        List.of("sh", "-c", "head -c 3000000 /dev/zero | tr '\\0' y; echo; echo done"),
        Map.of());

    String logged = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    assertThat(logged).contains("(line cut at 16384 characters)").contains("done");
    assertThat(logged.length()).isLessThan(100_000);
  }
}
