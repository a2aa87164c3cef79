package dev.bosun.image.build;

import dev.bosun.image.registry.ImageReference;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything a builder needs for one build, already validated.
 *
 * @param context the build context directory
 * @param file the Dockerfile/Containerfile, or null for the builder's default
 * @param tags every {@code image:tag} to push; the first is the primary one
 * @param labels image labels
 * @param buildArgs {@code --build-arg} values; never secret
 * @param secrets build secrets by id; their values reach the builder only through its environment
 * @param target the stage to build, or null
 * @param platforms {@code linux/amd64} …; empty for the builder's default
 * @param cacheFrom {@code --cache-from} values
 * @param cacheTo {@code --cache-to} values
 * @param push push to the registry (false: build only)
 * @param storageDriver buildah's {@code --storage-driver} ({@code vfs} where overlay is not
 *     available), or null
 * @param features push by digest, cache control, attestations, annotations, extra contexts, the
 *     buildx builder
 */
public record BuildSpec(
    Path context,
    Path file,
    List<ImageReference> tags,
    Map<String, String> labels,
    Map<String, String> buildArgs,
    Map<String, String> secrets,
    String target,
    List<String> platforms,
    List<String> cacheFrom,
    List<String> cacheTo,
    boolean push,
    String storageDriver,
    BuildFeatures features) {

  /** A build with no extra features. */
  public BuildSpec(
      Path context,
      Path file,
      List<ImageReference> tags,
      Map<String, String> labels,
      Map<String, String> buildArgs,
      Map<String, String> secrets,
      String target,
      List<String> platforms,
      List<String> cacheFrom,
      List<String> cacheTo,
      boolean push,
      String storageDriver) {
    this(
        context,
        file,
        tags,
        labels,
        buildArgs,
        secrets,
        target,
        platforms,
        cacheFrom,
        cacheTo,
        push,
        storageDriver,
        BuildFeatures.NONE);
  }

  public BuildSpec {
    tags = List.copyOf(tags);
    // insertion order is kept: labels and build args are shown as given
    labels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
    buildArgs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(buildArgs));
    secrets = Map.copyOf(secrets);
    platforms = List.copyOf(platforms);
    cacheFrom = List.copyOf(cacheFrom);
    cacheTo = List.copyOf(cacheTo);
    features = features == null ? BuildFeatures.NONE : features;
    if (tags.isEmpty()) {
      throw new IllegalArgumentException("a build needs at least one tag");
    }
  }

  /**
   * The environment variable that carries secret {@code id} to the builder; the value itself never
   * enters argv.
   */
  public static String secretVariable(String id) {
    return "BOSUN_SECRET_" + id.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
  }

  @Override
  public String toString() {
    return "BuildSpec[context="
        + context
        + ", tags="
        + tags
        + ", secrets="
        + secrets.keySet()
        + "]";
  }
}
