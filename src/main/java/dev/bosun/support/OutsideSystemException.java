package dev.bosun.support;

/** GitHub, Azure, a registry, Slack or the database failed after retries. Exit code 1. */
public final class OutsideSystemException extends BosunException {

  public OutsideSystemException(String system, String message) {
    super(system, message, null, false);
  }

  public OutsideSystemException(String system, String message, Throwable cause) {
    super(system, message, cause, false);
  }

  @Override
  public int exitCode() {
    return 1;
  }
}
