package dev.bosun.support;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * The one YAML parser configuration bosun reads workflow-given YAML with: limits low enough that a
 * hostile file (deep nesting, megabytes in one scalar) fails fast instead of exhausting time or
 * memory. Jackson reads SnakeYAML's events without its composer, so the nesting limit must be
 * Jackson's own, and an alias is read as its anchor's name, never expanded: alias bombs cannot
 * grow.
 */
public final class Yaml {

  /**
   * Largest YAML document, in code points; file inputs are capped at 1 MiB before they get here.
   */
  public static final int CODE_POINT_LIMIT = 1024 * 1024;

  public static final int NESTING_LIMIT = 64;

  /** Kept for SnakeYAML's own checks; Jackson does not expand aliases at all. */
  public static final int ALIAS_LIMIT = 50;

  private Yaml() {}

  public static YAMLFactory factory() {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(CODE_POINT_LIMIT);
    options.setNestingDepthLimit(NESTING_LIMIT);
    options.setMaxAliasesForCollections(ALIAS_LIMIT);
    return YAMLFactory.builder()
        .loaderOptions(options)
        .streamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(NESTING_LIMIT).build())
        .build();
  }

  private static final YAMLMapper MAPPER = new YAMLMapper(factory());

  /** The shared mapper for reading with these limits; configure nothing on it. */
  public static YAMLMapper mapper() {
    return MAPPER;
  }
}
