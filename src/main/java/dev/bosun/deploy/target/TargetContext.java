package dev.bosun.deploy.target;

import dev.bosun.actions.Log;
import dev.bosun.support.Sleeper;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * What a target may use when it opens: the run's log, clock and waits, an HTTP client, its inputs
 * and the clients the wiring made for it. Tests fill the same record with WireMock endpoints, a
 * fake clock and fast polling.
 *
 * @param inputs the target's own action inputs by name ({@code ssh-key}); secrets are masked
 *     already
 * @param endpoints base URLs by target name, set only by tests (a target uses its public endpoint
 *     when absent)
 * @param clients clients built by the wiring, by interface ({@code ContainerApps.class})
 */
public record TargetContext(
    Log log,
    Clock clock,
    Sleeper sleeper,
    Polling polling,
    HttpClient http,
    Map<String, String> inputs,
    Map<String, String> endpoints,
    Map<Class<?>, Object> clients) {

  public TargetContext {
    inputs = Map.copyOf(inputs);
    endpoints = Map.copyOf(endpoints);
    clients = Map.copyOf(clients);
  }

  public Optional<String> input(String name) {
    return Optional.ofNullable(inputs.get(name)).filter(v -> !v.isBlank());
  }

  public Optional<String> endpoint(String target) {
    return Optional.ofNullable(endpoints.get(target));
  }

  /** The client the wiring made for {@code type}. */
  public <T> T client(Class<T> type) {
    Object c = clients.get(type);
    if (c == null) {
      throw new IllegalStateException("No " + type.getSimpleName() + " client is wired");
    }
    return type.cast(c);
  }
}
