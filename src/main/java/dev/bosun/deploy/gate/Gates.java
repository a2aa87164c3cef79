package dev.bosun.deploy.gate;

import dev.bosun.deploy.config.DeployWindow;
import dev.bosun.deploy.config.EnvironmentSpec;
import dev.bosun.image.Semver;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The promotion rules as pure functions of an environment and {@link GateFacts}. Each one fails
 * closed: a fact that could not be had is a refusal, and every refusal says what to change.
 */
public final class Gates {

  public static final String PROTECTED = "protected";
  public static final String REVIEWERS = "reviewers";
  public static final String PROMOTE_FROM = "promote-from";
  public static final String TAGS_ONLY = "tags-only";
  public static final String WINDOWS = "windows";
  public static final String PROVENANCE = "provenance";

  /** The label build-tag-push sets to the environment an image was built for. */
  public static final String BUILD_ENVIRONMENT_LABEL = "dev.bosun.build-environment";

  /** The OCI revision label: the full commit SHA the image was built from. */
  public static final String REVISION_LABEL = "org.opencontainers.image.revision";

  /** The OCI version label, compared with the release tag. */
  public static final String VERSION_LABEL = "org.opencontainers.image.version";

  private Gates() {}

  /** Which gates a deploy of {@code apps} to {@code env} runs, in the order they are reported. */
  public static List<String> forDeploy(EnvironmentSpec env, Collection<String> apps) {
    List<String> gates = new ArrayList<>();
    add(gates, PROTECTED, env.isProtected());
    add(gates, REVIEWERS, env.requireReviewers());
    add(gates, PROMOTE_FROM, !env.promoteFrom().isEmpty());
    add(gates, TAGS_ONLY, env.tagsOnly());
    add(gates, WINDOWS, !env.windows().isEmpty());
    add(gates, PROVENANCE, promotesByCommit(env, apps));
    return List.copyOf(gates);
  }

  /**
   * A rollback redeploys what already ran here, so promote-from, tags-only and provenance do not
   * apply.
   */
  public static List<String> forRollback(EnvironmentSpec env) {
    List<String> gates = new ArrayList<>();
    add(gates, PROTECTED, env.isProtected());
    add(gates, REVIEWERS, env.requireReviewers());
    add(gates, WINDOWS, !env.windows().isEmpty());
    return List.copyOf(gates);
  }

  private static void add(List<String> gates, String gate, boolean when) {
    if (when) {
      gates.add(gate);
    }
  }

  public static List<GateResult> evaluate(
      List<String> gates, EnvironmentSpec env, Collection<String> apps, GateFacts facts) {
    return gates.stream()
        .map(
            g ->
                switch (g) {
                  case PROTECTED -> protectedEnvironment(env, facts);
                  case REVIEWERS -> reviewers(env, facts);
                  case PROMOTE_FROM -> promoteFrom(env, apps, facts);
                  case TAGS_ONLY -> tagsOnly(facts);
                  case WINDOWS -> windows(env, facts);
                  case PROVENANCE -> provenance(env, apps, facts);
                  default -> throw new IllegalArgumentException("unknown gate " + g);
                })
        .toList();
  }

  static GateResult protectedEnvironment(EnvironmentSpec env, GateFacts facts) {
    String fix =
        "add 'permissions: id-token: write' and 'environment: "
            + env.name()
            + "' to the deploying job";
    if (!facts.oidcAvailable()) {
      return GateResult.refuse(
          PROTECTED,
          "Environment '"
              + env.name()
              + "' is protected, and this job has no OIDC "
              + "token to prove it runs in the GitHub environment '"
              + env.name()
              + "': "
              + fix
              + ".");
    }
    Optional<String> bound = facts.jobEnvironment();
    if (bound.isEmpty()) {
      return GateResult.refuse(
          PROTECTED,
          "Environment '"
              + env.name()
              + "' is protected, and this job is not bound to "
              + "a GitHub environment (its OIDC token has no 'environment' claim): add 'environment: "
              + env.name()
              + "' to the deploying job.");
    }
    if (!bound.get().equals(env.name())) {
      return GateResult.refuse(
          PROTECTED,
          "Environment '"
              + env.name()
              + "' is protected, and this job is bound to the "
              + "GitHub environment '"
              + bound.get()
              + "': set 'environment: "
              + env.name()
              + "' on the deploying job.");
    }
    return GateResult.pass(
        PROTECTED, "job is bound to GitHub environment '" + env.name() + "' (OIDC claim)");
  }

  static GateResult reviewers(EnvironmentSpec env, GateFacts facts) {
    String settings = "Settings > Environments > " + env.name() + " > Required reviewers";
    return switch (facts.reviewers().orElse(ReviewerRule.NO_SUCH_ENVIRONMENT)) {
      case REQUIRED ->
          GateResult.pass(REVIEWERS, "GitHub environment '" + env.name() + "' requires reviewers");
      case NOT_REQUIRED ->
          GateResult.refuse(
              REVIEWERS,
              "GitHub environment '"
                  + env.name()
                  + "' has no required "
                  + "reviewers, and the environments file sets require-reviewers: true. Add reviewers in "
                  + settings
                  + ".");
      case NO_SUCH_ENVIRONMENT ->
          GateResult.refuse(
              REVIEWERS,
              "The repository has no GitHub environment '"
                  + env.name()
                  + "' with required reviewers. Create it and add reviewers in "
                  + settings
                  + ".");
    };
  }

  /**
   * Whether promote-from looks for the same commit rather than the same digest: when an app of this
   * deploy is built per environment, its image for {@code env} is a build of its own that never ran
   * upstream, so what upstream proved is the commit (the revision label), deployed there in that
   * environment's own build.
   */
  public static boolean promotesByCommit(EnvironmentSpec env, Collection<String> apps) {
    return apps.stream().anyMatch(env.buildPerEnvironment()::contains);
  }

  /**
   * The apps of this deploy that are built per environment, which an upstream deployment must have
   * included.
   */
  public static List<String> builtPerEnvironment(EnvironmentSpec env, Collection<String> apps) {
    return apps.stream().filter(env.buildPerEnvironment()::contains).toList();
  }

  static GateResult promoteFrom(EnvironmentSpec env, Collection<String> apps, GateFacts facts) {
    boolean byCommit = promotesByCommit(env, apps);
    String perEnv = String.join(", ", builtPerEnvironment(env, apps));
    Optional<String> commit =
        Optional.ofNullable(facts.labels().get(REVISION_LABEL)).filter(s -> !s.isBlank());
    if (byCommit && commit.isEmpty()) {
      return GateResult.refuse(
          PROMOTE_FROM,
          perEnv
              + " is built per environment, so promote-from looks for the same "
              + "commit, and the image has no '"
              + REVISION_LABEL
              + "' label to say which. Build it with build-tag-push, "
              + "which sets the label.");
    }
    List<String> missing = new ArrayList<>();
    List<String> found = new ArrayList<>();
    for (String upstream : env.promoteFrom()) {
      Optional<Long> id = facts.promotedDigests().getOrDefault(upstream, Optional.empty());
      if (id.isPresent()) {
        found.add(upstream + " (deployment " + id.get() + ")");
      } else {
        missing.add(upstream);
      }
    }
    if (byCommit) {
      String shortCommit = commit.get().substring(0, Math.min(7, commit.get().length()));
      if (!missing.isEmpty()) {
        return GateResult.refuse(
            PROMOTE_FROM,
            perEnv
                + " is built per environment, so promote-from looks for the "
                + "same commit, not the same digest: commit "
                + shortCommit
                + " (the image's "
                + REVISION_LABEL
                + " label) has no successful deployment of "
                + perEnv
                + " in "
                + String.join(", ", missing)
                + ". Deploy "
                + perEnv
                + " at this commit to "
                + String.join(" and ", missing)
                + " first (built for "
                + String.join(" and ", missing)
                + "; it must succeed there), then promote it to "
                + env.name()
                + ".");
      }
      return GateResult.pass(
          PROMOTE_FROM,
          "same commit "
              + shortCommit
              + " of "
              + perEnv
              + " succeeded in "
              + String.join(", ", found));
    }
    if (!missing.isEmpty()) {
      return GateResult.refuse(
          PROMOTE_FROM,
          "Digest "
              + facts.digest()
              + " has no successful deployment in "
              + String.join(", ", missing)
              + ". Deploy this same image to "
              + String.join(" and ", missing)
              + " first (it must succeed there), then promote it to "
              + env.name()
              + ".");
    }
    return GateResult.pass(PROMOTE_FROM, "same digest succeeded in " + String.join(", ", found));
  }

  static GateResult tagsOnly(GateFacts facts) {
    String ref = facts.ref();
    String tag = ref.startsWith("refs/tags/") ? ref.substring("refs/tags/".length()) : ref;
    Optional<Semver> release = tag.startsWith("refs/") ? Optional.empty() : Semver.parse(tag);
    if (release.isEmpty()) {
      return GateResult.refuse(
          TAGS_ONLY,
          "Ref '"
              + facts.ref()
              + "' is not a release tag. This environment takes "
              + "only release tags vX.Y.Z: run the workflow from a tag (git tag -a v1.2.3 && git push origin v1.2.3) or "
              + "pass 'ref: v1.2.3'.");
    }
    String version = release.get().version();
    String label = facts.labels().get(VERSION_LABEL);
    if (label == null) {
      return GateResult.refuse(
          TAGS_ONLY,
          "The image has no '"
              + VERSION_LABEL
              + "' label to match tag v"
              + version
              + ". Build it with build-tag-push from that tag, which sets the label.");
    }
    String labelVersion = label.startsWith("v") ? label.substring(1) : label;
    if (!labelVersion.equals(version)) {
      return GateResult.refuse(
          TAGS_ONLY,
          "The image was built as version '"
              + label
              + "', and the ref is tag v"
              + version
              + ". Deploy the image built from v"
              + version
              + ".");
    }
    return GateResult.pass(TAGS_ONLY, "tag v" + version + " matches the image's version label");
  }

  static GateResult windows(EnvironmentSpec env, GateFacts facts) {
    List<DeployWindow> windows = env.deployWindows();
    Optional<DeployWindow> open = windows.stream().filter(w -> w.contains(facts.now())).findFirst();
    if (open.isPresent()) {
      return GateResult.pass(WINDOWS, "inside window '" + open.get() + "'");
    }
    String list = String.join("', '", windows.stream().map(DeployWindow::toString).toList());
    String nowText = windows.get(0).localTime(facts.now());
    if (facts.overrideReason().isPresent()) {
      return GateResult.pass(
          WINDOWS,
          "outside '" + list + "' (" + nowText + "), overridden: " + facts.overrideReason().get());
    }
    return GateResult.refuse(
        WINDOWS,
        "It is "
            + nowText
            + ", outside the deploy windows of '"
            + env.name()
            + "' ('"
            + list
            + "'). Deploy inside a window, or set 'override-window' to the reason for deploying now; "
            + "the reason is recorded in the deployment.");
  }

  static GateResult provenance(EnvironmentSpec env, Collection<String> apps, GateFacts facts) {
    List<String> checked = builtPerEnvironment(env, apps);
    String built = facts.labels().get(BUILD_ENVIRONMENT_LABEL);
    if (built == null) {
      return GateResult.refuse(
          PROVENANCE,
          String.join(", ", checked)
              + " must be built for '"
              + env.name()
              + "', and the image has no '"
              + BUILD_ENVIRONMENT_LABEL
              + "' label. Build it with build-tag-push and "
              + "'build-environment: "
              + env.name()
              + "'.");
    }
    if (!built.equals(env.name())) {
      return GateResult.refuse(
          PROVENANCE,
          String.join(", ", checked)
              + " must be built for '"
              + env.name()
              + "', and this image was built for '"
              + built
              + "' (build-time settings such as NEXT_PUBLIC_* are baked in)."
              + " Build an image with 'build-environment: "
              + env.name()
              + "' and deploy that one.");
    }
    return GateResult.pass(
        PROVENANCE,
        "image was built for '" + env.name() + "' (" + String.join(", ", checked) + ")");
  }
}
