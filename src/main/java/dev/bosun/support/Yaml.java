package dev.bosun.support;

import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * The one YAML parser configuration bosun reads workflow-given YAML with: SnakeYAML's limits set
 * low enough that a hostile file (alias bombs, deep nesting, megabytes in one scalar) fails fast
 * instead of exhausting time or memory.
 */
public final class Yaml {

  /**
   * Largest YAML document, in code points; file inputs are capped at 1 MiB before they get here.
   */
  public static final int CODE_POINT_LIMIT = 1024 * 1024;

  public static final int NESTING_LIMIT = 64;
  public static final int ALIAS_LIMIT = 50;

  private Yaml() {}

  public static YAMLFactory factory() {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(CODE_POINT_LIMIT);
    options.setNestingDepthLimit(NESTING_LIMIT);
    options.setMaxAliasesForCollections(ALIAS_LIMIT);
    return YAMLFactory.builder().loaderOptions(options).build();
  }

  private static final YAMLMapper MAPPER = new YAMLMapper(factory());

  /** The shared mapper for reading with these limits; configure nothing on it. */
  public static YAMLMapper mapper() {
    return MAPPER;
  }
}
