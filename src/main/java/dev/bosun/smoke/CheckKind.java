package dev.bosun.smoke;

import java.util.Set;

/**
 * One kind of entry in a checks file, recognised by its key ({@code url:} for HTTP). See {@link
 * Check} for how a kind is added.
 */
public interface CheckKind {

  /** The field that marks an entry of this kind; an entry must have exactly one kind's key. */
  String key();

  /**
   * Every field an entry of this kind may have, {@code name} and the key included; others are
   * refused.
   */
  Set<String> fields();

  /** Builds the check, rejecting bad fields through {@link ChecksFile.Entry#fail}. */
  Check parse(ChecksFile.Entry entry);
}
