package dev.bosun.actions;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an option whose value is masked before anything is printed (for multiline values, each
 * line).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Secret {

  /**
   * A structured document (a kubeconfig) is masked whole, and its command masks the secret values
   * inside: masking each line would also hide plain names in it (a context called "prod")
   * everywhere in the log.
   */
  boolean document() default false;
}
