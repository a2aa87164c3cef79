package dev.bosun.deploy.target;

import dev.bosun.deploy.azure.ContainerAppsTarget;
import dev.bosun.deploy.compose.ComposeKind;
import dev.bosun.deploy.config.EnvironmentSpec;
import dev.bosun.deploy.gitops.GitOpsTarget;
import dev.bosun.deploy.kubernetes.KubernetesTarget;
import dev.bosun.deploy.railway.RailwayTarget;
import dev.bosun.deploy.vercel.VercelTarget;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The deploy targets bosun knows, by their {@code target:} name. A new target is one line in {@link
 * #STANDARD}.
 */
public final class Targets {

  /** Every target bosun ships. */
  public static final Targets STANDARD =
      new Targets(
          List.of(
              new ContainerAppsTarget.Kind(),
              new ComposeKind(),
              new RailwayTarget.Kind(),
              new VercelTarget.Kind(),
              new GitOpsTarget.Kind(),
              new KubernetesTarget.Kind()));

  private final Map<String, TargetKind<?>> kinds = new LinkedHashMap<>();

  public Targets(List<TargetKind<?>> kinds) {
    kinds.forEach(k -> this.kinds.put(k.name(), k));
  }

  public Optional<TargetKind<?>> kind(String name) {
    return Optional.ofNullable(kinds.get(name));
  }

  public List<String> names() {
    return List.copyOf(kinds.keySet());
  }

  public List<TargetKind<?>> all() {
    return List.copyOf(kinds.values());
  }

  /** Opens {@code env}'s target for this run. */
  public DeployTarget open(EnvironmentSpec env, TargetContext context) {
    return open(kinds.get(env.target()), env, context);
  }

  private static <S extends Record> DeployTarget open(
      TargetKind<S> kind, EnvironmentSpec env, TargetContext context) {
    return kind.open(env, env.settings(kind.settings()), context);
  }
}
