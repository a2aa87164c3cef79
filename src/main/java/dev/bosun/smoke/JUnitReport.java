package dev.bosun.smoke;

import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Renders a {@link SmokeReport} as JUnit XML, the format test-report actions and CI dashboards
 * read.
 */
final class JUnitReport {

  private JUnitReport() {}

  /** The XML text; {@code redact} masks secrets in every value taken from a response. */
  static String render(SmokeReport report, String suite, UnaryOperator<String> redact) {
    int failures = report.failures().size();
    StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.append("<testsuites name=\"")
        .append(attr(suite))
        .append("\" tests=\"")
        .append(report.results().size())
        .append("\" failures=\"")
        .append(failures)
        .append("\" time=\"")
        .append(seconds(report.elapsedMs()))
        .append("\">\n");
    x.append("  <testsuite name=\"")
        .append(attr(suite))
        .append("\" tests=\"")
        .append(report.results().size())
        .append("\" failures=\"")
        .append(failures)
        .append("\" errors=\"0\" skipped=\"0\" time=\"")
        .append(seconds(report.elapsedMs()))
        .append("\">\n");
    for (CheckResult r : report.results()) {
      x.append("    <testcase classname=\"")
          .append(attr(suite))
          .append("\" name=\"")
          .append(attr(redact.apply(r.name())))
          .append("\" time=\"")
          .append(seconds(r.elapsedMs()))
          .append("\"");
      String details =
          redact.apply(
              r.target()
                  + "\nstatus: "
                  + (r.status() == null ? "none" : r.status())
                  + "\nattempts: "
                  + r.attempts()
                  + "\nlatency: "
                  + r.latencyMs()
                  + "ms"
                  + (r.excerpt().isEmpty() ? "" : "\nbody: " + r.excerpt())
                  + (r.bodyCut()
                      ? "\nbody cut: only its first " + ResponseBody.CAP_TEXT + " was read"
                      : ""));
      if (r.ok()) {
        x.append(">\n      <system-out>")
            .append(text(details))
            .append("</system-out>\n    </testcase>\n");
      } else {
        x.append(">\n      <failure type=\"smoke-check\" message=\"")
            .append(attr(redact.apply(r.reason())))
            .append("\">")
            .append(text(details))
            .append("</failure>\n    </testcase>\n");
      }
    }
    return x.append("  </testsuite>\n</testsuites>\n").toString();
  }

  private static String seconds(long ms) {
    return String.format(Locale.ROOT, "%.3f", ms / 1000.0);
  }

  private static String text(String s) {
    return legal(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String attr(String s) {
    return text(s)
        .replace("\"", "&quot;")
        .replace("\n", "&#10;")
        .replace("\r", "&#13;")
        .replace("\t", "&#9;");
  }

  /** Drops characters XML 1.0 cannot hold at all (control characters from a binary body). */
  private static String legal(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    s.codePoints()
        .filter(
            c ->
                c == 0x9
                    || c == 0xA
                    || c == 0xD
                    || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD)
                    || c >= 0x10000)
        .forEach(sb::appendCodePoint);
    return sb.toString();
  }
}
