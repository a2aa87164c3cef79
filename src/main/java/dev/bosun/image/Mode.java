package dev.bosun.image;

import dev.bosun.actions.InputChoice;

/**
 * {@code build}: build, tag, label, push. {@code promote}: put an existing image under new tags,
 * nothing rebuilt. {@code merge}: make one multi-platform index from images pushed by digest, and
 * tag it.
 */
public enum Mode implements InputChoice {
  BUILD,
  PROMOTE,
  MERGE;
}
