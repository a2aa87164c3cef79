package dev.bosun.image.build;

import dev.bosun.actions.Log;
import dev.bosun.support.OutsideSystemException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs builder CLIs. The seam is {@code Function<List<String>, ProcessBuilder>} (as jib's {@code
 * CliDockerClient}): tests map argv to a script and assert on the argv. The command line and every
 * output line go to the log through the masker; a failure carries the tail of stderr.
 */
public final class ProcessRunner {

  static final int TAIL_LINES = 30;

  /** Longest output line kept; the rest of a longer line is dropped, with a note. */
  static final int MAX_LINE_CHARS = 16 * 1024;

  static final String CUT_NOTE = " … (line cut at " + MAX_LINE_CHARS + " characters)";
  private final Function<List<String>, ProcessBuilder> processes;
  private final Map<String, String> baseEnv;
  private final Log log;
  private final Duration timeout;

  /**
   * @param baseEnv the whole environment children get (bosun reads the environment once, into
   *     ActionEnv)
   */
  public ProcessRunner(
      Function<List<String>, ProcessBuilder> processes,
      Map<String, String> baseEnv,
      Log log,
      Duration timeout) {
    this.processes = processes;
    this.baseEnv = Map.copyOf(baseEnv);
    this.log = log;
    this.timeout = timeout;
  }

  /**
   * Runs real processes, finding the program on the PATH the child gets (the JVM would use its
   * own).
   */
  public static ProcessRunner real(Map<String, String> baseEnv, Log log, Duration timeout) {
    String path = baseEnv.getOrDefault("PATH", "");
    return new ProcessRunner(
        argv -> {
          List<String> command = new java.util.ArrayList<>(argv);
          command.set(0, which(argv.get(0), path));
          return new ProcessBuilder(command);
        },
        baseEnv,
        log,
        timeout);
  }

  /**
   * The program's path on {@code path}, or the name unchanged when it has a slash or is not found.
   */
  static String which(String program, String path) {
    if (program.contains("/")) {
      return program;
    }
    for (String entry : path.split(java.io.File.pathSeparator)) {
      if (!entry.isEmpty()) {
        java.nio.file.Path candidate = java.nio.file.Path.of(entry, program);
        if (java.nio.file.Files.isRegularFile(candidate)
            && java.nio.file.Files.isExecutable(candidate)) {
          return candidate.toString();
        }
      }
    }
    return program;
  }

  /** The environment every child gets (the runner's, read once). */
  public Map<String, String> environment() {
    return baseEnv;
  }

  /**
   * The command line as it is logged: arguments quoted where a shell would need it, and in ANSI-C
   * quotes ({@code $'a\nb'}) when they hold control characters, so the line stays one line and
   * still pastes into a shell.
   */
  public static String display(List<String> argv) {
    return argv.stream().map(ProcessRunner::shellWord).collect(Collectors.joining(" "));
  }

  private static String shellWord(String a) {
    if (a.matches("[A-Za-z0-9_./:=,@+%-]+")) {
      return a;
    }
    String shown = dev.bosun.actions.Printable.value(a);
    if (shown.equals(a)) {
      return "'" + a.replace("'", "'\\''") + "'";
    }
    return "$'"
        + dev.bosun.actions.Printable.value(a.replace("\\", "\\\\")).replace("'", "\\'")
        + "'";
  }

  /**
   * Runs {@code argv}, failing with the tail of stderr when it exits non-zero.
   *
   * @param tool the outside system, for the annotation title ({@code docker}, {@code buildah})
   * @param what the step in words, for errors ({@code docker buildx build})
   */
  public void run(String tool, String what, List<String> argv, Map<String, String> env) {
    log.info("$ " + display(argv));
    ProcessBuilder pb = processes.apply(List.copyOf(argv));
    pb.environment().clear();
    pb.environment().putAll(baseEnv);
    pb.environment().putAll(env);
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new OutsideSystemException(
          tool,
          "Cannot start "
              + argv.get(0)
              + ": "
              + e.getMessage()
              + (tool.equals("docker")
                  ? ". Is the docker CLI with the buildx plugin installed?"
                  : ". Is buildah installed (apt-get install buildah)?"),
          e);
    }
    Deque<String> tail = new ArrayDeque<>();
    Thread out = pump(process.getInputStream(), null);
    Thread err = pump(process.getErrorStream(), tail);
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new OutsideSystemException(
            tool,
            what
                + " did not finish within "
                + dev.bosun.support.Durations.format(timeout)
                + tailText(tail));
      }
      out.join(5_000);
      err.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new OutsideSystemException(tool, what + " was interrupted");
    }
    if (process.exitValue() != 0) {
      throw new OutsideSystemException(
          tool, what + " failed with exit code " + process.exitValue() + tailText(tail));
    }
  }

  private String tailText(Deque<String> tail) {
    synchronized (tail) {
      return tail.isEmpty() ? "" : "; last lines of its stderr:\n" + String.join("\n", tail);
    }
  }

  private Thread pump(InputStream stream, Deque<String> tail) {
    Thread t =
        new Thread(
            () -> {
              try (Reader r =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                forEachLine(
                    r,
                    MAX_LINE_CHARS,
                    line -> {
                      log.info(line);
                      if (tail != null) {
                        synchronized (tail) {
                          tail.addLast(line);
                          if (tail.size() > TAIL_LINES) {
                            tail.removeFirst();
                          }
                        }
                      }
                    });
              } catch (IOException ignored) {
                // the process ended; what was read is what there is
              }
            },
            "bosun-process-output");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /**
   * Hands each line of {@code in} to {@code sink}, cut at {@code max} characters: a tool that
   * prints megabytes without a line break (a base64 blob, a progress bar gone wrong) costs {@code
   * max} characters of memory, not the heap. The rest of a cut line is read and dropped.
   */
  static void forEachLine(Reader in, int max, Consumer<String> sink) throws IOException {
    StringBuilder line = new StringBuilder();
    boolean cut = false;
    boolean open = false;
    boolean afterCr = false;
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n' && afterCr) {
        afterCr = false;
        continue;
      }
      afterCr = c == '\r';
      if (c == '\n' || c == '\r') {
        // the line ends as BufferedReader.readLine ends it: at \n, \r or \r\n
        sink.accept(line + (cut ? CUT_NOTE : ""));
        line.setLength(0);
        cut = false;
        open = false;
      } else {
        open = true;
        if (line.length() < max) {
          line.append((char) c);
        } else {
          cut = true;
        }
      }
    }
    if (open) {
      sink.accept(line + (cut ? CUT_NOTE : ""));
    }
  }
}
