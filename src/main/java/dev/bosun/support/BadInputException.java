package dev.bosun.support;

/**
 * An input (flag, env input or file) is wrong; the message names it and says what is expected. Exit
 * code 2.
 */
public final class BadInputException extends BosunException {

  public BadInputException(String input, String message) {
    super(input, message, null, false);
  }

  public BadInputException(String input, String message, Throwable cause) {
    super(input, message, cause, false);
  }

  @Override
  public int exitCode() {
    return 2;
  }
}
