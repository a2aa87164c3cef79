package dev.bosun.actions;

import java.io.PrintWriter;
import java.io.Writer;

/**
 * The writer everything but bosun's own workflow commands goes through (log lines, picocli's help
 * and errors, local outputs): it masks secrets and hands each complete line to {@link
 * Printable#line}, so no text can become a command. Commands bypass it through {@link #command},
 * which keeps the order of lines on the shared stream.
 */
public final class GuardedWriter extends Writer {

  private final PrintWriter target;
  private final Masker masker;
  private final StringBuilder pending = new StringBuilder();

  public GuardedWriter(PrintWriter target, Masker masker) {
    super(target);
    this.target = target;
    this.masker = masker;
  }

  /**
   * Lines are written to the target without a flush each and flushed once at the end: a status
   * table of 10,000 lines is one write, and a flush per line (the target's auto-flush) cost a
   * system call per line.
   */
  @Override
  public void write(char[] buf, int off, int len) {
    synchronized (lock) {
      int end = off + len;
      int start = off;
      boolean emitted = false;
      for (int i = off; i < end; i++) {
        if (buf[i] == '\n') {
          pending.append(buf, start, i - start);
          emit();
          emitted = true;
          start = i + 1;
        }
      }
      pending.append(buf, start, end - start);
      if (emitted) {
        target.flush();
      }
    }
  }

  /**
   * A line bosun built as a workflow command, written as it is; a partial line before it is ended
   * first, so the command starts a line of its own.
   */
  public void command(String line) {
    synchronized (lock) {
      if (!pending.isEmpty()) {
        emit();
      }
      target.println(line);
      target.flush();
    }
  }

  /**
   * Flushes the target only: a partial line waits for its end, as it could still turn out to start
   * with "::".
   */
  @Override
  public void flush() {
    target.flush();
  }

  /** Writes out a last line that never got its line break. */
  public void drain() {
    synchronized (lock) {
      if (!pending.isEmpty()) {
        emit();
      }
      target.flush();
    }
  }

  @Override
  public void close() {
    drain();
  }

  /** One line to the target, not yet flushed. */
  private void emit() {
    target.write(Printable.line(masker.redact(pending.toString())));
    target.write(System.lineSeparator());
    pending.setLength(0);
  }
}
