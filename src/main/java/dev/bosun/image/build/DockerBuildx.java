package dev.bosun.image.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bosun.support.OutsideSystemException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code docker buildx build} through the runner's Docker socket: one command builds, tags and (with {@code --push})
 * pushes every tag; {@code --metadata-file} reports the pushed digest. Build secrets go in as
 * {@code --secret id=…,env=…}, so only a variable name is in argv.
 */
public final class DockerBuildx implements ImageBuilder {

  private static final ObjectMapper JSON = new ObjectMapper();
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
    List<String> argv = new ArrayList<>(List.of("docker", "buildx", "build", "--progress=plain"));
    if (spec.file() != null) {
      argv.addAll(List.of("--file", spec.file().toString()));
    }
    if (spec.target() != null) {
      argv.addAll(List.of("--target", spec.target()));
    }
    if (!spec.platforms().isEmpty()) {
      argv.addAll(List.of("--platform", String.join(",", spec.platforms())));
    }
    spec.buildArgs().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> argv.addAll(List.of("--build-arg", e.getKey() + "=" + e.getValue())));
    spec.secrets().keySet().stream().sorted()
        .forEach(id -> argv.addAll(List.of("--secret", "id=" + id + ",env=" + BuildSpec.secretVariable(id))));
    spec.labels().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> argv.addAll(List.of("--label", e.getKey() + "=" + e.getValue())));
    spec.tags().forEach(t -> argv.addAll(List.of("--tag", t.toString())));
    spec.cacheFrom().forEach(c -> argv.addAll(List.of("--cache-from", c)));
    spec.cacheTo().forEach(c -> argv.addAll(List.of("--cache-to", c)));
    if (spec.push()) {
      argv.add("--push");
    } else if (spec.platforms().size() <= 1) {
      // without an output buildx keeps the result only in its cache; --load makes it a local image
      argv.add("--load");
    }
    argv.addAll(List.of("--metadata-file", metadataFile(work).toString()));
    argv.add(spec.context().toString());
    return List.of(argv);
  }

  @Override
  public BuildOutcome build(BuildSpec spec, Path work, Map<String, String> env) {
    Map<String, String> childEnv = new LinkedHashMap<>(env);
    spec.secrets().forEach((id, value) -> childEnv.put(BuildSpec.secretVariable(id), value));
    try {
      runner.run(name(), "docker buildx build", commands(spec, work).get(0), childEnv);
    } catch (OutsideSystemException e) {
      String hint = hint(e.getMessage());
      if (hint.isEmpty()) {
        throw e;
      }
      throw new OutsideSystemException(name(), e.getMessage() + "\n" + hint, e);
    }
    if (!spec.push()) {
      return new BuildOutcome(null, List.of());
    }
    return new BuildOutcome(digest(metadataFile(work)), spec.tags());
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
    if (f.contains("is not a docker command") || f.contains("unknown flag: --progress")
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
        throw new OutsideSystemException("docker", "docker buildx wrote no containerimage.digest to " + metadata
            + "; is the buildx plugin older than 0.6?");
      }
      return digest;
    } catch (IOException e) {
      throw new OutsideSystemException("docker", "docker buildx wrote no metadata file " + metadata + ": "
          + e.getMessage(), e);
    }
  }

}
