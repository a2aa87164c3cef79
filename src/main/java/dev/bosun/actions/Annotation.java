package dev.bosun.actions;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where an {@code ::error}, {@code ::warning} or {@code ::notice} points: a title and an optional
 * file position.
 */
public record Annotation(String title, String file, Integer line, Integer col) {

  public static Annotation titled(String title) {
    return new Annotation(title, null, null, null);
  }

  public static Annotation at(String title, String file, Integer line) {
    return new Annotation(title, file, line, null);
  }

  Map<String, String> properties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("file", file);
    p.put("line", line == null ? null : line.toString());
    p.put("col", col == null ? null : col.toString());
    p.put("title", title);
    return p;
  }
}
