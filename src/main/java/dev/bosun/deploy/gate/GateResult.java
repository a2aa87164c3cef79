package dev.bosun.deploy.gate;

/**
 * One gate's verdict: why it passed, or what to change so that it does. A plan may also find a gate
 * {@code unknown} (a fact it needs could not be had, such as an unreachable GitHub): that is never
 * a pass, so a deploy would refuse.
 *
 * @param known false when the verdict could not be reached; {@code passed} is then false
 */
public record GateResult(String gate, boolean passed, String detail, boolean known) {

  public GateResult {
    if (!known && passed) {
      throw new IllegalArgumentException("an unknown gate cannot pass");
    }
  }

  public GateResult(String gate, boolean passed, String detail) {
    this(gate, passed, detail, true);
  }

  static GateResult pass(String gate, String detail) {
    return new GateResult(gate, true, detail);
  }

  static GateResult refuse(String gate, String detail) {
    return new GateResult(gate, false, detail);
  }

  /** A gate whose facts could not be had; it fails closed. */
  public static GateResult unknown(String gate, String detail) {
    return new GateResult(gate, false, detail, false);
  }

  /** How the verdict reads in a log line. */
  public String verdict() {
    return passed ? "pass" : known ? "REFUSE" : "UNKNOWN";
  }
}
