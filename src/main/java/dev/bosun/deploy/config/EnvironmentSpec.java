package dev.bosun.deploy.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * One environment of {@code .github/bosun.yml}: where its apps live in Azure and which promotion rules guard it.
 *
 * @param apps logical app name (as images and workflows call it) to Container App resource name
 * @param isProtected the deploy must run in a job bound to the GitHub environment of the same name
 * @param promoteFrom environments in which the same digest must already have been deployed successfully
 * @param buildPerEnvironment apps whose image must carry {@code dev.bosun.build-environment=<this environment>}
 */
public record EnvironmentSpec(
    String name,
    String target,
    String subscription,
    String resourceGroup,
    Map<String, String> apps,
    String url,
    @JsonProperty("protected") boolean isProtected,
    boolean requireReviewers,
    List<String> promoteFrom,
    boolean tagsOnly,
    List<String> buildPerEnvironment,
    List<String> windows) {

  /** The one target bosun deploys to today. */
  public static final String AZURE_CONTAINER_APPS = "azure-container-apps";

  public EnvironmentSpec {
    apps = apps == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(apps));
    promoteFrom = promoteFrom == null ? List.of() : List.copyOf(promoteFrom);
    buildPerEnvironment = buildPerEnvironment == null ? List.of() : List.copyOf(buildPerEnvironment);
    windows = windows == null ? List.of() : List.copyOf(windows);
  }

  /** The same environment under its key in the file. */
  EnvironmentSpec named(String key) {
    return new EnvironmentSpec(key, target, subscription, resourceGroup, apps, url, isProtected, requireReviewers,
        promoteFrom, tagsOnly, buildPerEnvironment, windows);
  }

  /** The parsed windows; the file was validated on load, so this does not fail. */
  public List<DeployWindow> deployWindows() {
    return windows.stream().map(w -> DeployWindow.parse("environments." + name + ".windows", w)).toList();
  }
}
