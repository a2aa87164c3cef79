package dev.bosun.image;

import dev.bosun.image.plan.GitContext;
import dev.bosun.image.plan.TagPlan;
import dev.bosun.support.BadInputException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The provenance labels every image gets: the OCI annotations keys {@code created}, {@code
 * revision}, {@code source}, {@code version}, {@code title} and {@code url}, plus {@link
 * #BUILD_ENVIRONMENT} for builds made for one environment. deploy-env reads these back from the
 * registry.
 */
public final class ImageLabels {

  public static final String CREATED = "org.opencontainers.image.created";
  public static final String REVISION = "org.opencontainers.image.revision";
  public static final String SOURCE = "org.opencontainers.image.source";
  public static final String VERSION = "org.opencontainers.image.version";
  public static final String TITLE = "org.opencontainers.image.title";
  public static final String URL = "org.opencontainers.image.url";

  /**
   * The environment a build was made for ({@code NEXT_PUBLIC_*} baked in); absent on build-once
   * images.
   */
  public static final String BUILD_ENVIRONMENT = "dev.bosun.build-environment";

  private static final Pattern ENVIRONMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,254}");
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]*");

  private ImageLabels() {}

  /**
   * @param repositoryUrl {@code https://github.com/acme/shop}, or empty on a laptop
   * @param buildEnvironment the {@code build-environment} input, or empty
   * @param extra the {@code labels} input lines, {@code key=value}; they may replace the OCI
   *     defaults but not {@link #BUILD_ENVIRONMENT}, which only {@code build-environment} sets
   */
  public static Map<String, String> of(
      TagPlan plan,
      GitContext git,
      Optional<String> repositoryUrl,
      Optional<String> buildEnvironment,
      List<String> extra,
      Instant now) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(CREATED, now.truncatedTo(ChronoUnit.SECONDS).toString());
    labels.put(REVISION, git.sha());
    repositoryUrl.ifPresent(url -> labels.put(SOURCE, url));
    labels.put(VERSION, plan.version());
    labels.put(TITLE, title(plan, repositoryUrl));
    repositoryUrl.ifPresent(url -> labels.put(URL, url));
    for (String line : extra) {
      int eq = line.indexOf('=');
      String key = eq > 0 ? line.substring(0, eq).trim() : "";
      if (!KEY.matcher(key).matches()) {
        throw new BadInputException(
            "labels", "'" + line + "' is not key=value (for example com.example.team=payments)");
      }
      if (key.equals(BUILD_ENVIRONMENT)) {
        throw new BadInputException(
            "labels",
            BUILD_ENVIRONMENT
                + " is set by the build-environment input only, so a "
                + "label line cannot fake it; use build-environment");
      }
      labels.put(key, line.substring(eq + 1).trim());
    }
    buildEnvironment
        .filter(e -> !e.isBlank())
        .ifPresent(
            e -> {
              if (!ENVIRONMENT.matcher(e.trim()).matches()) {
                throw new BadInputException(
                    "build-environment",
                    "'"
                        + e
                        + "' is not an environment name (letters, digits, "
                        + "space, . _ -), for example production");
              }
              labels.put(BUILD_ENVIRONMENT, e.trim());
            });
    return labels;
  }

  private static String title(TagPlan plan, Optional<String> repositoryUrl) {
    return repositoryUrl
        .map(u -> u.substring(u.lastIndexOf('/') + 1))
        .orElseGet(
            () ->
                plan.image()
                    .repository()
                    .substring(plan.image().repository().lastIndexOf('/') + 1));
  }
}
