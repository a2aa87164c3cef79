package dev.bosun.image.registry;

import java.util.Map;
import java.util.Optional;

/**
 * Finds the credential for a registry (by its name in references: {@code ghcr.io}, {@code
 * docker.io}).
 */
@FunctionalInterface
public interface RegistryCredentials {

  Optional<RegistryCredential> forRegistry(String registry);

  /** Anonymous access everywhere. */
  static RegistryCredentials none() {
    return registry -> Optional.empty();
  }

  static RegistryCredentials of(Map<String, RegistryCredential> byRegistry) {
    Map<String, RegistryCredential> copy = Map.copyOf(byRegistry);
    return registry -> Optional.ofNullable(copy.get(registry));
  }
}
