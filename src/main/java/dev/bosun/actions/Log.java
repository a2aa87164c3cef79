package dev.bosun.actions;

import java.io.PrintWriter;
import java.util.Map;

/**
 * Everything bosun prints to the job log: plain lines and workflow commands, always through the {@link Masker}.
 * Workflow commands go to stdout as {@code @actions/core} writes them; stack traces go to stderr.
 */
public final class Log {

  private final PrintWriter out;
  private final PrintWriter err;
  private final Masker masker;
  private final boolean inActions;
  private volatile boolean debug;

  public Log(PrintWriter out, PrintWriter err, Masker masker, boolean inActions) {
    this.out = out;
    this.err = err;
    this.masker = masker;
    this.inActions = inActions;
  }

  public void setDebug(boolean debug) {
    this.debug = debug;
  }

  public boolean isDebug() {
    return debug;
  }

  public synchronized void info(String message) {
    out.println(masker.redact(message));
    out.flush();
  }

  /** Printed as {@code ::debug::} in Actions (the runner shows it when debugging), and only with {@code --debug} locally. */
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
   * Registers a secret. In Actions the runner is told with {@code ::add-mask::}; locally nothing is printed,
   * because there is no runner to swallow the line, and bosun's own redaction does the masking.
   */
  public synchronized void addMask(String secret) {
    if (masker.add(secret) && inActions) {
      out.println(WorkflowCommand.format("add-mask", Map.of(), secret));
      out.flush();
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
    out.println(WorkflowCommand.format(name, redacted, masker.redact(message)));
    out.flush();
  }
}
