package dev.bosun.image;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * bosun's one semantic version, for git tags, image tags and the tags-only gate alike. The policy
 * is semver.org's 2.0.0 grammar: no leading zeros in numeric parts (nor in numeric pre-release
 * identifiers), an optional pre-release after {@code -} and optional build metadata after {@code
 * +}. One leading lowercase {@code v} is accepted and dropped ({@code v1.2.3}, the usual git tag);
 * {@code V1.2.3} is not a version.
 *
 * @param preRelease the part after {@code -}, or empty
 * @param build the part after {@code +}, or empty
 */
public record Semver(int major, int minor, int patch, String preRelease, String build) {

  // semver.org's regex, with an optional leading lowercase v
  private static final Pattern SEMVER =
      Pattern.compile(
          "^v?(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
              + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
              + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$");

  public static Optional<Semver> parse(String tag) {
    Matcher m = SEMVER.matcher(tag == null ? "" : tag);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Semver(
              Integer.parseInt(m.group(1)),
              Integer.parseInt(m.group(2)),
              Integer.parseInt(m.group(3)),
              m.group(4) == null ? "" : m.group(4),
              m.group(5) == null ? "" : m.group(5)));
    } catch (NumberFormatException tooBig) {
      return Optional.empty();
    }
  }

  public boolean isPreRelease() {
    return !preRelease.isEmpty();
  }

  /**
   * {@code 1.2.3}, {@code 2.0.0-rc.1}, {@code 1.0.0+build.5}: the version without the {@code v}.
   */
  public String version() {
    return major
        + "."
        + minor
        + "."
        + patch
        + (preRelease.isEmpty() ? "" : "-" + preRelease)
        + (build.isEmpty() ? "" : "+" + build);
  }
}
