package dev.bosun.support;

/** A check (smoke, migration, revision health) ran and failed. Exit code 1. */
public final class CheckFailedException extends BosunException {

  public CheckFailedException(String check, String message) {
    super(check, message, null, false);
  }

  private CheckFailedException(String check, String message, boolean reported) {
    super(check, message, null, reported);
  }

  /** For commands that already wrote one annotation per failed check. */
  public static CheckFailedException alreadyReported(String check, String message) {
    return new CheckFailedException(check, message, true);
  }

  @Override
  public int exitCode() {
    return 1;
  }
}
