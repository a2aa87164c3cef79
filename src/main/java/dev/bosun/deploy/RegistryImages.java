package dev.bosun.deploy;

import dev.bosun.image.registry.ImageReference;
import dev.bosun.image.registry.RegistryClient;
import java.util.Map;

/**
 * {@link ImageInspector} on the OCI distribution API: resolves the tag to its digest, then reads
 * that digest's labels.
 */
public final class RegistryImages implements ImageInspector {

  private final RegistryClient client;

  public RegistryImages(RegistryClient client) {
    this.client = client;
  }

  @Override
  public ImageFacts inspect(ImageRef image) {
    ImageReference ref =
        new ImageReference(
            image.registry(),
            image.repository(),
            image.tag().orElse(null),
            image.digest().orElse(null));
    String digest = client.resolveDigest(ref);
    // labels are read by digest, so they belong to exactly the image that is deployed even if the
    // tag moves
    Map<String, String> labels = client.labels(ref.withDigest(digest));
    return new ImageFacts(digest, labels);
  }
}
