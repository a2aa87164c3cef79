package dev.bosun.notify;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One commit being shipped: its SHA, the first line of its message, its author and the pull request
 * it came from.
 *
 * @param sha full or abbreviated SHA; empty for a free-text line from the {@code commits} input
 */
public record Commit(String sha, String title, String author, Optional<Integer> pullRequest) {

  /** "Merge pull request #12 from …" (merge commits) or "Title (#12)" (squash merges). */
  private static final Pattern MERGE = Pattern.compile("^Merge pull request #(\\d+)\\b");

  private static final Pattern SQUASH = Pattern.compile("\\(#(\\d+)\\)\\s*$");
  private static final Pattern LINE = Pattern.compile("^([0-9a-fA-F]{7,40})\\s+(.*)$");

  /**
   * A commit from GitHub: the PR number is read from the message, as GitHub writes merge and squash
   * commits.
   */
  public static Commit fromMessage(String sha, String message, String author) {
    String[] lines = (message == null ? "" : message).split("\\r?\\n");
    String first = lines.length == 0 ? "" : lines[0].trim();
    Optional<Integer> pr = Optional.empty();
    Matcher merge = MERGE.matcher(first);
    Matcher squash = SQUASH.matcher(first);
    if (merge.find()) {
      pr = Optional.of(Integer.parseInt(merge.group(1)));
      // a merge commit's own title is "Merge pull request …"; the PR title is the message body's
      // first line
      for (int i = 1; i < lines.length; i++) {
        if (!lines[i].isBlank()) {
          first = lines[i].trim();
          break;
        }
      }
    } else if (squash.find()) {
      pr = Optional.of(Integer.parseInt(squash.group(1)));
      first = first.substring(0, squash.start()).trim();
    }
    return new Commit(sha, first, author == null ? "" : author, pr);
  }

  /**
   * A line of the {@code commits} input: "SHA message" links the SHA; anything else is shown as it
   * is.
   */
  public static Commit fromInputLine(String line) {
    Matcher m = LINE.matcher(line.trim());
    if (m.matches()) {
      return fromMessage(m.group(1), m.group(2), "");
    }
    return fromMessage("", line.trim(), "");
  }

  public String shortSha() {
    return sha.length() > 7 ? sha.substring(0, 7) : sha;
  }
}
