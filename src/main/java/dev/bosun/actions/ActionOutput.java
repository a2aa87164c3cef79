package dev.bosun.actions;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Declares one step output of a command; action.yml and the docs are generated from these. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Repeatable(ActionOutput.List.class)
public @interface ActionOutput {
  String name();

  String description();

  /** Holder for repeated {@link ActionOutput}s. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  @interface List {
    ActionOutput[] value();
  }
}
