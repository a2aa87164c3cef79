package dev.bosun.deploy.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bosun.support.BadInputException;
import dev.bosun.support.CheckFailedException;
import dev.bosun.support.Durations;
import dev.bosun.support.OutsideSystemException;
import dev.bosun.support.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What kubectl does for a deploy, over {@link KubeApi}: {@code set image}, {@code rollout status}
 * and {@code rollout undo}, one Deployment at a time.
 */
public final class Rollouts {

  private final KubeApi api;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Consumer<String> log;
  private final Polling polling;

  /** How often a rollout is polled, and how often its progress is logged. */
  public record Polling(Duration every, Duration progressEvery) {
    public static Polling standard() {
      return new Polling(Duration.ofSeconds(2), Duration.ofSeconds(15));
    }
  }

  /**
   * A Deployment as it runs now: the container the app deploys, its image and the rollout's state.
   */
  public record Live(
      AppRef ref, String container, String image, RolloutState state, Optional<Long> revision) {}

  public Rollouts(
      KubeApi api, Clock clock, Sleeper sleeper, Consumer<String> log, Polling polling) {
    this.api = api;
    this.clock = clock;
    this.sleeper = sleeper;
    this.log = log;
    this.polling = polling;
  }

  public Live live(String namespace, AppRef ref) {
    Deployment d = deployment(namespace, ref);
    String container = container(d, ref);
    return new Live(
        ref, container, d.containers().get(container), RolloutState.of(d), d.revision());
  }

  /**
   * {@code kubectl set image deployment/NAME CONTAINER=IMAGE}; nothing is sent when the image is
   * already set.
   */
  public boolean setImage(String namespace, AppRef ref, String image) {
    Live now = live(namespace, ref);
    if (now.image().equals(image)) {
      log.accept(ref + " already has " + image + " in container " + now.container());
      return false;
    }
    api.setImage(namespace, ref.deployment(), now.container(), image);
    return true;
  }

  /**
   * Waits as {@code kubectl rollout status} does, and fails on a ProgressDeadlineExceeded condition
   * (with the controller's message) or when {@code timeout} passes first.
   */
  public Deployment waitRolledOut(String namespace, AppRef ref, Duration timeout) {
    Instant start = clock.instant();
    Instant deadline = start.plus(timeout);
    Instant nextProgress = start.plus(polling.progressEvery());
    String last = "";
    while (true) {
      Deployment d = deployment(namespace, ref);
      if (d.paused()) {
        throw new CheckFailedException(
            "rollout",
            ref
                + " in namespace "
                + namespace
                + " is paused, so it will not "
                + "roll out; resume it (kubectl rollout resume "
                + ref.toString().replaceAll(":.*", "")
                + ").");
      }
      RolloutState state = RolloutState.of(d);
      switch (state.phase()) {
        case DONE -> {
          log.accept(
              ref
                  + ": "
                  + state.message()
                  + " ("
                  + Durations.format(Duration.between(start, clock.instant()))
                  + ")");
          return d;
        }
        case FAILED ->
            throw new CheckFailedException(
                "rollout", ref + " in namespace " + namespace + ": " + state.message() + ".");
        default -> {}
      }
      Instant now = clock.instant();
      if (!now.isBefore(deadline)) {
        throw new CheckFailedException(
            "rollout",
            ref
                + " in namespace "
                + namespace
                + " did not roll out within "
                + Durations.format(timeout)
                + ": "
                + state.message()
                + ". Raise 'wait-timeout' or look at the pods "
                + "(kubectl describe "
                + ref.toString().replaceAll(":.*", "")
                + ").");
      }
      if (!state.message().equals(last) || !now.isBefore(nextProgress)) {
        log.accept(ref + ": " + state.message());
        last = state.message();
        nextProgress = now.plus(polling.progressEvery());
      }
      pause();
    }
  }

  /**
   * {@code kubectl rollout undo}: puts the pod template of the previous ReplicaSet (the
   * second-highest revision) back on the Deployment, without its pod-template-hash label. Returns
   * the image that template runs.
   */
  public String undo(String namespace, AppRef ref) {
    Deployment d = deployment(namespace, ref);
    String container = container(d, ref);
    List<ReplicaSet> history =
        api.replicaSets(namespace, d).stream()
            .sorted(Comparator.comparingLong(ReplicaSet::revision).reversed())
            .toList();
    if (history.size() < 2) {
      throw new CheckFailedException(
          "rollback",
          ref
              + " in namespace "
              + namespace
              + " has no earlier ReplicaSet "
              + "to undo to ("
              + history.size()
              + " in its history); check its revisionHistoryLimit.");
    }
    ReplicaSet previous = history.get(1);
    JsonNode template = previous.template().deepCopy();
    if (template.path("metadata").path("labels") instanceof ObjectNode labels) {
      labels.remove("pod-template-hash");
    }
    String image = previous.containers().getOrDefault(container, "");
    if (template.equals(d.template())) {
      log.accept(
          ref
              + ": already runs the template of revision "
              + previous.revision()
              + " ("
              + image
              + ")");
      return image;
    }
    log.accept(ref + ": undo to revision " + previous.revision() + " (" + image + ")");
    api.restoreTemplate(namespace, ref.deployment(), template);
    return image;
  }

  private Deployment deployment(String namespace, AppRef ref) {
    return api.deployment(namespace, ref.deployment())
        .orElseThrow(
            () ->
                new OutsideSystemException(
                    "Kubernetes",
                    "There is no Deployment '"
                        + ref.deployment()
                        + "' in namespace '"
                        + namespace
                        + "'. Check the "
                        + "environment's namespace and apps, and that the kubeconfig points at the right cluster."));
  }

  /** The container the app's image goes in: the one named, else the only one. */
  static String container(Deployment d, AppRef ref) {
    if (ref.container().isPresent()) {
      if (!d.containers().containsKey(ref.container().get())) {
        throw new BadInputException(
            "config",
            ref
                + ": Deployment '"
                + d.name()
                + "' has no container '"
                + ref.container().get()
                + "'; its containers are "
                + String.join(", ", d.containers().keySet())
                + ".");
      }
      return ref.container().get();
    }
    if (d.containers().size() != 1) {
      throw new BadInputException(
          "config",
          ref
              + ": Deployment '"
              + d.name()
              + "' has containers "
              + String.join(", ", d.containers().keySet())
              + "; name the one to deploy as deployment/"
              + d.name()
              + ":CONTAINER.");
    }
    return d.containers().keySet().iterator().next();
  }

  private void pause() {
    try {
      sleeper.sleep(polling.every());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OutsideSystemException("Kubernetes", "Interrupted while waiting for a rollout.");
    }
  }
}
