package dev.bosun.deploy.kubernetes;

import dev.bosun.actions.Log;
import dev.bosun.support.BadInputException;
import dev.bosun.support.Sleeper;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Makes the Kubernetes API client from the {@code kubeconfig} input, else the pod's service
 * account; the wiring builds it with the run's environment (PATH for exec plugins, the workspace
 * for relative files).
 */
public record KubeClients(
    Map<String, String> env, Path workspace, Path serviceAccount, Clock clock, Sleeper sleeper) {

  /** Parses the kubeconfig and masks its secrets; bad input here is exit 2 before any call. */
  public Kubeconfig config(Optional<String> kubeconfig, Log log, String why) {
    Kubeconfig config =
        kubeconfig
            .map(text -> Kubeconfig.parse(text, workspace, env.getOrDefault("PATH", "")))
            .or(() -> Kubeconfig.inCluster(env, serviceAccount))
            .orElseThrow(
                () ->
                    new BadInputException(
                        Kubeconfig.INPUT,
                        "Input 'kubeconfig' is required "
                            + why
                            + ": give the content of a kubeconfig (a secret) whose current context may reach the cluster, or run "
                            + "in a pod with a service account."));
    config.secrets().forEach(log::addMask);
    return config;
  }

  public KubeApi api(Kubeconfig config, Log log) {
    return new KubeRest(config, log::addMask, log::info, sleeper, clock);
  }
}
