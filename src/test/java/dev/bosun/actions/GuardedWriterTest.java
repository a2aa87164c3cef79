package dev.bosun.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * The writer every log line goes through: whole lines, masked and made inert, and one flush per
 * write.
 */
class GuardedWriterTest {

  /** A target that counts its flushes, the way the runner's pipe would see separate writes. */
  static final class CountingTarget extends PrintWriter {
    int flushes;

    CountingTarget(StringWriter into) {
      super(into, true);
    }

    @Override
    public void flush() {
      flushes++;
      super.flush();
    }
  }

  @Test
  void aLongTableIsWrittenLineByLineButFlushedOnce() throws Exception {
    StringWriter text = new StringWriter();
    CountingTarget target = new CountingTarget(text);
    Masker masker = new Masker();
    masker.add("s3cret");
    GuardedWriter writer = new GuardedWriter(target, masker);
    StringBuilder table = new StringBuilder();
    for (int i = 1; i <= 1000; i++) {
      table.append("  ").append(i).append("  table ").append(i).append("  applied\n");
    }
    table.append("::error::from a file name s3cret\nno end yet");

    writer.write(table.toString());

    String[] lines = text.toString().split(System.lineSeparator(), -1);
    assertThat(lines)
        .hasSize(1002); // 1,001 complete lines, then the empty rest after the last line break
    assertThat(lines[0]).isEqualTo("  1  table 1  applied");
    assertThat(lines[999]).isEqualTo("  1000  table 1000  applied");
    assertThat(lines[1000]).isEqualTo("\\::error::from a file name ***");
    assertThat(lines[1001])
        .isEmpty(); // the partial line waits: it could still turn out to be a command
    assertThat(target.flushes).isEqualTo(1);

    writer.write(" and now it ends\n");
    assertThat(text.toString()).endsWith("no end yet and now it ends" + System.lineSeparator());
  }

  @Test
  void aWriteWithoutALineBreakNeitherWritesNorFlushes() throws Exception {
    StringWriter text = new StringWriter();
    CountingTarget target = new CountingTarget(text);
    GuardedWriter writer = new GuardedWriter(target, new Masker());

    writer.write("::set-output name=x::");
    assertThat(text.toString()).isEmpty();
    assertThat(target.flushes).isZero();

    writer.drain();
    assertThat(text.toString()).isEqualTo("\\::set-output name=x::" + System.lineSeparator());
  }

  @Test
  void aCommandEndsThePartialLineBeforeIt() throws Exception {
    StringWriter text = new StringWriter();
    GuardedWriter writer = new GuardedWriter(new PrintWriter(text, true), new Masker());

    writer.write("half");
    writer.command("::notice::bosun's own");

    assertThat(text.toString())
        .isEqualTo(
            "half" + System.lineSeparator() + "::notice::bosun's own" + System.lineSeparator());
  }
}
