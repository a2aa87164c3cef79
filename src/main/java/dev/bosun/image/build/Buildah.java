package dev.bosun.image.build;

import dev.bosun.image.registry.ImageReference;
import dev.bosun.image.registry.RegistryClient;
import dev.bosun.support.OutsideSystemException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Daemonless builds with buildah, for self-hosted runners without Docker: {@code buildah bud}, then
 * {@code buildah push --digestfile} of the primary tag (or {@code manifest push --all} for several
 * platforms). The other tags are put on that digest through the registry API, so they can never
 * differ from it. Build secrets go in as {@code --secret id=…,src=VAR,type=env}. A push by digest
 * writes an OCI layout instead ({@code oci:} transport), which the caller uploads by digest through
 * the registry API: buildah itself can only push to a tag.
 */
public final class Buildah implements ImageBuilder {

  private final ProcessRunner runner;

  public Buildah(ProcessRunner runner) {
    this.runner = runner;
  }

  @Override
  public String name() {
    return "buildah";
  }

  @Override
  public List<List<String>> commands(BuildSpec spec, Path work) {
    ImageReference primary = spec.tags().get(0);
    boolean multi = spec.platforms().size() > 1;
    String list = "localhost/bosun-build-" + Integer.toHexString(work.toString().hashCode());
    List<String> bud = global(spec);
    bud.addAll(List.of("bud", "--layers"));
    if (spec.file() != null) {
      bud.addAll(List.of("--file", spec.file().toString()));
    }
    if (spec.target() != null) {
      bud.addAll(List.of("--target", spec.target()));
    }
    if (!spec.platforms().isEmpty()) {
      bud.addAll(List.of("--platform", String.join(",", spec.platforms())));
    }
    BuildFeatures f = spec.features();
    if (f.noCache()) {
      bud.add("--no-cache");
    }
    if (f.pull()) {
      bud.add("--pull=always");
    }
    f.buildContexts().forEach(c -> bud.addAll(List.of("--build-context", c)));
    f.secretFiles()
        .forEach((id, path) -> bud.addAll(List.of("--secret", "id=" + id + ",src=" + path)));
    f.annotations().forEach(a -> bud.addAll(List.of("--annotation", a)));
    spec.buildArgs().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> bud.addAll(List.of("--build-arg", e.getKey() + "=" + e.getValue())));
    spec.secrets().keySet().stream()
        .sorted()
        .forEach(
            id ->
                bud.addAll(
                    List.of(
                        "--secret",
                        "id=" + id + ",src=" + BuildSpec.secretVariable(id) + ",type=env")));
    spec.labels().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> bud.addAll(List.of("--label", e.getKey() + "=" + e.getValue())));
    spec.cacheFrom().forEach(c -> bud.addAll(List.of("--cache-from", c)));
    spec.cacheTo().forEach(c -> bud.addAll(List.of("--cache-to", c)));
    if (multi) {
      bud.addAll(List.of("--manifest", list));
    } else {
      spec.tags().forEach(t -> bud.addAll(List.of("--tag", t.toString())));
    }
    bud.add(spec.context().toString());
    if (!spec.push()) {
      return List.of(bud);
    }
    List<String> push = global(spec);
    if (multi) {
      push.addAll(List.of("manifest", "push", "--all"));
    } else {
      push.add("push");
    }
    if (f.pushByDigest()) {
      push.addAll(List.of(multi ? list : primary.toString(), "oci:" + layout(work)));
      return List.of(bud, push);
    }
    if (RegistryClient.isPlainHttp(primary.registry())) {
      push.add("--tls-verify=false");
    }
    push.addAll(List.of("--digestfile", digestFile(work).toString()));
    push.add(multi ? list : primary.toString());
    push.add("docker://" + primary);
    return List.of(bud, push);
  }

  private static List<String> global(BuildSpec spec) {
    List<String> argv = new ArrayList<>(List.of("buildah"));
    if (spec.storageDriver() != null) {
      argv.addAll(List.of("--storage-driver", spec.storageDriver()));
    }
    return argv;
  }

  @Override
  public BuildOutcome build(BuildSpec spec, Path work, Map<String, String> env) {
    Map<String, String> childEnv = new LinkedHashMap<>(env);
    spec.secrets().forEach((id, value) -> childEnv.put(BuildSpec.secretVariable(id), value));
    List<List<String>> commands = commands(spec, work);
    try {
      runner.run(name(), "buildah bud", commands.get(0), childEnv);
    } catch (OutsideSystemException e) {
      String hint = hint(e.getMessage(), spec.storageDriver());
      if (hint.isEmpty()) {
        throw e;
      }
      throw new OutsideSystemException(name(), e.getMessage() + "\n" + hint, e);
    }
    if (!spec.push()) {
      return new BuildOutcome(null, List.of());
    }
    // the push needs the registry login but not the secrets
    runner.run(
        name(),
        spec.platforms().size() > 1 ? "buildah manifest push" : "buildah push",
        commands.get(1),
        env);
    if (spec.features().pushByDigest()) {
      return new BuildOutcome(
          dev.bosun.image.registry.OciLayout.topDigest(layout(work)), List.of(), layout(work));
    }
    try {
      String digest = Files.readString(digestFile(work)).trim();
      if (!digest.startsWith("sha256:")) {
        throw new OutsideSystemException(
            "buildah", "buildah push wrote '" + digest + "' instead of a digest");
      }
      return new BuildOutcome(digest, List.of(spec.tags().get(0)));
    } catch (IOException e) {
      throw new OutsideSystemException(
          "buildah", "buildah push wrote no digest file: " + e.getMessage(), e);
    }
  }

  /** The storage failures of unprivileged or nested buildah, which vfs avoids. */
  static String hint(String failure, String storageDriver) {
    String f = failure.toLowerCase(java.util.Locale.ROOT);
    boolean storage =
        f.contains("overlay")
                && (f.contains("not supported") || f.contains("mount") || f.contains("kernel"))
            || f.contains("fuse-overlayfs");
    if (storage && !"vfs".equals(storageDriver)) {
      return "Hint: overlay storage is not available here (a container, or no fuse-overlayfs); set storage-driver: vfs.";
    }
    return "";
  }

  /** Where a push by digest puts its OCI layout. */
  static Path layout(Path work) {
    return work.resolve("oci-layout");
  }

  private static Path digestFile(Path work) {
    return work.resolve("buildah-digest");
  }
}
