package dev.bosun.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.support.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reference parsing with Docker's defaults, its error messages, and the WWW-Authenticate parser.
 */
class ImageReferenceTest {

  static final String D = "sha256:" + "a".repeat(64);

  @ParameterizedTest
  @CsvSource(
      nullValues = "-",
      value = {
        "nginx,                              docker.io,        library/nginx,  latest, -",
        "nginx:1.25,                         docker.io,        library/nginx,  1.25,   -",
        "acme/shop,                          docker.io,        acme/shop,      latest, -",
        "ghcr.io/acme/shop:sha-0123456,      ghcr.io,          acme/shop,      sha-0123456, -",
        "localhost:5000/app,                 localhost:5000,   app,            latest, -",
        "127.0.0.1:5000/a/b/c:v1,            127.0.0.1:5000,   a/b/c,          v1,     -",
        "acrmotiumprod.azurecr.io/cortex-api:0123456789abcdef0123456789abcdef01234567, acrmotiumprod.azurecr.io, cortex-api, "
            + "0123456789abcdef0123456789abcdef01234567, -",
        "localhost/app,                      localhost,        app,            latest, -",
        "registry.example.com:8443/x__y/z-w.v, registry.example.com:8443, x__y/z-w.v, latest, -",
      })
  void parsesWithDockerDefaults(
      String value, String registry, String repository, String tag, String digest) {
    ImageReference ref = ImageReference.parse(value);
    assertThat(ref.registry()).isEqualTo(registry);
    assertThat(ref.repository()).isEqualTo(repository);
    assertThat(ref.tag()).isEqualTo(tag);
    assertThat(ref.digest()).isEqualTo(digest);
  }

  @Test
  void aDigestWithOrWithoutATag() {
    ImageReference byDigest = ImageReference.parse("ghcr.io/acme/shop@" + D);
    assertThat(byDigest.tag()).isNull();
    assertThat(byDigest.digest()).isEqualTo(D);
    assertThat(byDigest.reference()).isEqualTo(D);
    assertThat(byDigest).hasToString("ghcr.io/acme/shop@" + D);

    ImageReference both = ImageReference.parse("ghcr.io/acme/shop:1.2@" + D);
    assertThat(both.tag()).isEqualTo("1.2");
    assertThat(both.reference()).isEqualTo(D);
  }

  @Test
  void dockerHubApiIsNotOnDockerIo() {
    assertThat(ImageReference.parse("nginx").apiHost()).isEqualTo("registry-1.docker.io");
    assertThat(ImageReference.parse("ghcr.io/a/b").apiHost()).isEqualTo("ghcr.io");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "ghcr.io/Acme/Shop       | repository names must be lower case ('Acme')",
        "ghcr.io/acme/shop:-bad  | the tag '-bad' must be 1 to 128",
        "ghcr.io/acme/shop@sha256:abc | the digest 'sha256:abc' is not sha256:<64 lowercase hex>",
        "ghcr.io//shop           | it has an empty path component",
        "ghcr.io/acme/sh op      | it contains whitespace",
        "ghcr.io/acme/shop_      | 'shop_' is not a valid path component",
        "ghcr.io/                | the repository name is missing",
      })
  void rejectsBadInputWithTheValueAndTheExpectedForm(String value, String why) {
    assertThatThrownBy(() -> ImageReference.parse("source", value))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("'" + value + "' is not an image reference: " + why)
        .hasMessageContaining("Expected [registry[:port]/]repository[:tag][@sha256:<64 hex>]")
        .satisfies(e -> assertThat(((BadInputException) e).subject()).isEqualTo("source"));
  }

  @Test
  void anImageNameIsLoweredAndMayNotCarryATag() {
    ImageReference name = ImageReference.parseRepository("image", "ghcr.io/Acme/Shop");
    assertThat(name.name()).isEqualTo("ghcr.io/acme/shop");
    assertThat(name.tag()).isNull();
    assertThatThrownBy(() -> ImageReference.parseRepository("image", "ghcr.io/acme/shop:v1"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("must be an image name without tag or digest");
    assertThatThrownBy(() -> ImageReference.parseRepository("image", " "))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("an image reference is required");
  }

  @Test
  void loopbackRegistriesUsePlainHttp() {
    assertThat(RegistryClient.scheme("localhost:5000")).isEqualTo("http");
    assertThat(RegistryClient.scheme("127.0.0.1:5000")).isEqualTo("http");
    assertThat(RegistryClient.scheme("[::1]:5000")).isEqualTo("http");
    assertThat(RegistryClient.scheme("ghcr.io")).isEqualTo("https");
    assertThat(RegistryClient.scheme("localhost.evil.com")).isEqualTo("https");
  }

  @Test
  void missingRegistryToolsFailWithTheFixNotASkip() {
    assertThatThrownBy(
            () ->
                LocalRegistry.requireTools(
                    java.nio.file.Path.of("/nonexistent/docker-registry"), null))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("/nonexistent/docker-registry is not installed. Run .ci/prepare");
    assertThatThrownBy(
            () ->
                LocalRegistry.requireTools(
                    LocalRegistry.BINARY, java.nio.file.Path.of("/nonexistent/buildah")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("buildah is not installed. Run .ci/prepare");
  }

  @Test
  void parsesBearerChallenges() {
    Challenge c =
        Challenge.parse(
                "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                    + "scope=\"repository:samalba/my-app:pull,push\"")
            .orElseThrow();
    assertThat(c.isBearer()).isTrue();
    assertThat(c.param("realm")).isEqualTo("https://auth.docker.io/token");
    assertThat(c.param("service")).isEqualTo("registry.docker.io");
    assertThat(c.param("scope")).isEqualTo("repository:samalba/my-app:pull,push");
    assertThat(Challenge.parse("Basic realm=\"x\"").orElseThrow().isBasic()).isTrue();
  }
}
