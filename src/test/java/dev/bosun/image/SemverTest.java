package dev.bosun.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one version policy: semver.org 2.0.0, with one optional leading lowercase v. */
class SemverTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1.2.3",
        "v1.2.3",
        "0.0.0",
        "10.20.30",
        "1.0.0-rc.1",
        "1.0.0-alpha-beta.0.x7",
        "1.0.0+build.5",
        "1.0.0-alpha+001",
        "v2.0.0-rc.1+sha.5114f85"
      })
  void acceptsSemverOrgVersionsWithAnOptionalV(String tag) {
    Semver v = Semver.parse(tag).orElseThrow();

    assertThat(v.version()).isEqualTo(tag.startsWith("v") ? tag.substring(1) : tag);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "V1.2.3",
        "vv1.2.3",
        "01.2.3",
        "1.02.3",
        "1.2.03",
        "1.2.3-01",
        "1.2.3-rc..1",
        "1.2.3-",
        "1.2.3+",
        "1.2",
        "1.2.3.4",
        "refs/tags/v1.2.3",
        " 1.2.3",
        "99999999999.0.0"
      })
  void rejectsWhatSemverOrgRejectsAndCapitalV(String tag) {
    assertThat(Semver.parse(tag)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.0.0-rc.1", "1.0.0-0.3.7"})
  void preReleasesAreMarked(String tag) {
    assertThat(Semver.parse(tag).orElseThrow().isPreRelease()).isTrue();
    assertThat(Semver.parse("1.0.0+build").orElseThrow().isPreRelease()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1.2.3+build.7"})
  void buildMetadataIsKeptApartFromTheVersionNumbers(String tag) {
    Semver v = Semver.parse(tag).orElseThrow();

    assertThat(v.major()).isEqualTo(1);
    assertThat(v.patch()).isEqualTo(3);
    assertThat(v.build()).isEqualTo("build.7");
  }
}
