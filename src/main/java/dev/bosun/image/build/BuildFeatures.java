package dev.bosun.image.build;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The build options beyond the basic ones, as docker/build-push-action names them; all already
 * validated.
 *
 * @param pushByDigest push the image under its digest only, no tag (one platform of a matrix; a
 *     merge step tags)
 * @param noCache build without the builder's cache
 * @param pull always pull the base images
 * @param sbom the {@code sbom} input: empty, {@code true}/{@code false}, or buildx attest options
 * @param provenance the {@code provenance} input: empty (the builder's default), {@code
 *     true}/{@code false}, or options such as {@code mode=max}
 * @param annotations OCI annotations, {@code [type:]key=value} as buildx takes them
 * @param buildContexts {@code name=path-or-url} extra build contexts
 * @param secretFiles build secrets read from files, by id; only the path reaches the builder
 * @param buildxBuilder {@code auto} (a docker-container builder made for this run when the build
 *     needs one), {@code default} (the daemon's own builder), or the name of an existing buildx
 *     builder
 */
public record BuildFeatures(
    boolean pushByDigest,
    boolean noCache,
    boolean pull,
    String sbom,
    String provenance,
    List<String> annotations,
    List<String> buildContexts,
    Map<String, Path> secretFiles,
    String buildxBuilder) {

  public static final String AUTO = "auto";
  public static final String DEFAULT = "default";
  public static final BuildFeatures NONE =
      new BuildFeatures(false, false, false, "", "", List.of(), List.of(), Map.of(), AUTO);

  public BuildFeatures {
    sbom = sbom == null ? "" : sbom;
    provenance = provenance == null ? "" : provenance;
    annotations = List.copyOf(annotations);
    buildContexts = List.copyOf(buildContexts);
    secretFiles = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(secretFiles));
    buildxBuilder = buildxBuilder == null || buildxBuilder.isBlank() ? AUTO : buildxBuilder;
  }

  /** True when an attestation is asked for; {@code false} and empty ask for none. */
  public boolean attests() {
    return on(sbom) || on(provenance);
  }

  static boolean on(String value) {
    return !value.isEmpty() && !value.equalsIgnoreCase("false");
  }
}
