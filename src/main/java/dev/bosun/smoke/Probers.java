package dev.bosun.smoke;

import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which {@link Prober} runs which kind of {@link Check}; immutable, extended with {@link #with}.
 * Closing it closes every prober that is {@link AutoCloseable}.
 */
public final class Probers implements AutoCloseable {

  private final Map<Class<? extends Check>, Prober<?>> byKind;

  private Probers(Map<Class<? extends Check>, Prober<?>> byKind) {
    this.byKind = Map.copyOf(byKind);
  }

  /** HTTP checks through the JDK client, with connections bounded by {@code connectTimeout}. */
  public static Probers http(Duration connectTimeout) {
    return new Probers(Map.of()).with(HttpCheck.class, new HttpProber(connectTimeout));
  }

  /** As {@link #http(Duration)}, through {@code proxy} when one is given. */
  public static Probers http(Duration connectTimeout, Optional<ProxySelector> proxy) {
    return new Probers(Map.of()).with(HttpCheck.class, new HttpProber(connectTimeout, proxy));
  }

  public static Probers http(HttpClient client) {
    return new Probers(Map.of()).with(HttpCheck.class, new HttpProber(client));
  }

  /** A copy that also runs checks of {@code kind} with {@code prober}. */
  public <C extends Check> Probers with(Class<C> kind, Prober<C> prober) {
    Map<Class<? extends Check>, Prober<?>> copy = new LinkedHashMap<>(byKind);
    copy.put(kind, prober);
    return new Probers(copy);
  }

  /** One attempt at {@code check} with the prober registered for its kind. */
  @SuppressWarnings("unchecked")
  public Outcome probe(Check check, Duration timeout) throws InterruptedException {
    Prober<Check> prober = (Prober<Check>) byKind.get(check.getClass());
    if (prober == null) {
      throw new IllegalStateException(
          "No prober registered for " + check.getClass().getSimpleName());
    }
    return prober.probe(check, timeout);
  }

  @Override
  public void close() {
    for (Prober<?> prober : byKind.values()) {
      if (prober instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          // closing only frees threads and connections; a failure here must not change the step's
          // result
        }
      }
    }
  }
}
