package dev.bosun.image;

import dev.bosun.image.build.BuildSpec;
import dev.bosun.image.plan.TagPlan;
import dev.bosun.image.registry.ImageReference;
import java.util.Map;

/**
 * One build-tag-push run, parsed and checked at the boundary.
 *
 * @param plan the image name and its tags
 * @param labels the labels a build puts on the image (empty for a promotion: the image keeps its
 *     own)
 * @param build the build (mode build), else null
 * @param builder {@code docker} or {@code buildah} (mode build)
 * @param source the image to promote (mode promote), else null
 * @param sources the per-platform images to merge into one index (mode merge), else empty
 */
public record BuildTagPushRequest(
    Mode mode,
    TagPlan plan,
    Map<String, String> labels,
    BuildSpec build,
    String builder,
    ImageReference source,
    java.util.List<ImageReference> sources,
    boolean dryRun) {

  public BuildTagPushRequest {
    // insertion order is kept: labels and build args are shown as given
    labels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
    sources = java.util.List.copyOf(sources);
    if (mode == Mode.BUILD && build == null
        || mode == Mode.PROMOTE && source == null
        || mode == Mode.MERGE && sources.isEmpty()) {
      throw new IllegalArgumentException("incomplete request for mode " + mode);
    }
  }
}
