package dev.bosun.testing;

import dev.bosun.Main;
import dev.bosun.cli.Composition;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a bosun command exactly as the runner does: {@code INPUT_*} variables, {@code
 * GITHUB_ACTIONS=true}, and temp files for {@code GITHUB_OUTPUT}, {@code GITHUB_ENV} and {@code
 * GITHUB_STEP_SUMMARY}, which it then reads back the way the runner parses them.
 */
public final class ActionHarness {

  private final Path dir;
  private final Map<String, String> env = new LinkedHashMap<>();

  public ActionHarness(Path tempDir) {
    this.dir = tempDir;
    env.put("GITHUB_ACTIONS", "true");
    env.put("GITHUB_OUTPUT", dir.resolve("output.txt").toString());
    env.put("GITHUB_ENV", dir.resolve("env.txt").toString());
    env.put("GITHUB_STEP_SUMMARY", dir.resolve("summary.md").toString());
    env.put("GITHUB_REPOSITORY", "acme/shop");
    env.put("GITHUB_RUN_ID", "4242");
    env.put("GITHUB_SERVER_URL", "https://github.com");
    env.put("GITHUB_SHA", "0123456789abcdef0123456789abcdef01234567");
    env.put("GITHUB_ACTOR", "octocat");
    env.put("GITHUB_WORKSPACE", dir.toString());
  }

  /** Sets an input as the runner does for a {@code with:} entry. */
  public ActionHarness input(String name, String value) {
    env.put("INPUT_" + name.replace(' ', '_').toUpperCase(java.util.Locale.ROOT), value);
    return this;
  }

  public ActionHarness env(String name, String value) {
    env.put(name, value);
    return this;
  }

  /** Removes the runner's variables, to run as on a laptop. */
  public ActionHarness local() {
    List.of("GITHUB_ACTIONS", "GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_STEP_SUMMARY")
        .forEach(env::remove);
    return this;
  }

  public Map<String, String> environment() {
    return Map.copyOf(env);
  }

  public Result run(String... args) {
    return run(Composition.real(), args);
  }

  /**
   * Runs with {@code composition}'s outside systems (a test's WireMock endpoints, clock, polling)
   * through Main.
   */
  public Result run(Composition composition, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            args,
            new HashMap<>(env),
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            composition);
    return new Result(
        code,
        out.toString(),
        err.toString(),
        parseFileCommands(read("GITHUB_OUTPUT")),
        parseFileCommands(read("GITHUB_ENV")),
        read("GITHUB_STEP_SUMMARY"));
  }

  private String read(String variable) {
    String file = env.get(variable);
    if (file == null || !Files.exists(Path.of(file))) {
      return "";
    }
    try {
      return Files.readString(Path.of(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses a file-command file as the runner does: {@code name<<DELIM} blocks and {@code
   * name=value} lines.
   */
  public static Map<String, String> parseFileCommands(String text) {
    Map<String, String> values = new LinkedHashMap<>();
    String[] lines = text.split("\\r?\\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isEmpty()) {
        continue;
      }
      int heredoc = line.indexOf("<<");
      int eq = line.indexOf('=');
      if (heredoc > 0 && (eq < 0 || heredoc < eq)) {
        String name = line.substring(0, heredoc);
        String delimiter = line.substring(heredoc + 2);
        StringBuilder value = new StringBuilder();
        int j = i + 1;
        for (; j < lines.length && !lines[j].equals(delimiter); j++) {
          if (j > i + 1) {
            value.append('\n');
          }
          value.append(lines[j]);
        }
        if (j >= lines.length) {
          throw new IllegalStateException(
              "Unterminated heredoc for " + name + " (delimiter " + delimiter + ")");
        }
        values.put(name, value.toString());
        i = j;
      } else if (eq > 0) {
        values.put(line.substring(0, eq), line.substring(eq + 1));
      } else {
        throw new IllegalStateException("Invalid file command line: " + line);
      }
    }
    return values;
  }

  /** What one run printed and wrote. */
  public record Result(
      int exitCode,
      String stdout,
      String stderr,
      Map<String, String> outputs,
      Map<String, String> exported,
      String summary) {

    /**
     * Everything a secret must never appear in (add-mask lines excepted, which the runner
     * consumes).
     */
    public String everything() {
      String visibleStdout =
          stdout
              .lines()
              .filter(l -> !l.startsWith("::add-mask::"))
              .reduce("", (a, b) -> a + b + "\n");
      return visibleStdout + "\n" + stderr + "\n" + outputs + "\n" + exported + "\n" + summary;
    }
  }
}
