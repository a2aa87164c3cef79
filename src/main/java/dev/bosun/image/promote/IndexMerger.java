package dev.bosun.image.promote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bosun.image.registry.ImageReference;
import dev.bosun.image.registry.Manifest;
import dev.bosun.image.registry.MediaTypes;
import dev.bosun.image.registry.RegistryClient;
import dev.bosun.support.BadInputException;
import dev.bosun.support.Json;
import dev.bosun.support.OutsideSystemException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Makes one OCI index from images pushed by digest (one per platform, each built on its own runner)
 * and puts it under the tags, through the registry API only: nothing is pulled or rebuilt. A source
 * that is itself an index (buildx with attestations) gives all its entries, attestations included,
 * as {@code docker buildx imagetools create} does. The index is written without timestamps, so
 * merging the same digests again gives the same index digest.
 */
public final class IndexMerger {

  private static final ObjectMapper JSON = Json.mapper();
  private final RegistryClient registry;
  private final Consumer<String> log;

  public IndexMerger(RegistryClient registry, Consumer<String> log) {
    this.registry = registry;
    this.log = log;
  }

  /**
   * @param sources the per-platform images, by digest or tag, in the target repository or elsewhere
   *     (then their content is mounted or copied in first)
   * @param targets the tags the index goes under, all in one repository
   */
  public Merge merge(List<ImageReference> sources, List<ImageReference> targets) {
    ImageReference repository = targets.get(0);
    ArrayNode entries = JSON.createArrayNode();
    Map<String, String> platforms = new LinkedHashMap<>();
    Set<String> seen = new LinkedHashSet<>();
    for (ImageReference source : sources) {
      Manifest manifest = registry.manifest(source);
      if (!seen.add(manifest.digest())) {
        continue;
      }
      ImageReference pinned = source.withDigest(manifest.digest());
      if (!source.sameRepository(repository)) {
        new Promoter(registry, log)
            .promote(pinned, List.of(repository.withDigest(manifest.digest())));
      }
      List<JsonNode> added = new ArrayList<>();
      if (manifest.isIndex()) {
        manifest.json().path("manifests").forEach(added::add);
      } else {
        added.add(entry(manifest, registry.imageConfig(pinned, manifest), pinned));
      }
      for (JsonNode entry : added) {
        String platform = platform(entry.path("platform"));
        String other = platforms.putIfAbsent(platform, source.toString());
        if (other != null && !platform.equals("unknown/unknown")) {
          throw new BadInputException(
              "sources",
              "Two sources are images for "
                  + platform
                  + ": "
                  + other
                  + " and "
                  + source
                  + "; give one image per platform (each matrix leg builds its own platform)");
        }
        entries.add(entry);
      }
      log.accept(
          "Source "
              + source
              + " is "
              + manifest.digest()
              + " ("
              + String.join(", ", added.stream().map(e -> platform(e.path("platform"))).toList())
              + ")");
    }
    ObjectNode index = JSON.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", MediaTypes.OCI_INDEX);
    index.set("manifests", entries);
    Manifest written;
    try {
      written = Manifest.of(MediaTypes.OCI_INDEX, JSON.writeValueAsBytes(index));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    for (ImageReference target : targets) {
      registry.putManifest(target, written);
      log.accept("Tagged " + target + " -> " + written.digest());
    }
    List<String> runnable =
        platforms.keySet().stream().filter(p -> !p.equals("unknown/unknown")).toList();
    return new Merge(written.digest(), runnable, targets);
  }

  /**
   * The index entry for a single image: its own media type, digest and size, and the platform its
   * config names.
   */
  private static JsonNode entry(Manifest manifest, JsonNode config, ImageReference source) {
    String os = config.path("os").asText("");
    String arch = config.path("architecture").asText("");
    if (os.isEmpty() || arch.isEmpty()) {
      throw new OutsideSystemException(
          "registry",
          "The image config of "
              + source
              + " names no os/architecture, so "
              + "its platform in the index is unknown");
    }
    ObjectNode entry = JSON.createObjectNode();
    entry.put("mediaType", manifest.mediaType());
    entry.put("digest", manifest.digest());
    entry.put("size", manifest.bytes().length);
    ObjectNode platform = entry.putObject("platform");
    platform.put("architecture", arch);
    platform.put("os", os);
    if (config.hasNonNull("variant")) {
      platform.put("variant", config.path("variant").asText());
    }
    return entry;
  }

  private static String platform(JsonNode p) {
    return p.path("os").asText("unknown")
        + "/"
        + p.path("architecture").asText("unknown")
        + (p.hasNonNull("variant") ? "/" + p.path("variant").asText() : "");
  }

  /**
   * What a merge made.
   *
   * @param digest the index's digest, which every target now points at
   * @param platforms the runnable platforms in the index, in order
   */
  public record Merge(String digest, List<String> platforms, List<ImageReference> targets) {
    public Merge {
      platforms = List.copyOf(platforms);
      targets = List.copyOf(targets);
    }
  }
}
