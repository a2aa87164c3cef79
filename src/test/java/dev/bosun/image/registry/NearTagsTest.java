package dev.bosun.image.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which tags a "not found" message suggests. */
class NearTagsTest {

  static final List<String> TAGS =
      List.of(
          "0123456789abcdef0123456789abcdef01234567",
          "sha-0123456",
          "1.2.3",
          "1.2",
          "1",
          "v1.2.2",
          "main",
          "latest",
          "staging",
          "prod");

  @Test
  void theSameVersionWithoutVComesFirst() {
    // issue 13.3: build-tag-push pushed 1.2.3 while the templates asked deploy-env for v1.2.3
    assertThat(NearTags.near("v1.2.3", TAGS)).containsExactly("1.2.3", "v1.2.2", "1.2", "1");
  }

  @Test
  void typosAndPrefixesAreNear() {
    assertThat(NearTags.near("stagign", TAGS)).containsExactly("staging");
    assertThat(NearTags.near("sha-01234", TAGS)).containsExactly("sha-0123456");
    assertThat(NearTags.near("qa", TAGS)).isEmpty();
    assertThat(NearTags.near("v9.9.9", List.of())).isEmpty();
  }
}
