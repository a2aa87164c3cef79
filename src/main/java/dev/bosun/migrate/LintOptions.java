package dev.bosun.migrate;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * The lint inputs of a run, parsed at the boundary.
 *
 * @param pgVersion {@code pg-version}: the release to judge by; empty to use the connected server's
 * @param ignored {@code lint-ignore}: rules turned off for the run
 * @param only {@code lint-base}: the files added or changed since the base ref (absolute,
 *     normalised); empty to lint every migration the run would apply
 * @param base the {@code lint-base} ref as given, for messages; empty without one
 */
public record LintOptions(
    Optional<PgVersion> pgVersion,
    Set<LintRule> ignored,
    Optional<Set<Path>> only,
    Optional<String> base) {

  public static final LintOptions NONE =
      new LintOptions(Optional.empty(), Set.of(), Optional.empty(), Optional.empty());

  public LintOptions {
    ignored = Set.copyOf(ignored);
    only = only.map(Set::copyOf);
  }

  /** Whether {@code lint-base} lets this file be linted. */
  public boolean covers(Migration m) {
    return only.map(files -> files.contains(GitChanges.real(Path.of(m.script())))).orElse(true);
  }

  /** With {@code lint-base}'s files read from git (once), for the migrations in {@code dir}. */
  public LintOptions resolved(Path dir) {
    if (base.isEmpty() || only.isPresent()) {
      return this;
    }
    return new LintOptions(
        pgVersion, ignored, Optional.of(GitChanges.since(dir, base.get())), base);
  }
}
