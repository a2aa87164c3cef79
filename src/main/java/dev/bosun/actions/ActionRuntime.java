package dev.bosun.actions;

import java.io.PrintWriter;
import java.util.function.Supplier;

/**
 * One run's view of the Actions runtime: the environment, the log, outputs and the step summary,
 * sharing one masker.
 */
public final class ActionRuntime {

  private final ActionEnv env;
  private final Masker masker;
  private final Log log;
  private final Outputs outputs;
  private final Summary summary;

  public ActionRuntime(
      ActionEnv env, PrintWriter out, PrintWriter err, Supplier<String> delimiter) {
    this.env = env;
    this.masker = new Masker();
    this.log = new Log(out, err, masker, env.inActions());
    this.outputs = new Outputs(env.outputFile(), env.envFile(), log.stdout(), masker, delimiter);
    this.summary = new Summary(env.stepSummaryFile(), masker);
    this.log.setDebug(env.runnerDebug());
  }

  public ActionRuntime(ActionEnv env, PrintWriter out, PrintWriter err) {
    this(env, out, err, Outputs.randomDelimiter());
  }

  public ActionEnv env() {
    return env;
  }

  public Masker masker() {
    return masker;
  }

  /**
   * stdout for picocli and anything else that is not a workflow command: guarded by the log (see
   * {@link Log}).
   */
  public PrintWriter out() {
    return log.stdout();
  }

  /** stderr, guarded the same way. */
  public PrintWriter err() {
    return log.stderr();
  }

  /** How file inputs are resolved, confined and read (see {@link FileInputs}). */
  public FileInputs files() {
    return FileInputs.of(env);
  }

  public Log log() {
    return log;
  }

  public Outputs outputs() {
    return outputs;
  }

  public Summary summary() {
    return summary;
  }
}
