package dev.bosun.deploy.gate;

/** One gate's verdict: why it passed, or what to change so that it does. */
public record GateResult(String gate, boolean passed, String detail) {

  static GateResult pass(String gate, String detail) {
    return new GateResult(gate, true, detail);
  }

  static GateResult refuse(String gate, String detail) {
    return new GateResult(gate, false, detail);
  }
}
