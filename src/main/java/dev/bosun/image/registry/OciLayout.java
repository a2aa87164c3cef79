package dev.bosun.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bosun.support.OutsideSystemException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Pushes the image of an OCI image layout directory by digest only (no tag): blobs first, then
 * child manifests, then the top manifest or index, each byte for byte, so the registry's digest is
 * the layout's. This is how buildah's {@code push-by-digest} works: buildah writes the layout,
 * bosun uploads it.
 */
public final class OciLayout {

  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
  private final RegistryClient registry;

  public OciLayout(RegistryClient registry) {
    this.registry = registry;
  }

  /** The digest of the layout's one image (or index), read from its {@code index.json}. */
  public static String topDigest(Path layout) {
    JsonNode index = Manifest.tree(read(layout.resolve("index.json"), RegistryClient.MAX_MANIFEST));
    List<JsonNode> entries = new java.util.ArrayList<>();
    index.path("manifests").forEach(entries::add);
    if (entries.size() != 1) {
      throw new OutsideSystemException(
          "registry",
          "The OCI layout "
              + layout
              + " holds "
              + entries.size()
              + " images; expected exactly one");
    }
    return digest(entries.get(0).path("digest").asText(""), layout);
  }

  /** Uploads the layout's image to {@code repository} by digest; returns the digest. */
  public String push(Path layout, ImageReference repository) {
    String top = topDigest(layout);
    push(layout, repository, top);
    return top;
  }

  private void push(Path layout, ImageReference repository, String digest) {
    Manifest manifest = Manifest.of(null, read(blob(layout, digest), RegistryClient.MAX_MANIFEST));
    if (!manifest.digest().equals(digest)) {
      throw new OutsideSystemException(
          "registry", "The OCI layout " + layout + " holds corrupt content for " + digest);
    }
    if (manifest.isIndex()) {
      for (Descriptor child : manifest.manifests()) {
        push(layout, repository, digest(child.digest(), layout));
      }
    } else {
      for (Descriptor b : manifest.blobs()) {
        registry.uploadBlob(repository, b.digest(), blob(layout, digest(b.digest(), layout)));
      }
    }
    registry.putManifest(repository.withDigest(digest), manifest);
  }

  private static String digest(String value, Path layout) {
    if (!DIGEST.matcher(value).matches()) {
      throw new OutsideSystemException(
          "registry",
          "The OCI layout " + layout + " names '" + value + "', which is not a sha256 digest");
    }
    return value;
  }

  private static Path blob(Path layout, String digest) {
    return layout.resolve("blobs").resolve("sha256").resolve(digest.substring("sha256:".length()));
  }

  private static byte[] read(Path file, int max) {
    try {
      long size = Files.size(file);
      if (size > max) {
        throw new OutsideSystemException(
            "registry", file + " is " + size + " bytes; bosun reads up to " + max);
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new OutsideSystemException(
          "registry", "Cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
