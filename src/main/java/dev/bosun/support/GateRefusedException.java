package dev.bosun.support;

/** A promotion rule said no; the message says what to change. Exit code 1. */
public final class GateRefusedException extends BosunException {

  public GateRefusedException(String gate, String message) {
    super(gate, message, null, false);
  }

  @Override
  public int exitCode() {
    return 1;
  }
}
