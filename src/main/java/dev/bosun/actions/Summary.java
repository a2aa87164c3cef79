package dev.bosun.actions;

import dev.bosun.support.OutsideSystemException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * The Markdown step summary. Built up in memory, then appended once to {@code $GITHUB_STEP_SUMMARY}
 * (or {@code --summary-file} locally), cut to stay under the runner's 1 MiB per step.
 */
public final class Summary {

  /** The runner rejects a step summary larger than this. */
  public static final int LIMIT_BYTES = 1024 * 1024;

  static final String TRUNCATED = "\n\n_… summary truncated to stay under GitHub's 1 MiB limit._\n";

  private final Masker masker;
  private final StringBuilder buffer = new StringBuilder();
  private volatile Optional<Path> target;

  public Summary(Optional<Path> target, Masker masker) {
    this.target = target;
    this.masker = masker;
  }

  /** Sets where the summary goes when no runner file is given (the {@code --summary-file} flag). */
  public void targetIfAbsent(Path file) {
    if (target.isEmpty() && file != null) {
      target = Optional.of(file);
    }
  }

  public Optional<Path> target() {
    return target;
  }

  public synchronized Summary heading(int level, String text) {
    buffer
        .append("#".repeat(Math.max(1, Math.min(6, level))))
        .append(' ')
        .append(text)
        .append("\n\n");
    return this;
  }

  public synchronized Summary paragraph(String text) {
    buffer.append(text).append("\n\n");
    return this;
  }

  public synchronized Summary list(List<String> items) {
    items.forEach(i -> buffer.append("- ").append(i).append('\n'));
    buffer.append('\n');
    return this;
  }

  /**
   * A Markdown table; pipes and newlines in cells are escaped so a value cannot break the layout.
   */
  public synchronized Summary table(List<String> header, List<List<String>> rows) {
    buffer.append(row(header)).append('|');
    header.forEach(h -> buffer.append(" --- |"));
    buffer.append('\n');
    rows.forEach(r -> buffer.append(row(r)));
    buffer.append('\n');
    return this;
  }

  public synchronized Summary details(String label, String body) {
    buffer
        .append("<details><summary>")
        .append(cell(label))
        .append("</summary>\n\n")
        .append(body)
        .append("\n\n</details>\n\n");
    return this;
  }

  public synchronized Summary codeBlock(String lang, String code) {
    buffer.append("```").append(lang == null ? "" : lang).append('\n').append(code);
    if (!code.endsWith("\n")) {
      buffer.append('\n');
    }
    buffer.append("```\n\n");
    return this;
  }

  public synchronized Summary raw(String markdown) {
    buffer.append(markdown);
    return this;
  }

  public synchronized String markdown() {
    return masker.redact(buffer.toString());
  }

  /** Appends what was built to the target, if there is one, and clears the buffer. */
  public synchronized void write() {
    if (target.isEmpty() || buffer.isEmpty()) {
      buffer.setLength(0);
      return;
    }
    Path file = target.get();
    try {
      long existing = Files.exists(file) ? Files.size(file) : 0;
      String text = fit(markdown(), LIMIT_BYTES - existing);
      Files.writeString(
          file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      buffer.setLength(0);
    } catch (IOException e) {
      throw new OutsideSystemException(
          "runner", "Cannot write step summary " + file + ": " + e.getMessage(), e);
    }
  }

  /** Cuts {@code text} so its UTF-8 form plus the truncation note fits in {@code room} bytes. */
  static String fit(String text, long room) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= room) {
      return text;
    }
    byte[] note = TRUNCATED.getBytes(StandardCharsets.UTF_8);
    long keep = Math.max(0, room - note.length);
    StringBuilder sb = new StringBuilder();
    long used = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (used + len > keep) {
        break;
      }
      sb.appendCodePoint(cp);
      used += len;
      i += Character.charCount(cp);
    }
    return room >= note.length ? sb + TRUNCATED : sb.toString();
  }

  private static String row(List<String> cells) {
    StringBuilder sb = new StringBuilder("|");
    cells.forEach(c -> sb.append(' ').append(cell(c)).append(" |"));
    return sb.append('\n').toString();
  }

  /** Escapes a table cell: {@code |} would end the cell, a newline the row. */
  public static String cell(String s) {
    return s == null
        ? ""
        : s.replace("\\", "\\\\").replace("|", "\\|").replace("\r", "").replace("\n", "<br>");
  }
}
