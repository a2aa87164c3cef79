package dev.bosun.deploy;

import dev.bosun.deploy.DeploymentLedger.PastDeployment;
import dev.bosun.deploy.config.BosunConfig;
import dev.bosun.deploy.config.EnvironmentSpec;
import dev.bosun.deploy.gate.Gates;
import dev.bosun.deploy.target.DeployTarget;
import dev.bosun.deploy.target.DeployTarget.Running;
import dev.bosun.support.BosunException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * "What is deployed where": the live image of every app from its target, matched to the GitHub
 * deployment that put that digest there (version, commit, when, who), the environment's own {@code
 * /api/version}, and a comparison of each environment with the one before it in the file (dev →
 * test → prod).
 */
public final class StatusService {

  private final Function<EnvironmentSpec, DeployTarget> targets;
  private final DeploymentLedger ledger;
  private final ImageInspector images;
  private final VersionProbe versions;

  public StatusService(
      Function<EnvironmentSpec, DeployTarget> targets,
      DeploymentLedger ledger,
      ImageInspector images,
      VersionProbe versions) {
    this.targets = targets;
    this.ledger = ledger;
    this.images = images;
    this.versions = versions;
  }

  public StatusResult status(BosunConfig config, Optional<EnvironmentSpec> only) {
    List<EnvironmentSpec> envs =
        only.map(List::of).orElse(List.copyOf(config.environments().values()));
    List<StatusResult.Row> rows = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    TreeSet<String> labels = new TreeSet<>();
    // every environment's target is opened (its inputs checked) before any is read, so a bad input
    // of
    // the last one is found before the first one is called (issue 19, item 8)
    Map<EnvironmentSpec, DeployTarget> opened = new java.util.LinkedHashMap<>();
    try {
      for (EnvironmentSpec env : envs) {
        try {
          opened.put(env, targets.apply(env));
        } catch (dev.bosun.support.BadInputException e) {
          throw e;
        } catch (BosunException e) {
          // a target that cannot even be opened must not hide the other environments
          problems.add(env.name() + ": " + e.getMessage());
        }
      }
      for (Map.Entry<EnvironmentSpec, DeployTarget> e : opened.entrySet()) {
        try {
          labels.add(e.getValue().placeLabel());
          rows(e.getKey(), e.getValue(), rows, problems);
        } catch (dev.bosun.support.BadInputException b) {
          throw b;
        } catch (BosunException b) {
          // one unreachable target (no SSH access) must not hide the other environments
          problems.add(e.getKey().name() + ": " + b.getMessage());
        }
      }
    } finally {
      opened.values().forEach(DeployTarget::close);
    }
    return new StatusResult(
        rows, compare(envs, rows), problems, labels.size() == 1 ? labels.first() : "runs as");
  }

  private void rows(
      EnvironmentSpec env,
      DeployTarget target,
      List<StatusResult.Row> rows,
      List<String> problems) {
    String live = env.url() == null ? "" : versions.describe(env.url());
    for (Map.Entry<String, String> app : env.apps().entrySet()) {
      Running state;
      try {
        state = target.running(app.getKey());
      } catch (BosunException e) {
        // one unreadable app (deleted, no access) must not hide what runs everywhere else
        problems.add(env.name() + "/" + app.getKey() + ": " + e.getMessage());
        rows.add(
            new StatusResult.Row(
                env.name(),
                app.getKey(),
                app.getValue(),
                "(unreadable)",
                "",
                "",
                "",
                "",
                "",
                "",
                live,
                ""));
        continue;
      }
      String image = state.image();
      String digest = target.artifactOf(state).orElse("");
      // labels are read from a registry, so only for what runs an image
      boolean isImage = target.artifactOf(state).equals(state.digest());
      Optional<PastDeployment> source =
          digest.isEmpty()
              ? Optional.empty()
              : ledger.lastSuccessful(
                  env.name(),
                  d ->
                      d.touched(app.getKey())
                          && d.digestFor(app.getKey()).filter(digest::equals).isPresent());
      String version =
          source
              .flatMap(
                  d ->
                      Optional.ofNullable(d.payload().get("version"))
                          .or(() -> Optional.ofNullable(d.payload().get("tag"))))
              .map(Object::toString)
              .orElseGet(() -> isImage ? label(image, Gates.VERSION_LABEL) : "");
      String sha =
          source
              .map(PastDeployment::sha)
              .orElseGet(() -> isImage ? label(image, "org.opencontainers.image.revision") : "");
      rows.add(
          new StatusResult.Row(
              env.name(),
              app.getKey(),
              app.getValue(),
              image,
              digest,
              version,
              sha,
              source
                  .map(d -> d.createdAt().toString())
                  .or(() -> state.since().map(Object::toString))
                  .orElse(""),
              source
                  .map(
                      d ->
                          Optional.ofNullable(d.payload().get("actor"))
                              .map(Object::toString)
                              .orElse(d.creator()))
                  .orElse(""),
              state.revision(),
              live,
              health(env, app.getKey(), target, state, problems)));
    }
  }

  /**
   * The controller's view (Argo CD, Flux); an unreachable controller is a problem line, not a
   * failed status.
   */
  private static String health(
      EnvironmentSpec env, String app, DeployTarget target, Running state, List<String> problems) {
    try {
      return target.health(state).orElse("");
    } catch (BosunException e) {
      problems.add(env.name() + "/" + app + " health: " + e.getMessage());
      return "(unreadable)";
    }
  }

  /**
   * Labels when the ledger does not know the digest (deployed by hand); best effort, as status must
   * not fail.
   */
  private String label(String image, String name) {
    try {
      return Optional.ofNullable(
              images.inspect(ImageRef.parse("image", image, null)).labels().get(name))
          .orElse("");
    } catch (BosunException e) {
      return "";
    }
  }

  /** Each environment against the one before it: same digest, or which versions differ. */
  static List<String> compare(List<EnvironmentSpec> envs, List<StatusResult.Row> rows) {
    List<String> out = new ArrayList<>();
    for (int i = 1; i < envs.size(); i++) {
      String upstream = envs.get(i - 1).name();
      String downstream = envs.get(i).name();
      for (StatusResult.Row down : rows) {
        if (!down.environment().equals(downstream)) {
          continue;
        }
        rows.stream()
            .filter(up -> up.environment().equals(upstream) && up.app().equals(down.app()))
            .findFirst()
            .ifPresent(
                up ->
                    out.add(
                        up.digest().equals(down.digest()) && !up.digest().isEmpty()
                            ? down.app()
                                + ": "
                                + downstream
                                + " runs the same image as "
                                + upstream
                                + " ("
                                + name(down)
                                + ")"
                            : down.app()
                                + ": "
                                + downstream
                                + " runs "
                                + name(down)
                                + ", "
                                + upstream
                                + " runs "
                                + name(up)));
      }
    }
    return out;
  }

  private static String name(StatusResult.Row r) {
    String digest =
        r.digest().isEmpty()
            ? r.image()
            : r.digest().substring(0, Math.min(19, r.digest().length()));
    return r.version().isEmpty() ? digest : r.version() + " " + digest;
  }
}
