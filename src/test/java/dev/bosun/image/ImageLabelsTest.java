package dev.bosun.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.image.plan.GitContext;
import dev.bosun.image.plan.Latest;
import dev.bosun.image.plan.TagPlan;
import dev.bosun.image.plan.TagPlanner;
import dev.bosun.support.BadInputException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The provenance labels: the OCI set, build-environment, and the label lines that are refused. */
class ImageLabelsTest {

  static final String SHA = "0123456789abcdef0123456789abcdef01234567";
  static final Instant NOW = Instant.parse("2026-11-21T12:00:00.123Z");
  static final GitContext TAG = new GitContext("push", SHA, "refs/tags/v1.2.3", "main", null);
  static final TagPlan PLAN =
      TagPlanner.plan(
          "acrmotiumprod.azurecr.io/cortex-web", TAG, List.of(), Latest.AUTO, List.of());

  @Test
  void ociProvenanceLabels() {
    Map<String, String> labels =
        ImageLabels.of(
            PLAN,
            TAG,
            Optional.of("https://github.com/motium/cortex"),
            Optional.empty(),
            List.of(),
            NOW);
    assertThat(labels)
        .containsExactly(
            Map.entry(ImageLabels.CREATED, "2026-11-21T12:00:00Z"),
            Map.entry(ImageLabels.REVISION, SHA),
            Map.entry(ImageLabels.SOURCE, "https://github.com/motium/cortex"),
            Map.entry(ImageLabels.VERSION, "1.2.3"),
            Map.entry(ImageLabels.TITLE, "cortex"),
            Map.entry(ImageLabels.URL, "https://github.com/motium/cortex"));
  }

  @Test
  void buildEnvironmentIsLabelledAndCannotBeFaked() {
    Map<String, String> labels =
        ImageLabels.of(
            PLAN,
            TAG,
            Optional.empty(),
            Optional.of("production"),
            List.of("com.example.team=web", ImageLabels.TITLE + "=Cortex Web"),
            NOW);
    assertThat(labels)
        .containsEntry(ImageLabels.BUILD_ENVIRONMENT, "production")
        .containsEntry("com.example.team", "web")
        .containsEntry(ImageLabels.TITLE, "Cortex Web")
        .doesNotContainKey(ImageLabels.SOURCE);
    assertThatThrownBy(
            () ->
                ImageLabels.of(
                    PLAN,
                    TAG,
                    Optional.empty(),
                    Optional.empty(),
                    List.of(ImageLabels.BUILD_ENVIRONMENT + "=production"),
                    NOW))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("use build-environment");
    assertThatThrownBy(
            () ->
                ImageLabels.of(
                    PLAN, TAG, Optional.empty(), Optional.empty(), List.of("novalue"), NOW))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("'novalue' is not key=value");
    assertThatThrownBy(
            () ->
                ImageLabels.of(PLAN, TAG, Optional.empty(), Optional.of("prod/eu"), List.of(), NOW))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("'prod/eu' is not an environment name");
  }
}
