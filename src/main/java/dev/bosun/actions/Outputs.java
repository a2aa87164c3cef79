package dev.bosun.actions;

import dev.bosun.support.BadInputException;
import dev.bosun.support.OutsideSystemException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Step outputs and exported variables. In Actions they are appended to {@code $GITHUB_OUTPUT} /
 * {@code $GITHUB_ENV} as {@code name<<ghadelimiter_<uuid>} blocks; on a laptop outputs are printed
 * as {@code name=value}.
 */
public final class Outputs {

  private final Optional<Path> outputFile;
  private final Optional<Path> envFile;
  private final PrintWriter out;
  private final Masker masker;
  private final Supplier<String> delimiter;
  private final Map<String, String> written = new LinkedHashMap<>();

  public Outputs(
      Optional<Path> outputFile,
      Optional<Path> envFile,
      PrintWriter out,
      Masker masker,
      Supplier<String> delimiter) {
    this.outputFile = outputFile;
    this.envFile = envFile;
    this.out = out;
    this.masker = masker;
    this.delimiter = delimiter;
  }

  public static Supplier<String> randomDelimiter() {
    return () -> "ghadelimiter_" + UUID.randomUUID();
  }

  /** Sets a step output; secrets in the value are masked. */
  public synchronized void set(String name, String value) {
    String safe = masker.redact(value == null ? "" : value);
    written.put(name, safe);
    if (outputFile.isPresent()) {
      append(outputFile.get(), keyValue(name, safe));
    } else {
      out.println(name + "=" + safe);
      out.flush();
    }
  }

  /**
   * Exports an environment variable for later steps ({@code $GITHUB_ENV}); locally it is printed as
   * {@code env: NAME=value}.
   */
  public synchronized void exportVariable(String name, String value) {
    String safe = masker.redact(value == null ? "" : value);
    if (envFile.isPresent()) {
      append(envFile.get(), keyValue(name, safe));
    } else {
      out.println("env: " + name + "=" + safe);
      out.flush();
    }
  }

  /** What has been set so far, for tests and for the summary writer. */
  public synchronized Map<String, String> written() {
    return Map.copyOf(written);
  }

  /**
   * The file-command block, refusing a name or value that contains the delimiter, as the runner
   * would misread it.
   */
  String keyValue(String name, String value) {
    String d = delimiter.get();
    if (name.contains(d)) {
      throw new BadInputException(
          name, "Unexpected input: name should not contain the delimiter \"" + d + "\"");
    }
    if (value.contains(d)) {
      throw new BadInputException(
          name, "Unexpected input: value should not contain the delimiter \"" + d + "\"");
    }
    String eol = System.lineSeparator();
    return name + "<<" + d + eol + value + eol + d + eol;
  }

  private static void append(Path file, String text) {
    try {
      Files.writeString(
          file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new OutsideSystemException(
          "runner", "Cannot write file command " + file + ": " + e.getMessage(), e);
    }
  }
}
