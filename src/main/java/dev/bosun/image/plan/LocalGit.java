package dev.bosun.image.plan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The checkout's commit and branch from {@code git}, for laptop runs where the runner's {@code
 * GITHUB_SHA} and {@code GITHUB_REF} are absent. Answers empty when git or the repository is
 * missing.
 */
@FunctionalInterface
public interface LocalGit {

  /** The trimmed output of {@code git <args>}, or empty when git fails. */
  Optional<String> run(String... args);

  LocalGit NONE = args -> Optional.empty();

  /** Real git in {@code dir}. */
  static LocalGit in(Path dir) {
    return args -> {
      List<String> argv = new ArrayList<>(List.of("git", "-C", dir.toString()));
      argv.addAll(List.of(args));
      try {
        Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
          p.destroyForcibly();
          return Optional.empty();
        }
        String text = new String(out, StandardCharsets.UTF_8).trim();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
      } catch (IOException e) {
        return Optional.empty();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    };
  }
}
