package dev.bosun.actions;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Formats {@code ::command key=value::message} lines with the escaping {@code @actions/core} uses.
 */
public final class WorkflowCommand {

  private WorkflowCommand() {}

  public static String format(String command, Map<String, String> properties, String message) {
    StringBuilder sb = new StringBuilder("::").append(command);
    Map<String, String> props = new LinkedHashMap<>();
    properties.forEach(
        (k, v) -> {
          if (v != null && !v.isEmpty()) {
            props.put(k, v);
          }
        });
    if (!props.isEmpty()) {
      sb.append(' ')
          .append(
              props.entrySet().stream()
                  .map(e -> e.getKey() + "=" + escapeProperty(e.getValue()))
                  .collect(Collectors.joining(",")));
    }
    return sb.append("::").append(escapeData(message == null ? "" : message)).toString();
  }

  /** {@code %}, CR and LF, as in a command's message. */
  public static String escapeData(String s) {
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
  }

  /** Data escaping plus {@code :} and {@code ,}, as in a command's properties. */
  public static String escapeProperty(String s) {
    return escapeData(s).replace(":", "%3A").replace(",", "%2C");
  }
}
