package dev.bosun.image.build;

import dev.bosun.actions.InputChoice;

/** The {@code builder} input: docker buildx through the runner's socket, or daemonless buildah. */
public enum BuilderKind implements InputChoice {
  DOCKER,
  BUILDAH
}
