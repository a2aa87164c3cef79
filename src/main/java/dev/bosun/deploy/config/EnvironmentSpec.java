package dev.bosun.deploy.config;

import dev.bosun.deploy.target.Release;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One environment of {@code .github/bosun.yml}: the keys every target shares (apps, promotion
 * rules, windows, release) plus the settings of its {@code target}, which that target read and
 * checked.
 *
 * @param target the target's name, a key of {@link dev.bosun.deploy.target.Targets}
 * @param apps logical app name (as images and workflows call it) to the target's name for it (a
 *     Container App, a compose service)
 * @param isProtected the deploy must run in a job bound to the GitHub environment of the same name
 * @param promoteFrom environments in which the same digest must already have been deployed
 *     successfully
 * @param buildPerEnvironment apps whose image must carry {@code dev.bosun.build-environment=<this
 *     environment>}
 * @param settings the target's own keys, as its {@link
 *     dev.bosun.deploy.target.TargetKind#settings()} record
 */
public record EnvironmentSpec(
    String name,
    String target,
    Map<String, String> apps,
    String url,
    boolean isProtected,
    boolean requireReviewers,
    List<String> promoteFrom,
    boolean tagsOnly,
    List<String> buildPerEnvironment,
    List<String> windows,
    Optional<Release> release,
    Record settings) {

  public EnvironmentSpec {
    apps =
        apps == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(apps));
    promoteFrom = promoteFrom == null ? List.of() : List.copyOf(promoteFrom);
    buildPerEnvironment =
        buildPerEnvironment == null ? List.of() : List.copyOf(buildPerEnvironment);
    windows = windows == null ? List.of() : List.copyOf(windows);
    release = release == null ? Optional.empty() : release;
  }

  /**
   * The target's settings as {@code type}; the registry only hands an environment to its own
   * target.
   */
  public <S extends Record> S settings(Class<S> type) {
    return type.cast(settings);
  }

  /** The parsed windows; the file was validated on load, so this does not fail. */
  public List<DeployWindow> deployWindows() {
    return windows.stream()
        .map(w -> DeployWindow.parse("environments." + name + ".windows", w))
        .toList();
  }
}
