package dev.bosun.image.plan;

import dev.bosun.image.registry.ImageReference;
import java.util.List;

/**
 * The tags one build or promotion puts on the image, in order, with no duplicates.
 *
 * @param image the image name, lower case, without tag
 * @param tags the tags; the first is the full SHA unless the rules say otherwise
 * @param version the value for the {@code org.opencontainers.image.version} label: the semver
 *     version on a version tag, else the full SHA
 */
public record TagPlan(ImageReference image, List<String> tags, String version) {

  public TagPlan {
    tags = List.copyOf(tags);
  }

  /** {@code image:tag} for every tag. */
  public List<ImageReference> references() {
    return tags.stream().map(image::withTag).toList();
  }
}
