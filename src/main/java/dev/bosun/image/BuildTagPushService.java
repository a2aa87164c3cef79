package dev.bosun.image;

import dev.bosun.image.build.BuildOutcome;
import dev.bosun.image.build.BuildSpec;
import dev.bosun.image.build.ImageBuilder;
import dev.bosun.image.build.ProcessRunner;
import dev.bosun.image.login.AuthFile;
import dev.bosun.image.promote.IndexMerger;
import dev.bosun.image.promote.Promoter;
import dev.bosun.image.promote.Promotion;
import dev.bosun.image.registry.ImageReference;
import dev.bosun.image.registry.MediaTypes;
import dev.bosun.image.registry.OciLayout;
import dev.bosun.image.registry.RegistryCredential;
import dev.bosun.support.OutsideSystemException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Builds, tags, labels and pushes an image, or promotes an existing one by digest. A dry run
 * returns the plan and touches nothing: no process, no registry call, no login.
 */
public final class BuildTagPushService {

  private final ImageSystems systems;
  private final Consumer<String> log;

  public BuildTagPushService(ImageSystems systems, Consumer<String> log) {
    this.systems = systems;
    this.log = log;
  }

  public BuildTagPushResult run(BuildTagPushRequest request) {
    return switch (request.mode()) {
      case BUILD -> build(request);
      case PROMOTE -> promote(request);
      case MERGE -> merge(request);
    };
  }

  private BuildTagPushResult build(BuildTagPushRequest request) {
    BuildSpec spec = request.build();
    ImageBuilder builder = builder(request.builder());
    ImageReference image = request.plan().image();
    List<String> plan = new ArrayList<>();
    if (spec.push()) {
      plan.add(
          "login "
              + image.registry()
              + ": "
              + systems.login().describe(image.registry())
              + (systems.login().logsIn(image.registry())
                  ? " (in a temporary docker config, removed afterwards)"
                  : ""));
    }
    systems.extraRegistries().stream()
        .filter(r -> !spec.push() || !r.equals(image.registry()))
        .forEach(
            r ->
                plan.add(
                    "login "
                        + r
                        + ": "
                        + systems.login().describe(r)
                        + " (for the builder's pulls)"));
    boolean dry = request.dryRun();
    Path work = dry ? Path.of(System.getProperty("java.io.tmpdir"), "bosun-build-XXXX") : tempDir();
    for (List<String> argv : builder.commands(spec, work)) {
      plan.add("$ " + ProcessRunner.display(argv));
    }
    boolean byDigest = spec.features().pushByDigest();
    List<ImageReference> rest =
        spec.push() && !byDigest
            ? spec.tags().subList(builderPushes(builder, spec), spec.tags().size())
            : List.of();
    if (!rest.isEmpty()) {
      plan.add(
          "tag through the registry API (same digest): "
              + rest.stream().map(ImageReference::toString).toList());
    }
    if (byDigest && builder.name().equals("buildah")) {
      plan.add(
          "upload the OCI layout to "
              + image.name()
              + " by digest through the registry API (no tag)");
    }
    List<ImageReference> tagged = byDigest ? List.of() : spec.tags();
    if (dry) {
      return new BuildTagPushResult(
          Mode.BUILD,
          true,
          image,
          Optional.empty(),
          tagged,
          request.labels(),
          plan,
          Optional.empty(),
          Optional.empty());
    }
    try {
      Map<String, RegistryCredential> logins = new LinkedHashMap<>();
      if (spec.push()) {
        systems
            .login()
            .forRegistry(image.registry())
            .ifPresent(c -> logins.put(image.registry(), c));
      }
      // private base images: the builder pulls them with the same temporary config
      systems
          .extraRegistries()
          .forEach(r -> systems.login().forRegistry(r).ifPresent(c -> logins.putIfAbsent(r, c)));
      BuildOutcome outcome;
      if (logins.isEmpty()) {
        outcome = builder.build(spec, work, Map.of());
      } else {
        try (AuthFile auth = AuthFile.create(logins, systems.dockerConfig())) {
          outcome = builder.build(spec, work, auth.environment());
        }
      }
      if (outcome.layout() != null) {
        String pushed = new OciLayout(systems.registry()).push(outcome.layout(), image);
        log.accept("Pushed " + image.name() + "@" + pushed + " (by digest, no tag)");
      }
      if (!rest.isEmpty()) {
        new Promoter(systems.registry(), log).promote(image.withDigest(outcome.digest()), rest);
      }
      return new BuildTagPushResult(
          Mode.BUILD,
          false,
          image,
          Optional.ofNullable(outcome.digest()),
          tagged,
          request.labels(),
          plan,
          Optional.empty(),
          Optional.empty());
    } finally {
      delete(work);
    }
  }

  private BuildTagPushResult promote(BuildTagPushRequest request) {
    ImageReference source = request.source();
    List<ImageReference> targets = request.plan().references();
    List<String> plan = new ArrayList<>();
    plan.add("login " + source.registry() + ": " + systems.login().describe(source.registry()));
    if (!source.registry().equals(request.plan().image().registry())) {
      plan.add(
          "login "
              + request.plan().image().registry()
              + ": "
              + systems.login().describe(request.plan().image().registry()));
    }
    plan.add(
        "GET manifest " + source + " (Accept: " + String.join(", ", MediaTypes.MANIFESTS) + ")");
    ImageReference target = request.plan().image();
    if (!target.sameRepository(source)) {
      plan.add(
          (target.registry().equals(source.registry())
                  ? "mount blobs from " + source.repository() + " into "
                  : "copy blobs from " + source.name() + " to ")
              + target.name()
              + " (and child manifests, if it is an index)");
    }
    targets.forEach(t -> plan.add("PUT manifest " + t + " (same bytes, same digest)"));
    if (request.dryRun()) {
      return new BuildTagPushResult(
          Mode.PROMOTE,
          true,
          target,
          Optional.ofNullable(source.digest()),
          targets,
          Map.of(),
          plan,
          Optional.of(source),
          Optional.empty());
    }
    Promotion promotion = new Promoter(systems.registry(), log).promote(source, targets);
    Map<String, String> labels = systems.registry().labels(source.withDigest(promotion.digest()));
    return new BuildTagPushResult(
        Mode.PROMOTE,
        false,
        target,
        Optional.of(promotion.digest()),
        targets,
        labels,
        plan,
        Optional.of(source),
        Optional.of(promotion));
  }

  private BuildTagPushResult merge(BuildTagPushRequest request) {
    ImageReference target = request.plan().image();
    List<ImageReference> targets = request.plan().references();
    List<String> plan = new ArrayList<>();
    plan.add("login " + target.registry() + ": " + systems.login().describe(target.registry()));
    request.sources().stream()
        .map(ImageReference::registry)
        .distinct()
        .filter(r -> !r.equals(target.registry()))
        .forEach(r -> plan.add("login " + r + ": " + systems.login().describe(r)));
    request
        .sources()
        .forEach(
            s ->
                plan.add(
                    "GET manifest "
                        + s
                        + " and its config (platform)"
                        + (s.sameRepository(target)
                            ? ""
                            : "; mount or copy it into " + target.name())));
    plan.add("make one OCI index of them (no pull, no rebuild)");
    targets.forEach(t -> plan.add("PUT index " + t));
    if (request.dryRun()) {
      return new BuildTagPushResult(
          Mode.MERGE,
          true,
          target,
          Optional.empty(),
          targets,
          Map.of(),
          plan,
          Optional.empty(),
          Optional.empty());
    }
    IndexMerger.Merge merge =
        new IndexMerger(systems.registry(), log).merge(request.sources(), targets);
    Map<String, String> labels = systems.registry().labels(target.withDigest(merge.digest()));
    return new BuildTagPushResult(
        Mode.MERGE,
        false,
        target,
        Optional.of(merge.digest()),
        targets,
        labels,
        plan,
        Optional.empty(),
        Optional.empty(),
        merge.platforms());
  }

  /**
   * docker pushes every tag itself; buildah pushes the first and the rest are tagged through the
   * registry API.
   */
  private static int builderPushes(ImageBuilder builder, BuildSpec spec) {
    return builder.name().equals("docker") ? spec.tags().size() : 1;
  }

  private ImageBuilder builder(String name) {
    ImageBuilder builder = systems.builders().get(name);
    if (builder == null) {
      throw new IllegalStateException("no builder " + name);
    }
    return builder;
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("bosun-build-");
    } catch (IOException e) {
      throw new OutsideSystemException(
          "runner", "Cannot create a temporary directory: " + e.getMessage(), e);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException ignored) {
      // only metadata files; the OS cleans temp eventually
    }
  }
}
