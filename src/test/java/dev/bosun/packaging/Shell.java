package dev.bosun.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a script or the launcher as a separate process, with a time limit, and keeps what it
 * printed.
 */
record Shell(int exitCode, String stdout, String stderr) {

  static final Path PROJECT =
      Path.of(System.getenv().getOrDefault("BOSUN_PROJECT_DIR", ".")).toAbsolutePath();

  static Shell run(Path workDir, Map<String, String> env, long timeoutSeconds, String... command)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(List.of(command)).directory(workDir.toFile());
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    pb.environment().putAll(env);
    Path out = Files.createTempFile("shell", ".out");
    Path err = Files.createTempFile("shell", ".err");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(
          String.join(" ", command) + " did not finish within " + timeoutSeconds + "s");
    }
    Shell result =
        new Shell(
            p.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
    Files.deleteIfExists(out);
    Files.deleteIfExists(err);
    return result;
  }

  /** The JDK running the tests, if it is 25 or newer (the toolchain Maven picked), else null. */
  static Path jdk25() {
    Path home = Path.of(System.getProperty("java.home"));
    return Runtime.version().feature() >= 25 && Files.isExecutable(home.resolve("bin/jlink"))
        ? home
        : null;
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
  }
}
