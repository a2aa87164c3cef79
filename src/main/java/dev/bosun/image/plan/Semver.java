package dev.bosun.image.plan;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A semantic version from a git tag ({@code v1.2.3}, {@code 2.0.0-rc.1}); the optional {@code v} is
 * dropped.
 *
 * @param preRelease the part after {@code -}, or empty
 * @param build the part after {@code +}, or empty
 */
public record Semver(int major, int minor, int patch, String preRelease, String build) {

  // semver.org's regex, with an optional leading v
  private static final Pattern SEMVER =
      Pattern.compile(
          "^[vV]?(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
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
