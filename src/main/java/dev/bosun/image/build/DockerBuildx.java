package dev.bosun.image.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bosun.support.Json;
import dev.bosun.support.OutsideSystemException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code docker buildx build} through the runner's Docker socket: one command builds, tags and
 * (with {@code --push}) pushes every tag; {@code --metadata-file} reports the pushed digest. Build
 * secrets go in as {@code --secret id=…,env=…}, so only a variable name is in argv.
 */
public final class DockerBuildx implements ImageBuilder {

  private static final ObjectMapper JSON = Json.mapper();
  private final ProcessRunner runner;

  public DockerBuildx(ProcessRunner runner) {
    this.runner = runner;
  }

  @Override
  public String name() {
    return "docker";
  }

  @Override
  public List<List<String>> commands(BuildSpec spec, Path work) {
    BuildFeatures f = spec.features();
    List<List<String>> out = new ArrayList<>();
    String builder =
        switch (f.buildxBuilder()) {
          case BuildFeatures.AUTO -> needsContainerBuilder(spec) ? builderName(work) : null;
          case BuildFeatures.DEFAULT -> null;
          default -> f.buildxBuilder();
        };
    boolean create = builder != null && f.buildxBuilder().equals(BuildFeatures.AUTO);
    if (create) {
      // network=host: the builder reaches what the runner reaches, a registry on localhost included
      out.add(
          List.of(
              "docker",
              "buildx",
              "create",
              "--name",
              builder,
              "--driver",
              "docker-container",
              "--driver-opt",
              "network=host",
              "--bootstrap"));
    }
    List<String> argv = new ArrayList<>(List.of("docker", "buildx", "build"));
    if (builder != null) {
      argv.addAll(List.of("--builder", builder));
    }
    argv.add("--progress=plain");
    if (spec.file() != null) {
      argv.addAll(List.of("--file", spec.file().toString()));
    }
    if (spec.target() != null) {
      argv.addAll(List.of("--target", spec.target()));
    }
    if (!spec.platforms().isEmpty()) {
      argv.addAll(List.of("--platform", String.join(",", spec.platforms())));
    }
    if (f.noCache()) {
      argv.add("--no-cache");
    }
    if (f.pull()) {
      argv.add("--pull");
    }
    spec.buildArgs().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> argv.addAll(List.of("--build-arg", e.getKey() + "=" + e.getValue())));
    f.buildContexts().forEach(c -> argv.addAll(List.of("--build-context", c)));
    spec.secrets().keySet().stream()
        .sorted()
        .forEach(
            id ->
                argv.addAll(
                    List.of("--secret", "id=" + id + ",env=" + BuildSpec.secretVariable(id))));
    f.secretFiles()
        .forEach((id, path) -> argv.addAll(List.of("--secret", "id=" + id + ",src=" + path)));
    spec.labels().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> argv.addAll(List.of("--label", e.getKey() + "=" + e.getValue())));
    f.annotations().forEach(a -> argv.addAll(List.of("--annotation", a)));
    if (!f.sbom().isEmpty()) {
      argv.add("--sbom=" + f.sbom());
    }
    if (!f.provenance().isEmpty()) {
      argv.add("--provenance=" + f.provenance());
    }
    if (!f.pushByDigest()) {
      spec.tags().forEach(t -> argv.addAll(List.of("--tag", t.toString())));
    }
    spec.cacheFrom().forEach(c -> argv.addAll(List.of("--cache-from", c)));
    spec.cacheTo().forEach(c -> argv.addAll(List.of("--cache-to", c)));
    if (f.pushByDigest()) {
      // as docker/build-push-action's multi-platform recipe: no tag, the registry names it by
      // digest only
      argv.addAll(
          List.of(
              "--output",
              "type=image,name="
                  + spec.tags().get(0).name()
                  + ",push-by-digest=true,name-canonical=true,push=true"));
    } else if (spec.push()) {
      argv.add("--push");
    } else if (spec.platforms().size() <= 1) {
      // without an output buildx keeps the result only in its cache; --load makes it a local image
      argv.add("--load");
    }
    argv.addAll(List.of("--metadata-file", metadataFile(work).toString()));
    argv.add(spec.context().toString());
    out.add(argv);
    if (create) {
      out.add(List.of("docker", "buildx", "rm", builder));
    }
    return out;
  }

  /**
   * True when the daemon's default builder (the {@code docker} driver) cannot do the build: Docker
   * documents cache export other than inline, several platforms and attestations as needing another
   * driver unless the daemon uses the containerd image store, which a runner's daemon does not by
   * default.
   */
  static boolean needsContainerBuilder(BuildSpec spec) {
    BuildFeatures f = spec.features();
    boolean exportsCache =
        spec.cacheTo().stream().anyMatch(c -> !BuildOptions.cacheType(c).equals("inline"));
    boolean importsNonRegistry =
        spec.cacheFrom().stream()
            .map(BuildOptions::cacheType)
            .anyMatch(t -> !t.equals("registry") && !t.equals("inline"));
    return spec.platforms().size() > 1
        || exportsCache
        || importsNonRegistry
        || f.attests()
        || f.pushByDigest()
        || !f.annotations().isEmpty();
  }

  /**
   * One builder per run, named after its temp directory so two runs on one daemon never share it.
   */
  static String builderName(Path work) {
    return "bosun-" + Integer.toHexString(work.toString().hashCode());
  }

  @Override
  public BuildOutcome build(BuildSpec spec, Path work, Map<String, String> env) {
    Map<String, String> childEnv = new LinkedHashMap<>(env);
    childEnv.putAll(cacheEnvironment(spec, runner.environment()));
    spec.secrets().forEach((id, value) -> childEnv.put(BuildSpec.secretVariable(id), value));
    List<List<String>> commands = commands(spec, work);
    boolean create = commands.size() == 3;
    if (create) {
      runner.run(name(), "docker buildx create", commands.get(0), env);
    }
    try {
      runner.run(name(), "docker buildx build", commands.get(create ? 1 : 0), childEnv);
    } catch (OutsideSystemException e) {
      String hint = hint(e.getMessage());
      if (hint.isEmpty()) {
        throw e;
      }
      throw new OutsideSystemException(name(), e.getMessage() + "\n" + hint, e);
    } finally {
      if (create) {
        removeBuilder(commands.get(2), env);
      }
    }
    if (!spec.push()) {
      return new BuildOutcome(null, List.of());
    }
    return new BuildOutcome(
        digest(metadataFile(work)), spec.features().pushByDigest() ? List.of() : spec.tags());
  }

  /**
   * Removing the run's builder must never hide the build's own result; a leftover dies with the
   * runner's VM.
   */
  private void removeBuilder(List<String> argv, Map<String, String> env) {
    try {
      runner.run(name(), "docker buildx rm", argv, env);
    } catch (OutsideSystemException ignored) {
      // already logged line by line by the runner
    }
  }

  /**
   * What buildx needs for {@code type=gha}: it fills the cache's url and token from {@code
   * ACTIONS_CACHE_URL}, {@code ACTIONS_RESULTS_URL} and {@code ACTIONS_RUNTIME_TOKEN} in its own
   * environment, as docker/build-push-action relies on. The runner gives a container action those
   * but never {@code ACTIONS_CACHE_SERVICE_V2} (only node actions get it: actions/runner
   * ContainerActionHandler.cs against NodeScriptActionHandler.cs), so where the v2 service's URL
   * exists bosun sets it, or buildx would speak the v1 protocol GitHub retired in 2025. A cache
   * line with its own {@code version=1} still wins (buildx reads the variable only when the line
   * has no version).
   */
  static Map<String, String> cacheEnvironment(BuildSpec spec, Map<String, String> runnerEnv) {
    boolean gha =
        java.util.stream.Stream.concat(spec.cacheFrom().stream(), spec.cacheTo().stream())
            .anyMatch(c -> BuildOptions.cacheType(c).equals("gha"));
    Map<String, String> out = new LinkedHashMap<>();
    if (!gha) {
      return out;
    }
    for (String name :
        List.of(
            "ACTIONS_RUNTIME_TOKEN",
            "ACTIONS_CACHE_URL",
            "ACTIONS_RESULTS_URL",
            "ACTIONS_CACHE_SERVICE_V2")) {
      String v = runnerEnv.get(name);
      if (v != null && !v.isEmpty()) {
        out.put(name, v);
      }
    }
    if (!out.containsKey("ACTIONS_CACHE_SERVICE_V2") && out.containsKey("ACTIONS_RESULTS_URL")) {
      out.put("ACTIONS_CACHE_SERVICE_V2", "true");
    }
    return out;
  }

  /** What to do about the failures that are not the Dockerfile's fault. */
  static String hint(String failure) {
    String f = failure.toLowerCase(java.util.Locale.ROOT);
    if (f.contains("permission denied") && f.contains("docker.sock")) {
      return "Hint: this user may not use the Docker socket. Run the step as a user in the socket's group, or use "
          + "builder: buildah.";
    }
    if (f.contains("cannot connect to the docker daemon")) {
      return "Hint: no Docker daemon is reachable. On GitHub-hosted runners the socket is mounted into the action; "
          + "elsewhere set DOCKER_HOST, or use builder: buildah.";
    }
    if (f.contains("is not a docker command")
        || f.contains("unknown flag: --progress")
        || f.contains("unknown command") && f.contains("buildx")) {
      return "Hint: the docker CLI has no buildx plugin. Install docker-buildx (Debian) or docker-buildx-plugin "
          + "(Docker's packages).";
    }
    return "";
  }

  private static Path metadataFile(Path work) {
    return work.resolve("buildx-metadata.json");
  }

  static String digest(Path metadata) {
    try {
      JsonNode json = JSON.readTree(Files.readAllBytes(metadata));
      String digest = json.path("containerimage.digest").asText("");
      if (digest.isEmpty()) {
        throw new OutsideSystemException(
            "docker",
            "docker buildx wrote no containerimage.digest to "
                + metadata
                + "; is the buildx plugin older than 0.6?");
      }
      return digest;
    } catch (IOException e) {
      throw new OutsideSystemException(
          "docker", "docker buildx wrote no metadata file " + metadata + ": " + e.getMessage(), e);
    }
  }
}
