package dev.bosun.image.promote;

import dev.bosun.image.registry.Descriptor;
import dev.bosun.image.registry.ImageReference;
import dev.bosun.image.registry.Manifest;
import dev.bosun.image.registry.RegistryClient;
import dev.bosun.support.OutsideSystemException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Puts an existing image under new tags without pulling or rebuilding it: the manifest (or index)
 * is read once and written byte for byte under each target, so every target has the source's
 * digest. A target in another repository first gets the blobs (and, for an index, the child
 * manifests): mounted within one registry, copied across registries.
 */
public final class Promoter {

  private final RegistryClient registry;
  private final Consumer<String> log;

  public Promoter(RegistryClient registry, Consumer<String> log) {
    this.registry = registry;
    this.log = log;
  }

  /**
   * Promotes {@code source} (tag or digest) to every target tag; fails if any target ends with
   * another digest.
   */
  public Promotion promote(ImageReference source, List<ImageReference> targets) {
    Manifest manifest = registry.manifest(source);
    ImageReference pinned = source.withDigest(manifest.digest());
    log.accept("Source " + source + " is " + manifest.digest() + " (" + manifest.mediaType() + ")");
    Counts counts = new Counts();
    Map<String, ImageReference> repositories = new LinkedHashMap<>();
    targets.forEach(t -> repositories.putIfAbsent(t.name(), t));
    for (ImageReference repo : repositories.values()) {
      if (!repo.sameRepository(source)) {
        copyContent(pinned, repo, manifest, counts);
      }
    }
    List<ImageReference> written = new ArrayList<>();
    for (ImageReference target : targets) {
      String digest = registry.putManifest(target, manifest);
      if (!digest.equals(manifest.digest())) {
        throw new OutsideSystemException(
            "registry",
            target + " got digest " + digest + ", not the source's " + manifest.digest());
      }
      log.accept("Tagged " + target + " -> " + digest);
      written.add(target);
    }
    return new Promotion(
        manifest.digest(),
        manifest.mediaType(),
        written,
        counts.mounted,
        counts.copied,
        counts.present);
  }

  private void copyContent(
      ImageReference source, ImageReference target, Manifest manifest, Counts counts) {
    if (manifest.isIndex()) {
      for (Descriptor child : manifest.manifests()) {
        Manifest childManifest = registry.manifest(source.withDigest(child.digest()));
        copyBlobs(source, target, childManifest, counts);
        // an index may only name manifests the repository already has
        registry.putManifest(target.withDigest(child.digest()), childManifest);
      }
    } else {
      copyBlobs(source, target, manifest, counts);
    }
  }

  private void copyBlobs(
      ImageReference source, ImageReference target, Manifest manifest, Counts counts) {
    for (Descriptor blob : manifest.blobs()) {
      if (!counts.seen.add(target.name() + "@" + blob.digest())) {
        continue;
      }
      if (registry.blobExists(target, blob.digest())) {
        counts.present++;
      } else if (source.registry().equals(target.registry())
          && registry.mountBlob(source, target, blob.digest())) {
        counts.mounted++;
      } else {
        registry.copyBlob(source, target, blob);
        counts.copied++;
      }
    }
  }

  /** Blobs handled so far in one promotion, so a blob shared by platforms moves once. */
  private static final class Counts {
    final Set<String> seen = new HashSet<>();
    int mounted;
    int copied;
    int present;
  }
}
