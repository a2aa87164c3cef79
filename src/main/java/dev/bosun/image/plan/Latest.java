package dev.bosun.image.plan;

import dev.bosun.actions.InputChoice;

/**
 * When the {@code latest} tag is added: {@code auto} (pushes to the default branch), {@code true}
 * or {@code false}.
 */
public enum Latest implements InputChoice {
  AUTO,
  TRUE,
  FALSE;
}
