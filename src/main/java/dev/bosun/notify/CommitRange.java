package dev.bosun.notify;

import java.util.List;
import java.util.Optional;

/**
 * The commits shipped by this deploy, newest first.
 *
 * @param total how many there are in all; {@code commits} may hold fewer (capped by {@code
 *     max-commits})
 * @param compareUrl GitHub's compare page for the whole range, when known
 */
public record CommitRange(List<Commit> commits, int total, Optional<String> compareUrl) {

  public CommitRange {
    commits = List.copyOf(commits);
  }

  public static CommitRange none() {
    return new CommitRange(List.of(), 0, Optional.empty());
  }

  public boolean isEmpty() {
    return commits.isEmpty();
  }

  /** Keeps the newest {@code max}; {@code total} still counts them all. */
  public CommitRange capped(int max) {
    return commits.size() <= max
        ? this
        : new CommitRange(commits.subList(0, max), total, compareUrl);
  }
}
