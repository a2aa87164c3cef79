package dev.bosun.deploy;

import dev.bosun.actions.ActionRuntime;
import dev.bosun.image.registry.RegistryClient;
import dev.bosun.image.registry.RegistryCredential;
import dev.bosun.image.registry.RegistryCredentials;
import dev.bosun.support.Sleeper;
import java.time.Clock;
import java.util.Optional;

/** The registry and smoke adapters used outside tests. */
final class ProductionAdapters {

  private ProductionAdapters() {}

  /** The registry client, signed in with registry-username/registry-password when given (anonymous otherwise). */
  static ImageInspector images(ActionRuntime runtime, DeployWiring.Access access) {
    Optional<RegistryCredential> credential = access.registryUsername()
        .flatMap(user -> access.registryPassword().map(password -> new RegistryCredential(user, password)));
    RegistryCredentials credentials = registry -> credential;
    return new RegistryImages(new RegistryClient(credentials, runtime.log()::info));
  }

  static SmokeRunner smoke(ActionRuntime runtime) {
    return new EngineSmokeRunner(runtime, Sleeper.REAL, Clock.systemUTC());
  }
}
