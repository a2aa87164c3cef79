package dev.bosun.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The limits docs/security.md promises for every YAML bosun reads. */
class YamlTest {

  static String nested(int depth) {
    return "[".repeat(depth) + "]".repeat(depth);
  }

  @Test
  void nestingDeeperThanTheLimitIsRefused() throws Exception {
    assertThat(Yaml.mapper().readTree(nested(Yaml.NESTING_LIMIT)).isArray()).isTrue();
    assertThatThrownBy(() -> Yaml.mapper().readTree(nested(Yaml.NESTING_LIMIT + 1)))
        .isInstanceOf(StreamConstraintsException.class)
        .hasMessageContaining("nesting depth");
  }

  @Test
  void anAliasIsReadAsItsAnchorsNameAndNeverExpanded() throws Exception {
    JsonNode bomb = Yaml.mapper().readTree("a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n");

    assertThat(bomb.get("c").toString()).isEqualTo("[\"b\",\"b\"]");
  }

  @Test
  void aDocumentLargerThanTheCodePointLimitIsRefused() {
    String big = "k: " + "x".repeat(Yaml.CODE_POINT_LIMIT + 1) + "\n";

    assertThatThrownBy(() -> Yaml.mapper().readTree(big)).hasMessageContaining("code points");
  }
}
