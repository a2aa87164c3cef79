package dev.bosun.image.build;

import dev.bosun.image.registry.ImageReference;
import java.util.List;

/**
 * What a builder did.
 *
 * @param digest the digest of the pushed image (or index), or null when nothing was pushed
 * @param pushed the references the builder itself pushed; the rest of the plan's tags are added by
 *     the registry API
 * @param layout an OCI image layout the builder wrote instead of pushing (buildah's push by
 *     digest), which the caller uploads through the registry API; else null
 */
public record BuildOutcome(String digest, List<ImageReference> pushed, java.nio.file.Path layout) {

  public BuildOutcome(String digest, List<ImageReference> pushed) {
    this(digest, pushed, null);
  }

  public BuildOutcome {
    pushed = List.copyOf(pushed);
  }
}
