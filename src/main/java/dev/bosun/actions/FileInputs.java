package dev.bosun.actions;

import dev.bosun.support.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one rule for file inputs (checks-file, payload-file, config, dir, seed, report-file, context,
 * file, …).
 *
 * <p>A relative path starts at {@code GITHUB_WORKSPACE} when it is set, else at the current
 * directory. In Actions a path must stay inside the workspace or {@code RUNNER_TEMP}, symbolic
 * links followed, so a workflow input cannot make bosun read {@code /etc/passwd} as SQL or write a
 * report elsewhere on the runner; on a laptop any path is allowed. Reads are capped: a file input
 * is a small text file, and {@code /dev/zero} must not exhaust the memory.
 */
public final class FileInputs {

  /** Size cap of a YAML or JSON file input (checks file, environments file, Slack payload). */
  public static final long TEXT_LIMIT = 1024 * 1024;

  /**
   * Size cap of one SQL file (a migration or a seed): large data migrations exist, unbounded ones
   * must not.
   */
  public static final long SQL_LIMIT = 64L * 1024 * 1024;

  private final boolean confined;
  private final Optional<Path> workspace;
  private final List<Path> roots;

  FileInputs(ActionEnv env) {
    this.confined = env.inActions();
    this.workspace = env.get("GITHUB_WORKSPACE").map(Path::of);
    List<Path> r = new ArrayList<>();
    workspace.ifPresent(r::add);
    env.get("RUNNER_TEMP").map(Path::of).ifPresent(r::add);
    this.roots = List.copyOf(r);
  }

  public static FileInputs of(ActionEnv env) {
    return new FileInputs(env);
  }

  /**
   * The path {@code value} of input {@code input} names, resolved against the workspace; in Actions
   * refused (exit 2, naming the input) when it leads outside the workspace and {@code RUNNER_TEMP}.
   * It need not exist.
   */
  public Path resolve(String input, String value) {
    Path p;
    try {
      p = Path.of(value.trim());
    } catch (InvalidPathException e) {
      throw new BadInputException(
          input,
          "Input '"
              + input
              + "' is "
              + Printable.quoted(value)
              + ", which is not a valid path here: "
              + Printable.value(e.getReason())
              + ".");
    }
    Path resolved =
        (p.isAbsolute() ? p : workspace.orElse(Path.of("")).toAbsolutePath().resolve(p))
            .normalize();
    if (confined && roots.stream().map(FileInputs::real).noneMatch(real(resolved)::startsWith)) {
      throw new BadInputException(
          input,
          "Input '"
              + input
              + "' is "
              + Printable.quoted(value)
              + ", which leads outside "
              + "the workspace"
              + workspace.map(w -> " (" + w + ")").orElse("")
              + ". In Actions file inputs must stay "
              + "inside GITHUB_WORKSPACE or RUNNER_TEMP: give a path relative to the workspace.");
    }
    return resolved;
  }

  /** {@link #resolve} for an optional input: empty when blank. */
  public Optional<Path> resolveOptional(String input, String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(resolve(input, value));
  }

  /**
   * Reads a text file input of at most {@code limit} bytes, refusing a larger one (or an endless
   * one, such as {@code /dev/zero}) with a message that states the limit.
   */
  public static String read(String input, Path file, long limit) {
    if (Files.isDirectory(file)) {
      throw new BadInputException(
          input,
          "Input '"
              + input
              + "': "
              + Printable.quoted(file)
              + " is a directory; "
              + "give a file.");
    }
    try {
      return readText(input, file, limit);
    } catch (NoSuchFileException e) {
      throw new BadInputException(
          input,
          "Input '"
              + input
              + "': file "
              + Printable.quoted(file)
              + " does not exist "
              + "(relative paths start at the workspace).");
    } catch (IOException e) {
      throw new BadInputException(
          input,
          "Input '"
              + input
              + "': cannot read "
              + Printable.quoted(file)
              + ": "
              + Printable.value(e.getMessage()));
    }
  }

  /**
   * Reads at most {@code limit} bytes of {@code file} as UTF-8; a larger file is bad input that
   * states the limit, any other problem is left to the caller, which knows what to say about a
   * missing file.
   */
  public static String readText(String input, Path file, long limit) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
      if (bytes.length > limit) {
        throw new BadInputException(
            input,
            "Input '"
                + input
                + "': "
                + Printable.quoted(file)
                + " is larger than "
                + "the limit of "
                + size(limit)
                + " for this input; a file this big is not what it expects.");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /** {@code 1 MiB}, {@code 64 MiB}, {@code 512 KiB}. */
  public static String size(long bytes) {
    return bytes % (1024 * 1024) == 0
        ? bytes / (1024 * 1024) + " MiB"
        : bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " bytes";
  }

  /**
   * The real path of {@code p}, or of its deepest existing ancestor with the rest appended: links
   * cannot escape.
   */
  private static Path real(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    Path existing = abs;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return abs;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(abs)).normalize();
    } catch (IOException e) {
      return abs;
    }
  }
}
