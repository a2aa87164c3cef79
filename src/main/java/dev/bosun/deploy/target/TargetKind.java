package dev.bosun.deploy.target;

import dev.bosun.deploy.config.EnvironmentSpec;
import java.util.List;

/**
 * One kind of deploy target as the environments file names it ({@code target: compose}): its own
 * keys, their checks, and how to open it for an environment. Registered once in {@link Targets}.
 *
 * @param <S> a record whose components, kebab-cased, are exactly the target's own keys in an
 *     environment
 */
public interface TargetKind<S extends Record> {

  /** The value of {@code target:} that selects this kind. */
  String name();

  /** The record the target's keys are read into; its component names, kebab-cased, are the keys. */
  Class<S> settings();

  /**
   * Adds a problem for each wrong or missing key of {@code settings}, naming its path ({@code at}
   * is {@code environments.<name>}) and how to fix it. {@code env} has the common keys, already
   * checked.
   */
  void validate(String at, S settings, EnvironmentSpec env, List<String> problems);

  /**
   * Whether {@link DeployTarget#release} works here; else a {@code release} key is refused when the
   * file is read.
   */
  default boolean supportsRelease() {
    return false;
  }

  /**
   * Whether a deploy takes the {@code image} input; false for a target with its own artifact
   * (Vercel).
   */
  default boolean usesImage() {
    return true;
  }

  /** Opens the target for one environment and run; nothing is called until the service asks. */
  DeployTarget open(EnvironmentSpec env, S settings, TargetContext context);
}
