package dev.bosun.image.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bosun.actions.ActionEnv;
import dev.bosun.image.Semver;
import dev.bosun.support.BadInputException;
import dev.bosun.support.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The commit being built and how the workflow got to it.
 *
 * @param eventName {@code push}, {@code pull_request}, {@code workflow_dispatch}, … (empty on a
 *     laptop)
 * @param sha the commit: on pull requests the head of the PR, never the merge commit GitHub checks
 *     out
 * @param ref {@code refs/heads/main}, {@code refs/tags/v1.2.3}, {@code refs/pull/7/merge} (empty
 *     when unknown)
 * @param defaultBranch the repository's default branch from the event payload (empty when unknown)
 * @param pullRequest the PR number on pull request events, else null
 */
public record GitContext(
    String eventName, String sha, String ref, String defaultBranch, Integer pullRequest) {

  private static final ObjectMapper JSON = Json.mapper();
  private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

  public GitContext {
    eventName = eventName == null ? "" : eventName;
    ref = ref == null ? "" : ref;
    defaultBranch = defaultBranch == null ? "" : defaultBranch;
    if (sha == null || !SHA.matcher(sha).matches()) {
      throw new BadInputException(
          "sha",
          "'"
              + sha
              + "' is not a full commit SHA (40 lowercase hex characters); "
              + "set the sha input, or run inside GitHub Actions where GITHUB_SHA is set");
    }
  }

  /**
   * Reads the context from the runner's variables and the event payload. On {@code pull_request}
   * and {@code pull_request_target} the SHA is {@code pull_request.head.sha}: {@code GITHUB_SHA}
   * there is a merge commit that exists nowhere else. {@code shaOverride} (the {@code sha} input)
   * wins when given.
   */
  public static GitContext from(ActionEnv env, String shaOverride) {
    return from(env, shaOverride, LocalGit.NONE);
  }

  /**
   * As {@link #from(ActionEnv, String)}; outside Actions the commit and branch come from {@code
   * git}.
   */
  public static GitContext from(ActionEnv env, String shaOverride, LocalGit git) {
    String event = env.eventName().orElse("");
    JsonNode payload = env.eventPath().map(GitContext::read).orElse(JSON.missingNode());
    Integer pr = null;
    String sha = env.sha().orElse(null);
    if (isPullRequest(event)) {
      JsonNode head = payload.path("pull_request").path("head").path("sha");
      if (head.isTextual()) {
        sha = head.asText();
      }
      JsonNode number = payload.path("pull_request").path("number");
      // not one nested ternary: int and null in it unbox, and a payload without a number threw NPE
      if (number.isInt()) {
        pr = number.asInt();
      } else if (payload.path("number").isInt()) {
        pr = payload.path("number").asInt();
      }
    }
    if (shaOverride != null && !shaOverride.isBlank()) {
      sha = shaOverride.trim().toLowerCase(java.util.Locale.ROOT);
    }
    String ref = env.ref().orElse(null);
    if (sha == null) {
      sha = git.run("rev-parse", "HEAD").orElse(null);
      if (ref == null) {
        ref = git.run("symbolic-ref", "-q", "HEAD").orElse(null);
      }
    }
    if (sha != null && env.ref().isEmpty()) {
      // a laptop build of a release commit gets the release tags, as the tag push in CI would
      String commit = sha;
      Optional<String> tag = git.run("tag", "--points-at", commit).flatMap(GitContext::releaseTag);
      if (tag.isPresent()) {
        ref = "refs/tags/" + tag.get();
      }
    }
    if (sha == null) {
      throw new BadInputException(
          "sha",
          "No commit to tag: GITHUB_SHA is not set and this is not a git checkout. "
              + "Set the sha input (on a laptop: --sha $(git rev-parse HEAD))");
    }
    return new GitContext(
        event,
        sha,
        ref == null ? "" : ref,
        payload.path("repository").path("default_branch").asText(""),
        pr);
  }

  /**
   * The tag to build from those on one commit: the highest release (semver without pre-release),
   * else the highest pre-release, else the first tag by name. {@code v1.2.3} and a later {@code
   * v1.2.3-hotfix} on one commit give {@code v1.2.3}.
   */
  static Optional<String> releaseTag(String gitTagOutput) {
    java.util.List<String> tags =
        gitTagOutput.lines().map(String::trim).filter(t -> !t.isEmpty()).sorted().toList();
    java.util.Comparator<Semver> byVersion =
        java.util.Comparator.comparingInt(Semver::major)
            .thenComparingInt(Semver::minor)
            .thenComparingInt(Semver::patch);
    Optional<String> release =
        tags.stream()
            .filter(t -> Semver.parse(t).filter(v -> !v.isPreRelease()).isPresent())
            .max(java.util.Comparator.comparing(t -> Semver.parse(t).orElseThrow(), byVersion));
    Optional<String> pre =
        tags.stream()
            .filter(t -> Semver.parse(t).isPresent())
            .max(java.util.Comparator.comparing(t -> Semver.parse(t).orElseThrow(), byVersion));
    return release.or(() -> pre).or(() -> tags.stream().findFirst());
  }

  private static JsonNode read(Path path) {
    try {
      return Files.exists(path) ? JSON.readTree(Files.readAllBytes(path)) : JSON.missingNode();
    } catch (IOException e) {
      // A broken payload only costs the PR head SHA and the default branch; the rest still works.
      return JSON.missingNode();
    }
  }

  static boolean isPullRequest(String event) {
    return event.equals("pull_request") || event.equals("pull_request_target");
  }

  public boolean pullRequestEvent() {
    return isPullRequest(eventName) && pullRequest != null;
  }

  /** The branch of a branch ref ({@code refs/heads/…}), not on tags or PRs. */
  public Optional<String> branch() {
    return ref.startsWith("refs/heads/")
        ? Optional.of(ref.substring("refs/heads/".length()))
        : Optional.empty();
  }

  /** The git tag of a tag ref ({@code refs/tags/…}). */
  public Optional<String> gitTag() {
    return ref.startsWith("refs/tags/")
        ? Optional.of(ref.substring("refs/tags/".length()))
        : Optional.empty();
  }

  /** True on the repository's default branch (when the payload says which one that is). */
  public boolean onDefaultBranch() {
    return !defaultBranch.isEmpty() && branch().filter(defaultBranch::equals).isPresent();
  }

  public String shortSha() {
    return sha.substring(0, 7);
  }
}
