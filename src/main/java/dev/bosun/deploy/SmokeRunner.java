package dev.bosun.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Runs the smoke checks right after a deploy, against the environment's URL. */
public interface SmokeRunner {

  SmokeOutcome run(String baseUrl, Optional<Path> checksFile, String expectedSha);

  /** Whether the checks passed, and one line per check for the log and summary. */
  record SmokeOutcome(boolean passed, List<String> lines) {
    public SmokeOutcome {
      lines = List.copyOf(lines);
    }
  }
}
