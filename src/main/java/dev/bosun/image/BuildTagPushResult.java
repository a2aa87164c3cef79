package dev.bosun.image;

import dev.bosun.image.promote.Promotion;
import dev.bosun.image.registry.ImageReference;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a run did (or, in a dry run, would do).
 *
 * @param image the image name without tag
 * @param digest the pushed or promoted digest; empty in a dry run or a build without push
 * @param tags every {@code image:tag} that now points at the digest (or would)
 * @param labels the image's labels
 * @param plan the steps, one line each, as the dry run prints them
 * @param promotion details of a promotion
 * @param platforms the platforms of a merged index (mode merge), else empty
 */
public record BuildTagPushResult(
    Mode mode,
    boolean dryRun,
    ImageReference image,
    Optional<String> digest,
    List<ImageReference> tags,
    Map<String, String> labels,
    List<String> plan,
    Optional<ImageReference> source,
    Optional<Promotion> promotion,
    List<String> platforms) {

  public BuildTagPushResult(
      Mode mode,
      boolean dryRun,
      ImageReference image,
      Optional<String> digest,
      List<ImageReference> tags,
      Map<String, String> labels,
      List<String> plan,
      Optional<ImageReference> source,
      Optional<Promotion> promotion) {
    this(mode, dryRun, image, digest, tags, labels, plan, source, promotion, List.of());
  }

  public BuildTagPushResult {
    tags = List.copyOf(tags);
    // insertion order is kept: labels and build args are shown as given
    labels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
    plan = List.copyOf(plan);
    platforms = List.copyOf(platforms);
  }

  /** {@code name@digest}, the reference deploy-env takes. */
  public Optional<String> pinned() {
    return digest.map(d -> image.name() + "@" + d);
  }
}
