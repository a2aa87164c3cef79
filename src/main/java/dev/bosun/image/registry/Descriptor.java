package dev.bosun.image.registry;

/**
 * One content descriptor from a manifest: a config, a layer, or (in an index) a child manifest.
 *
 * @param platform {@code os/architecture[/variant]} for index entries, or null
 */
public record Descriptor(String mediaType, String digest, long size, String platform) {

  /**
   * True for index entries buildx adds for attestations ({@code unknown/unknown}); they are not
   * runnable images.
   */
  public boolean isAttestation() {
    return "unknown/unknown".equals(platform);
  }
}
