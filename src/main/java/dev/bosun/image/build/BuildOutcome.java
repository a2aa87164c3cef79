package dev.bosun.image.build;

import dev.bosun.image.registry.ImageReference;
import java.util.List;

/**
 * What a builder did.
 *
 * @param digest the digest of the pushed image (or index), or null when nothing was pushed
 * @param pushed the references the builder itself pushed; the rest of the plan's tags are added by the registry API
 */
public record BuildOutcome(String digest, List<ImageReference> pushed) {

  public BuildOutcome {
    pushed = List.copyOf(pushed);
  }
}
