package dev.bosun.deploy;

import java.util.Map;

/** Reads an image's manifest digest and config labels from its registry, without pulling it. */
public interface ImageInspector {

  /** The digest {@code image}'s tag points at now (or its own digest) and the image's labels. */
  ImageFacts inspect(ImageRef image);

  /** What the registry says about one image. */
  record ImageFacts(String digest, Map<String, String> labels) {
    public ImageFacts {
      labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
  }
}
