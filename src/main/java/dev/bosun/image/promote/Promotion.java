package dev.bosun.image.promote;

import dev.bosun.image.registry.ImageReference;
import java.util.List;

/**
 * What a promotion did.
 *
 * @param digest the source digest, which every target now points at
 * @param mediaType the manifest's media type (an index for multi-platform images)
 * @param targets the references written
 * @param mounted blobs mounted from the source repository (same registry)
 * @param copied blobs copied across registries
 * @param present blobs the target repository already had
 */
public record Promotion(
    String digest,
    String mediaType,
    List<ImageReference> targets,
    int mounted,
    int copied,
    int present) {

  public Promotion {
    targets = List.copyOf(targets);
  }
}
