package dev.bosun.image;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.bosun.testing.ActionHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command through the runner's contract: the dry run (no process, no registry, no login call),
 * the docker builder through a stand-in {@code docker} on PATH, secrets, and bad input.
 */
class BuildTagPushCommandTest {

  static final String SHA = "0123456789abcdef0123456789abcdef01234567";
  static final String SECRET = "super-secret-build-value-77";
  static final String DIGEST = "sha256:" + "5".repeat(64);

  @TempDir Path dir;
  WireMockServer wm;
  Path context;

  @BeforeEach
  void start() throws Exception {
    wm = new WireMockServer(options().dynamicPort());
    wm.start();
    context = Files.createDirectories(dir.resolve("ctx"));
    Files.writeString(context.resolve("Dockerfile"), "FROM scratch\n");
  }

  @AfterEach
  void stop() {
    wm.stop();
  }

  ActionHarness harness() {
    return new ActionHarness(dir)
        .env("GITHUB_EVENT_NAME", "push")
        .env("GITHUB_REF", "refs/heads/main")
        .input("context", context.toString());
  }

  /** A directory on PATH with nothing in it: any process bosun tried to start would fail. */
  Path emptyPath() throws Exception {
    return Files.createDirectories(dir.resolve("empty-bin"));
  }

  @Test
  void dryRunPrintsThePlanAndCallsNothing() throws Exception {
    ActionHarness.Result r =
        harness()
            .env("PATH", emptyPath().toString())
            .env("ACTIONS_ID_TOKEN_REQUEST_URL", wm.baseUrl() + "/oidc?x=1")
            .env("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "request-token")
            .input("image", "localhost:" + wm.port() + "/acme/web")
            .input("login", "acr")
            .input("azure-client-id", "11111111-2222-3333-4444-555555555555")
            .input("azure-tenant-id", "72f988bf-86f1-41af-91ab-2d7cd011db47")
            .input("build-secrets", "npm=" + SECRET)
            .input("build-environment", "production")
            .input("dry-run", "true")
            .run("build-tag-push");

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.stdout())
        .contains("Dry run: nothing was built, pushed or logged in to.")
        .contains(
            "login localhost:"
                + wm.port()
                + ": OIDC as Entra app 11111111-2222-3333-4444-555555555555")
        .contains("$ docker buildx build --progress=plain --secret id=npm,env=BOSUN_SECRET_NPM")
        .contains("--label dev.bosun.build-environment=production")
        .contains("--tag localhost:" + wm.port() + "/acme/web:" + SHA)
        .contains("--push");
    assertThat(r.outputs()).doesNotContainKeys("digest", "image");
    assertThat(r.outputs().get("tags"))
        .contains("localhost:" + wm.port() + "/acme/web:sha-0123456");
    assertThat(r.summary()).contains("(dry run)").contains("docker buildx build");
    assertThat(r.everything()).doesNotContain(SECRET);
    wm.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void theDryRunShowsTheCloudLoginsAndCallsNothing() throws Exception {
    ActionHarness.Result ecr =
        harness()
            .env("PATH", emptyPath().toString())
            .env("ACTIONS_ID_TOKEN_REQUEST_URL", wm.baseUrl() + "/oidc?x=1")
            .env("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "request-token")
            .env("AWS_ENDPOINT_URL_STS", wm.baseUrl())
            .input("image", "123456789012.dkr.ecr.eu-central-1.amazonaws.com/shop")
            .input("aws-role-arn", "arn:aws:iam::123456789012:role/github-ecr-push")
            .input("dry-run", "true")
            .run("build-tag-push");
    assertThat(ecr.exitCode()).as(ecr.stdout()).isZero();
    assertThat(ecr.stdout())
        .contains(
            "login 123456789012.dkr.ecr.eu-central-1.amazonaws.com: OIDC as AWS role "
                + "arn:aws:iam::123456789012:role/github-ecr-push (STS AssumeRoleWithWebIdentity, then ECR "
                + "GetAuthorizationToken in eu-central-1) (in a temporary docker config, removed afterwards)");
    ActionHarness.Result gar =
        harness()
            .env("PATH", emptyPath().toString())
            .input("image", "europe-west3-docker.pkg.dev/acme/shop/api")
            .input(
                "gcp-workload-identity-provider",
                "projects/123456789/locations/global/workloadIdentityPools/github/providers/shop")
            .input("gcp-service-account", "pusher@acme-shop.iam.gserviceaccount.com")
            .input("dry-run", "true")
            .run("build-tag-push");
    assertThat(gar.exitCode()).as(gar.stdout()).isZero();
    assertThat(gar.stdout())
        .contains(
            "as pusher@acme-shop.iam.gserviceaccount.com (Google STS token exchange, then "
                + "IAM credentials generateAccessToken)");
    wm.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void theDryRunShowsTheBuilderItWouldCreateAndRemove() throws Exception {
    ActionHarness.Result r =
        harness()
            .env("PATH", emptyPath().toString())
            .env("ACTIONS_RUNTIME_TOKEN", "runtime-token-4711")
            .env("ACTIONS_RESULTS_URL", wm.baseUrl() + "/results/")
            .input("image", "localhost:" + wm.port() + "/acme/web")
            .input("platforms", "linux/amd64,linux/arm64")
            .input("cache-from", "type=gha")
            .input("cache-to", "type=gha,mode=max")
            .input("provenance", "mode=max")
            .input("dry-run", "true")
            .run("build-tag-push");

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.stdout())
        .contains("$ docker buildx create --name bosun-")
        .contains("--driver docker-container --driver-opt network=host --bootstrap")
        .contains("$ docker buildx build --builder bosun-")
        .contains("--cache-from type=gha --cache-to type=gha,mode=max")
        .contains("--provenance=mode=max")
        .contains("$ docker buildx rm bosun-");
    assertThat(r.everything()).doesNotContain("runtime-token-4711");
    wm.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void promoteDryRunPlansWithoutReadingTheRegistry() throws Exception {
    ActionHarness.Result r =
        harness()
            .env("PATH", emptyPath().toString())
            .input("mode", "promote")
            .input("image", "localhost:" + wm.port() + "/release/web")
            .input("source", "localhost:" + wm.port() + "/acme/web:sha-0123456")
            .input("extra-tags", "prod")
            .input("dry-run", "true")
            .run("build-tag-push");

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.stdout())
        .contains("GET manifest localhost:" + wm.port() + "/acme/web:sha-0123456")
        .contains("mount blobs from acme/web into localhost:" + wm.port() + "/release/web")
        .contains(
            "PUT manifest localhost:" + wm.port() + "/release/web:prod (same bytes, same digest)");
    wm.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void dockerBuildPushesWithCredentialsOnlyInATemporaryConfig() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path seen = dir.resolve("seen");
    // a stand-in docker: records argv, the auth config it was given and the secret it got; writes
    // the metadata file
    Path docker = bin.resolve("docker");
    Files.writeString(
        docker,
        """
        #!/bin/sh
        printf '%%s\\n' "$@" > %1$s/argv
        cp "$DOCKER_CONFIG/config.json" %1$s/config.json
        echo "$DOCKER_CONFIG" > %1$s/docker-config-dir
        echo "building with secret $BOSUN_SECRET_NPM"
        prev=
        for a; do [ "$prev" = --metadata-file ] && printf '{"containerimage.digest":"%2$s"}' > "$a"; prev=$a; done
        exit 0
        """
            .formatted(Files.createDirectories(seen), DIGEST));
    Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwx------"));

    ActionHarness.Result r =
        harness()
            .env("PATH", bin + ":/usr/bin:/bin")
            .env("HOME", dir.toString())
            .input("image", "ghcr.io/Acme/Web")
            .input("github-token", "ghs_abcdefghijklmnop")
            .input("build-secrets", "npm=" + SECRET)
            .input("build-args", "NEXT_PUBLIC_API_URL=https://api.example.com")
            .run("build-tag-push");

    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
    assertThat(r.outputs().get("image")).isEqualTo("ghcr.io/acme/web@" + DIGEST);
    assertThat(r.outputs().get("digest")).isEqualTo(DIGEST);
    String argv = Files.readString(seen.resolve("argv"));
    assertThat(argv)
        .contains("--build-arg\nNEXT_PUBLIC_API_URL=https://api.example.com")
        .contains("--secret\nid=npm,env=BOSUN_SECRET_NPM")
        .contains("--push")
        .doesNotContain(SECRET)
        .doesNotContain("ghs_abcdefghijklmnop");
    assertThat(Files.readString(seen.resolve("config.json")))
        .contains("ghcr.io")
        .contains(
            java.util.Base64.getEncoder()
                .encodeToString("octocat:ghs_abcdefghijklmnop".getBytes()));
    assertThat(Path.of(Files.readString(seen.resolve("docker-config-dir")).trim())).doesNotExist();
    assertThat(r.stdout()).contains("building with secret ***");
    assertThat(r.everything()).doesNotContain(SECRET).doesNotContain("ghs_abcdefghijklmnop");
  }

  @Test
  void aFailingBuilderExitsOneWithTheTailOfItsStderr() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path docker = bin.resolve("docker");
    Path seen = dir.resolve("config-dir-seen");
    Files.writeString(
        docker,
        "#!/bin/sh\necho \"$DOCKER_CONFIG\" > "
            + seen
            + "\n"
            + "echo 'ERROR: failed to solve: process \"/bin/sh -c make\" did not complete"
            + " successfully: exit code: 2' >&2\nexit 1\n");
    Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwx------"));
    ActionHarness.Result r =
        harness()
            .env("PATH", bin + ":/usr/bin:/bin")
            .input("image", "ghcr.io/acme/web")
            .input("github-token", "ghs_failing_build_token")
            .run("build-tag-push");
    assertThat(r.exitCode()).isEqualTo(1);
    // the temporary login is gone even though the build failed
    Path configDir = Path.of(Files.readString(seen).trim());
    assertThat(configDir.toString()).contains("bosun-docker-config-");
    assertThat(configDir).doesNotExist();
    assertThat(r.stdout())
        .contains(
            "::error title=docker::docker buildx build failed with exit code 1; last lines of "
                + "its stderr:%0AERROR: failed to solve");
  }

  @Test
  void badInputNamesTheInputAndExitsTwo() throws Exception {
    /* extra: more inputs the case needs, name then value */
    record Case(String input, String value, String message, String... extra) {}
    Path outside = Files.writeString(dir.resolve("outside.txt"), "x");
    Path workspace = Files.createDirectories(dir.resolve("ws"));
    for (Case c :
        new Case[] {
          new Case("image", "ghcr.io/acme/web:v1", "must be an image name without tag or digest"),
          new Case(
              "mode", "deploy", "Input 'mode' is 'deploy'; expected one of build, promote, merge."),
          new Case(
              "builder", "kaniko", "Input 'builder' is 'kaniko'; expected one of docker, buildah."),
          new Case("platforms", "linux", "'linux' is not os/arch[/variant]"),
          new Case("build-args", "no-equals", "'no-equals' is not NAME=value"),
          new Case("tags", "{{nope}}", "Unknown placeholder {{nope}}"),
          new Case("timeout", "soon", "soon"),
          new Case("timeout", "0s", "Input 'timeout' must be longer than zero (it is '0s')"),
          new Case(
              "latest", "maybe", "Input 'latest' is 'maybe'; expected one of auto, true, false."),
          new Case(
              "login",
              "magic",
              "Input 'login' is 'magic'; expected one of auto, password, ghcr, acr, ecr, gar, none."),
          new Case("context", "/does/not/exist", "which leads outside the workspace"),
          new Case("sources", "", "mode: merge needs sources", "mode", "merge"),
          new Case("push-by-digest", "true", "cannot go with push: false", "push", "false"),
          new Case(
              "push-by-digest",
              "true",
              "give tags and extra-tags to the mode: merge step",
              "extra-tags",
              "prod"),
          new Case("sbom", "true", "buildah makes no sbom attestation", "builder", "buildah"),
          new Case("provenance", "mode=max;rm -rf", "is not true, false or attestation options"),
          new Case("annotations", "no equals", "is not [level:]key=value"),
          new Case(
              "annotations",
              "index:org.opencontainers.image.vendor=Acme",
              "buildah puts annotations on the " + "manifest only",
              "builder",
              "buildah"),
          new Case("build-contexts", "=../x", "is not name=path-or-reference"),
          new Case(
              "build-secret-files",
              "npmrc=" + outside,
              "outside the workspace",
              "GITHUB_ACTIONS",
              "true",
              "GITHUB_WORKSPACE",
              workspace.toString(),
              "RUNNER_TEMP",
              context.toString()),
          new Case("build-secret-files", "npmrc=missing.txt", "does not exist"),
          new Case("buildx-builder", "my builder", "is not auto, default or a buildx builder name"),
          new Case(
              "buildx-builder", "mine", "buildx-builder is a docker setting", "builder", "buildah"),
          new Case("cache-to", "type=gha,token=ghs_abc123", "carries a token"),
          new Case("cache-from", "type=gha", "type=gha needs the GitHub Actions cache service"),
          new Case(
              "cache-from",
              "type=registry,ref=ghcr.io/acme/cache",
              "is buildx syntax",
              "builder",
              "buildah"),
          new Case("aws-role-arn", "github-ecr-push", "is not an IAM role ARN"),
          new Case("aws-role-arn", "", "login: ecr needs aws-role-arn", "login", "ecr"),
          new Case("gcp-workload-identity-provider", "github", "is not a provider name"),
        }) {
      ActionHarness h = harness().input("image", "ghcr.io/acme/web").input("dry-run", "true");
      for (int i = 0; i < c.extra().length; i += 2) {
        if (c.extra()[i].equals(c.extra()[i].toUpperCase(java.util.Locale.ROOT))) {
          h.env(c.extra()[i], c.extra()[i + 1]);
        } else {
          h.input(c.extra()[i], c.extra()[i + 1]);
        }
      }
      ActionHarness.Result r = h.input(c.input(), c.value()).run("build-tag-push");
      assertThat(r.exitCode()).as(c.input() + ": " + r.stdout()).isEqualTo(2);
      assertThat(r.stdout())
          .as(c.input())
          .contains("::error title=" + c.input() + "::")
          .contains(c.message());
      assertThat(r.everything()).doesNotContain("ghs_abc123");
    }
  }

  @Test
  void aBadSecretLineIsNamedButNeverShown() {
    ActionHarness.Result r =
        harness()
            .input("image", "ghcr.io/acme/web")
            .input("dry-run", "true")
            .input("build-secrets", "ok=value-one\n" + SECRET)
            .run("build-tag-push");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout())
        .contains("::error title=build-secrets::Line 2 of build-secrets is not id=value");
    assertThat(r.everything()).doesNotContain(SECRET).doesNotContain("value-one");
  }

  @Test
  void promoteAppliesOnlyTheTagsItIsGiven() throws Exception {
    ActionHarness.Result r =
        harness()
            .env("PATH", emptyPath().toString())
            .input("mode", "promote")
            .input("image", "localhost:" + wm.port() + "/acme/web")
            .input("source", "sha-0123456")
            .input("latest", "true")
            .input("dry-run", "true")
            .run("build-tag-push");
    assertThat(r.exitCode()).as(r.stdout()).isZero();
    // this run's commit is not the promoted image's: no {{sha}} or branch tags by default
    assertThat(r.outputs().get("tags")).isEqualTo("localhost:" + wm.port() + "/acme/web:latest");
    wm.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void promoteNeedsASourceAndATag() {
    ActionHarness.Result noSource =
        harness()
            .input("mode", "promote")
            .input("image", "ghcr.io/acme/web")
            .input("extra-tags", "prod")
            .run("build-tag-push");
    assertThat(noSource.exitCode()).isEqualTo(2);
    assertThat(noSource.stdout()).contains("::error title=source::mode: promote needs source");
    ActionHarness.Result noTag =
        harness()
            .input("mode", "promote")
            .input("image", "ghcr.io/acme/web")
            .input("source", "sha-0123456")
            .run("build-tag-push");
    assertThat(noTag.exitCode()).isEqualTo(2);
    assertThat(noTag.stdout())
        .contains("::error title=extra-tags::A promotion needs at least one tag");
  }

  @Test
  void registryAuthMasksItsPasswordsButNotItsNames() {
    ActionHarness.Result r =
        harness()
            .input("image", "ghcr.io/acme/web")
            .input("dry-run", "true")
            .input(
                "registry-auth",
                "- registry: docker.io\n  username: octocat\n  password: hub-pw-4431")
            .run("build-tag-push");

    assertThat(r.stdout()).contains("::add-mask::hub-pw-4431");
    assertThat(r.stdout().lines())
        .noneMatch(l -> l.equals("::add-mask::octocat") || l.equals("::add-mask::docker.io"));
    assertThat(r.everything()).doesNotContain("hub-pw-4431");
  }
}
