package dev.bosun.support;

/**
 * The one failure type every command throws; {@link #exitCode()} is the only mapping from failure
 * to exit code.
 */
public abstract sealed class BosunException extends RuntimeException
    permits BadInputException, GateRefusedException, CheckFailedException, OutsideSystemException {

  private final String subject;
  private final boolean reported;

  protected BosunException(String subject, String message, Throwable cause, boolean reported) {
    super(message, cause);
    this.subject = subject;
    this.reported = reported;
  }

  /** The input, check or gate this failure is about; it becomes the annotation title. */
  public String subject() {
    return subject;
  }

  /**
   * True when the command already printed its own annotations and only the exit code is left to do.
   */
  public boolean reported() {
    return reported;
  }

  /** 2 for bad input, 1 for everything else. */
  public abstract int exitCode();
}
