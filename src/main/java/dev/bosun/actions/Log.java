package dev.bosun.actions;

import java.io.PrintWriter;
import java.util.Map;

/**
 * The one writer of everything bosun prints: plain lines and workflow commands, always through the
 * {@link Masker}. Workflow commands go to stdout as {@code @actions/core} writes them; stack traces
 * go to stderr. Only the commands built here reach the streams as they are: every other line passes
 * a {@link GuardedWriter}, so no value can start a line of its own or be read by the runner as a
 * command.
 */
public final class Log {

  private final GuardedWriter stdout;
  private final GuardedWriter stderr;
  private final PrintWriter out;
  private final PrintWriter err;
  private final Masker masker;
  private final boolean inActions;
  private volatile boolean debug;

  public Log(PrintWriter out, PrintWriter err, Masker masker, boolean inActions) {
    this.stdout = new GuardedWriter(out, masker);
    this.stderr = new GuardedWriter(err, masker);
    this.out = new PrintWriter(stdout, true);
    this.err = new PrintWriter(stderr, true);
    this.masker = masker;
    this.inActions = inActions;
  }

  /**
   * stdout for text that is not a command bosun built (picocli's help, local outputs): guarded and
   * masked.
   */
  public PrintWriter stdout() {
    return out;
  }

  /** stderr, guarded and masked. */
  public PrintWriter stderr() {
    return err;
  }

  /** Writes out any last line still waiting for its line break; Main calls it before exiting. */
  public void drain() {
    stdout.drain();
    stderr.drain();
  }

  public void setDebug(boolean debug) {
    this.debug = debug;
  }

  public boolean isDebug() {
    return debug;
  }

  /**
   * A line (or lines) of text. Line breaks in {@code message} start new lines, so a caller that
   * puts a value in it should use {@link #info(String, Object...)}; either way no line of it can
   * become a workflow command.
   */
  public synchronized void info(String message) {
    out.println(masker.redact(message));
    out.flush();
  }

  /**
   * A line built from a template whose {@code {}} placeholders are filled with {@code values}, each
   * shown with its control characters escaped ({@link Printable#value}): a value never starts a
   * line of its own.
   */
  public void info(String template, Object... values) {
    info(format(template, values));
  }

  /** {@code template} with each {@code {}} replaced by the next value, escaped for one log line. */
  public static String format(String template, Object... values) {
    StringBuilder sb = new StringBuilder(template.length() + 32);
    int from = 0;
    int next = 0;
    for (int at = template.indexOf("{}"); at >= 0; at = template.indexOf("{}", from)) {
      sb.append(template, from, at)
          .append(next < values.length ? Printable.value(values[next++]) : "{}");
      from = at + 2;
    }
    return sb.append(template, from, template.length()).toString();
  }

  /**
   * Printed as {@code ::debug::} in Actions (the runner shows it when debugging), and only with
   * {@code --debug} locally.
   */
  public synchronized void debug(String message) {
    if (inActions || debug) {
      command("debug", Map.of(), message);
    }
  }

  public void error(String message, Annotation where) {
    command("error", where == null ? Map.of() : where.properties(), message);
  }

  public void warning(String message, Annotation where) {
    command("warning", where == null ? Map.of() : where.properties(), message);
  }

  public void notice(String message, Annotation where) {
    command("notice", where == null ? Map.of() : where.properties(), message);
  }

  public void group(String title) {
    command("group", Map.of(), title);
  }

  public void endGroup() {
    command("endgroup", Map.of(), "");
  }

  /**
   * Registers a secret. In Actions the runner is told with {@code ::add-mask::}; locally nothing is
   * printed, because there is no runner to swallow the line, and bosun's own redaction does the
   * masking.
   */
  public synchronized void addMask(String secret) {
    if (masker.add(secret) && inActions) {
      stdout.command(WorkflowCommand.format("add-mask", Map.of(), secret));
    }
  }

  /** A stack trace, only when debugging, on stderr. */
  public synchronized void stackTrace(Throwable t) {
    if (debug) {
      java.io.StringWriter sw = new java.io.StringWriter();
      t.printStackTrace(new PrintWriter(sw));
      err.print(masker.redact(sw.toString()));
      err.flush();
    }
  }

  private synchronized void command(String name, Map<String, String> props, String message) {
    Map<String, String> redacted = new java.util.LinkedHashMap<>();
    props.forEach((k, v) -> redacted.put(k, v == null ? null : masker.redact(v)));
    stdout.command(WorkflowCommand.format(name, redacted, masker.redact(message)));
  }
}
