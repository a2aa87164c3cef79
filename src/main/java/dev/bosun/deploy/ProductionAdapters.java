package dev.bosun.deploy;

import dev.bosun.actions.ActionRuntime;
import dev.bosun.support.OutsideSystemException;

/** The registry and smoke adapters used outside tests. */
final class ProductionAdapters {

  private ProductionAdapters() {}

  static ImageInspector images(ActionRuntime runtime) {
    return image -> {
      throw new OutsideSystemException("registry", "This build of bosun cannot read " + image.registry()
          + " yet: the OCI registry client is not merged into deploy-env.");
    };
  }

  static SmokeRunner smoke(ActionRuntime runtime) {
    return (url, file, sha) -> {
      throw new OutsideSystemException("smoke", "This build of bosun cannot run inline smoke checks yet; "
          + "run the smoke-check action as the next step instead.");
    };
  }
}
