package dev.bosun.deploy.kubernetes;

import dev.bosun.actions.Log;
import dev.bosun.deploy.config.EnvironmentSpec;
import dev.bosun.deploy.target.DeployTarget;
import dev.bosun.deploy.target.TargetContext;
import dev.bosun.deploy.target.TargetKind;
import dev.bosun.support.BadInputException;
import dev.bosun.support.CheckFailedException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Kubernetes Deployments as a deploy target, driven as kubectl would: a rollout is {@code set
 * image} to the digest then {@code rollout status}; a restore is {@code rollout undo} to the
 * previous ReplicaSet's template.
 */
public final class KubernetesTarget implements DeployTarget {

  private final String namespace;
  private final Map<String, AppRef> apps;
  private final Rollouts rollouts;
  private final Log log;

  KubernetesTarget(String namespace, Map<String, AppRef> apps, Rollouts rollouts, Log log) {
    this.namespace = namespace;
    this.apps = apps;
    this.rollouts = rollouts;
    this.log = log;
  }

  /**
   * {@code target: kubernetes}: namespace; apps map keys to {@code deployment/NAME[:CONTAINER]}.
   */
  public static final class Kind implements TargetKind<KubernetesSettings> {

    public static final String NAME = "kubernetes";
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public Class<KubernetesSettings> settings() {
      return KubernetesSettings.class;
    }

    @Override
    public void validate(
        String at, KubernetesSettings s, EnvironmentSpec env, List<String> problems) {
      if (s.namespace() == null || s.namespace().isBlank()) {
        problems.add(
            "'"
                + at
                + ".namespace' is missing: name the namespace of the environment's Deployments");
      } else if (!NAMESPACE.matcher(s.namespace()).matches()) {
        problems.add(
            "'"
                + at
                + ".namespace' is '"
                + s.namespace()
                + "'; a namespace is lower-case letters, digits "
                + "and '-' (at most 63)");
      }
      env.apps()
          .forEach(
              (key, value) -> {
                try {
                  AppRef.parse(at + ".apps." + key, value);
                } catch (BadInputException e) {
                  problems.add(e.getMessage());
                }
              });
    }

    @Override
    public DeployTarget open(EnvironmentSpec env, KubernetesSettings s, TargetContext c) {
      KubeClients clients = c.client(KubeClients.class);
      Kubeconfig config = clients.config(c.input("kubeconfig"), c.log(), "for target kubernetes");
      Map<String, AppRef> apps = new java.util.LinkedHashMap<>();
      env.apps()
          .forEach(
              (k, v) -> apps.put(k, AppRef.parse("environments." + env.name() + ".apps." + k, v)));
      Rollouts rollouts =
          new Rollouts(
              clients.api(config, c.log()),
              c.clock(),
              c.sleeper(),
              c.log()::info,
              new Rollouts.Polling(c.polling().first(), c.polling().progressEvery()));
      return new KubernetesTarget(s.namespace(), apps, rollouts, c.log());
    }
  }

  @Override
  public String placeLabel() {
    return "deployment";
  }

  @Override
  public Running running(String key) {
    AppRef ref = apps.get(key);
    Rollouts.Live live = rollouts.live(namespace, ref);
    return new Running(
        key,
        ref.deployment(),
        "namespace "
            + namespace
            + ", deployment "
            + ref.deployment()
            + " (container "
            + live.container()
            + "; "
            + live.state().message()
            + ")",
        live.image(),
        live.revision().map(r -> "revision " + r).orElse(""),
        Optional.empty(),
        live);
  }

  @Override
  public String plan(Running now, String pinned) {
    Rollouts.Live live = (Rollouts.Live) now.state();
    return now.image().equals(pinned)
        ? ""
        : "set the image of container "
            + live.container()
            + " (as kubectl set "
            + "image does) and wait for the rollout";
  }

  @Override
  public Serving rollOut(Running before, String pinned, String digest, Duration timeout) {
    AppRef ref = apps.get(before.key());
    log.info(
        before.key()
            + ": "
            + ref
            + " in namespace "
            + namespace
            + ": "
            + before.image()
            + " -> "
            + pinned);
    rollouts.setImage(namespace, ref, pinned);
    return serving(before.key(), ref, pinned, timeout);
  }

  /**
   * {@code kubectl rollout undo} when this run changed the Deployment; else the image before is set
   * again.
   */
  @Override
  public Serving restore(
      Running before, Running now, Optional<Serving> attempted, Duration timeout) {
    AppRef ref = apps.get(before.key());
    if (now.image().equals(before.image())) {
      return new Serving(before.key(), now.image(), now.revision(), Optional.empty(), "unchanged");
    }
    String undone = rollouts.undo(namespace, ref);
    if (!undone.equals(before.image())) {
      // the previous ReplicaSet is not what ran before (someone deployed in between): put that
      // image back instead
      log.info(
          before.key()
              + ": the previous ReplicaSet runs "
              + undone
              + ", not "
              + before.image()
              + "; setting that image again");
      rollouts.setImage(namespace, ref, before.image());
    }
    return serving(before.key(), ref, before.image(), timeout);
  }

  private Serving serving(String key, AppRef ref, String image, Duration timeout) {
    Deployment d = rollouts.waitRolledOut(namespace, ref, timeout);
    String container = Rollouts.container(d, ref);
    String runs = d.containers().get(container);
    if (!image.equals(runs)) {
      throw new CheckFailedException(
          "revision",
          key
              + ": "
              + ref
              + " rolled out '"
              + runs
              + "', not "
              + image
              + ". Another deploy may have changed it at the same time; run deploy-env again.");
    }
    String revision = d.revision().map(r -> "revision " + r).orElse("");
    return new Serving(
        key,
        image,
        revision,
        Optional.of(revision).filter(r -> !r.isEmpty()),
        d.availableReplicas()
            + "/"
            + d.specReplicas().orElse(d.availableReplicas())
            + " available");
  }
}
