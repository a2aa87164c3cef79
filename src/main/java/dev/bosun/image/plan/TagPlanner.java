package dev.bosun.image.plan;

import dev.bosun.image.Semver;
import dev.bosun.image.registry.ImageReference;
import dev.bosun.support.BadInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns tag rules and the git context into the tag list: a pure function, tested over a table of
 * events.
 *
 * <p>A rule is a template such as {@code sha-{{sha7}}}. A rule whose placeholders do not apply to
 * this event (a {@code {{version}}} on a branch push) is skipped, so one rule list serves every
 * event.
 */
public final class TagPlanner {

  /**
   * Used when the {@code tags} input is empty. {@code {{tag}}} keeps the git tag's own name ({@code
   * v1.2.3}) beside the semver forms, as docker/metadata-action's {@code type=ref,event=tag} does,
   * because that name is what workflows and deploy-env are given ({@code github.ref_name}).
   */
  public static final List<String> DEFAULT_RULES =
      List.of(
          "{{sha}}",
          "sha-{{sha7}}",
          "{{tag}}",
          "{{version}}",
          "{{major}}.{{minor}}",
          "{{major}}",
          "{{branch}}",
          "pr-{{pr}}");

  static final List<String> PLACEHOLDERS =
      List.of("sha", "sha7", "version", "major", "minor", "patch", "branch", "tag", "pr");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^}\\s]*)\\s*}}");
  private static final Pattern VALID_TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  static final int MAX_TAG = 128;

  private TagPlanner() {}

  /**
   * @param image the {@code image} input (upper case is lowered)
   * @param rules the {@code tags} input lines, or empty for {@link #DEFAULT_RULES}
   * @param extraTags literal tags added as they are (each must already be a valid tag)
   */
  public static TagPlan plan(
      String image, GitContext git, List<String> rules, Latest latest, List<String> extraTags) {
    return plan(image, git, rules, latest, extraTags, Optional.empty());
  }

  /**
   * As {@link #plan(String, GitContext, List, Latest, List)}, for a build made for one environment:
   * the default tags then end in {@code -<environment>} ({@code <sha>-production}, {@code
   * latest-production}), so builds of one commit for two environments can never overwrite each
   * other's tags. Own rules and extra tags stay as given.
   */
  public static TagPlan plan(
      String image,
      GitContext git,
      List<String> rules,
      Latest latest,
      List<String> extraTags,
      Optional<String> buildEnvironment) {
    ImageReference name = ImageReference.parseRepository("image", image);
    Map<String, String> values = values(git);
    String suffix =
        rules.isEmpty()
            ? buildEnvironment
                .filter(e -> !e.isBlank())
                .map(
                    e ->
                        "-"
                            + sanitize(e.trim().toLowerCase(java.util.Locale.ROOT))
                                .replaceAll("[.-]+$", ""))
                .orElse("")
            : "";
    LinkedHashSet<String> tags = new LinkedHashSet<>();
    for (String rule : rules.isEmpty() ? DEFAULT_RULES : rules) {
      expand(rule, values)
          .map(t -> withSuffix(sanitize(t), suffix))
          .filter(t -> !t.isEmpty())
          .ifPresent(tags::add);
    }
    boolean addLatest =
        switch (latest) {
          case TRUE -> true;
          case FALSE -> false;
          case AUTO -> git.onDefaultBranch() && !git.pullRequestEvent();
        };
    if (addLatest) {
      tags.add("latest" + suffix);
    }
    for (String extra : extraTags) {
      if (!VALID_TAG.matcher(extra).matches()) {
        throw new BadInputException(
            "extra-tags",
            "'"
                + extra
                + "' is not a valid tag: use 1 to 128 of [A-Za-z0-9_.-],"
                + " starting with a letter, digit or _");
      }
      tags.add(extra);
    }
    if (tags.isEmpty()) {
      throw new BadInputException(
          "tags",
          "The tag rules "
              + rules
              + " give no tag for this "
              + describe(git)
              + "; add a rule that always applies, such as {{sha}}");
    }
    String version = Optional.ofNullable(values.get("version")).orElse(git.sha());
    return new TagPlan(name, new ArrayList<>(tags), version);
  }

  /** Only literal tags (a promotion with no rules): no git context needed. */
  public static TagPlan literal(ImageReference image, List<String> extraTags) {
    LinkedHashSet<String> tags = new LinkedHashSet<>();
    for (String extra : extraTags) {
      if (!VALID_TAG.matcher(extra).matches()) {
        throw new BadInputException(
            "extra-tags",
            "'"
                + extra
                + "' is not a valid tag: use 1 to 128 of [A-Za-z0-9_.-],"
                + " starting with a letter, digit or _");
      }
      tags.add(extra);
    }
    if (tags.isEmpty()) {
      throw new BadInputException(
          "extra-tags",
          "A promotion needs at least one tag to put on the image: set "
              + "extra-tags (for example prod) or tags");
    }
    return new TagPlan(image, new ArrayList<>(tags), "");
  }

  /** The placeholder values this event has; absent keys make their rules skip. */
  static Map<String, String> values(GitContext git) {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("sha", git.sha());
    v.put("sha7", git.shortSha());
    git.gitTag()
        .ifPresent(
            tag -> {
              v.put("tag", tag);
              Semver.parse(tag)
                  .ifPresent(
                      s -> {
                        v.put("version", s.version());
                        if (!s.isPreRelease()) {
                          // a pre-release must not move 2.0 or 2 away from the last release
                          v.put("major", String.valueOf(s.major()));
                          v.put("minor", String.valueOf(s.minor()));
                          v.put("patch", String.valueOf(s.patch()));
                        }
                      });
            });
    git.branch().ifPresent(b -> v.put("branch", b));
    if (git.pullRequestEvent()) {
      v.put("pr", String.valueOf(git.pullRequest()));
    }
    return v;
  }

  /**
   * The rule with its placeholders filled in, or empty when one of them does not apply to this
   * event.
   */
  static Optional<String> expand(String rule, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(rule);
    StringBuilder out = new StringBuilder();
    List<String> used = new ArrayList<>();
    while (m.find()) {
      String key = m.group(1);
      if (!PLACEHOLDERS.contains(key)) {
        throw new BadInputException(
            "tags",
            "Unknown placeholder {{"
                + key
                + "}} in the tag rule '"
                + rule
                + "'; use one of "
                + PLACEHOLDERS.stream().map(p -> "{{" + p + "}}").toList());
      }
      used.add(key);
      String value = values.get(key);
      if (value == null) {
        return Optional.empty();
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    if (used.equals(List.of("major")) && "0".equals(values.get("major"))) {
      // a bare "0" tag would claim to be the newest of every 0.x release
      return Optional.empty();
    }
    return Optional.of(out.toString().trim());
  }

  /** Appends the suffix, cutting the tag first so the suffix survives the 128-character limit. */
  private static String withSuffix(String tag, String suffix) {
    if (tag.isEmpty() || suffix.isEmpty()) {
      return tag;
    }
    return (tag.length() + suffix.length() > MAX_TAG
            ? tag.substring(0, MAX_TAG - suffix.length())
            : tag)
        + suffix;
  }

  /**
   * A valid Docker tag from any text: characters outside {@code [A-Za-z0-9_.-]} become {@code -},
   * leading {@code .} and {@code -} are dropped, and the result is cut to 128 characters.
   */
  public static String sanitize(String raw) {
    String s = raw.replaceAll("[^A-Za-z0-9_.-]+", "-").replaceFirst("^[.-]+", "");
    return s.length() > MAX_TAG ? s.substring(0, MAX_TAG) : s;
  }

  private static String describe(GitContext git) {
    return (git.eventName().isEmpty() ? "run" : git.eventName() + " event")
        + (git.ref().isEmpty() ? "" : " on " + git.ref());
  }
}
