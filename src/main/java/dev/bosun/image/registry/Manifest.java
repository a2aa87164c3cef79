package dev.bosun.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bosun.support.Json;
import dev.bosun.support.OutsideSystemException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A manifest or index exactly as the registry returned it. The bytes are kept untouched:
 * re-serialising would change the digest, and promotion must keep it.
 *
 * @param mediaType one of {@link MediaTypes#MANIFESTS}
 * @param digest {@code sha256:} of {@code bytes}
 * @param bytes the raw manifest
 */
public record Manifest(String mediaType, String digest, byte[] bytes) {

  private static final ObjectMapper JSON = Json.mapper();

  /**
   * Wraps raw bytes; the media type comes from the JSON {@code mediaType} field when the header has
   * none.
   */
  public static Manifest of(String contentType, byte[] bytes) {
    String type = contentType == null ? "" : contentType.split(";")[0].trim();
    if (!MediaTypes.isManifest(type)) {
      type = tree(bytes).path("mediaType").asText("");
      if (type.isEmpty() && tree(bytes).has("manifests")) {
        type = MediaTypes.OCI_INDEX;
      } else if (type.isEmpty()) {
        type = MediaTypes.OCI_MANIFEST;
      }
    }
    return new Manifest(type, sha256(bytes), bytes);
  }

  /** The parsed JSON, for reading fields (never for writing back: that would change the digest). */
  public JsonNode json() {
    return tree(bytes);
  }

  public boolean isIndex() {
    return MediaTypes.isIndex(mediaType);
  }

  /** The image config of a single-image manifest. */
  public Optional<Descriptor> config() {
    JsonNode config = tree(bytes).path("config");
    return config.isMissingNode() ? Optional.empty() : Optional.of(descriptor(config));
  }

  /** The layers of a single-image manifest (empty for an index). */
  public List<Descriptor> layers() {
    return descriptors("layers");
  }

  /** The child manifests of an index (empty for a single image). */
  public List<Descriptor> manifests() {
    return descriptors("manifests");
  }

  /** Every blob a single-image manifest references: config first, then layers. */
  public List<Descriptor> blobs() {
    List<Descriptor> all = new ArrayList<>();
    config().ifPresent(all::add);
    all.addAll(layers());
    return all;
  }

  private List<Descriptor> descriptors(String field) {
    List<Descriptor> out = new ArrayList<>();
    tree(bytes).path(field).forEach(n -> out.add(descriptor(n)));
    return out;
  }

  private static Descriptor descriptor(JsonNode n) {
    JsonNode p = n.path("platform");
    String platform =
        p.isMissingNode()
            ? null
            : p.path("os").asText("")
                + "/"
                + p.path("architecture").asText("")
                + (p.hasNonNull("variant") ? "/" + p.path("variant").asText() : "");
    return new Descriptor(
        n.path("mediaType").asText(""),
        n.path("digest").asText(""),
        n.path("size").asLong(-1),
        platform);
  }

  static JsonNode tree(byte[] bytes) {
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new OutsideSystemException(
          "registry", "The registry returned a manifest that is not JSON", e);
    }
  }

  /** {@code sha256:<hex>} of the bytes. */
  public static String sha256(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return mediaType
        + " "
        + digest
        + " ("
        + bytes.length
        + " bytes): "
        + new String(bytes, 0, Math.min(80, bytes.length), StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Manifest m && m.digest.equals(digest) && m.mediaType.equals(mediaType);
  }

  @Override
  public int hashCode() {
    return digest.hashCode();
  }
}
