package dev.bosun.deploy.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.deploy.config.ConfigLoader;
import dev.bosun.deploy.config.EnvironmentSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each promotion rule on its own: refusing (with the fix in the message), then passing. */
class GatesTest {

  static final EnvironmentSpec PROD =
      ConfigLoader.parse(
              "bosun.yml",
              """
      environments:
        test:
          target: azure-container-apps
          subscription: 250423f6-1a79-4c0b-bddb-885fbfa85b53
          resource-group: rg-motium-dev
          apps: { cortex-api: aca-motium-cortex-api-test, cortex-web: aca-motium-cortex-web-test }
        prod:
          target: azure-container-apps
          subscription: 00000000-0000-0000-0000-000000000000
          resource-group: rg-motium-prod
          apps: { cortex-api: aca-motium-cortex-api-prod, cortex-web: aca-motium-cortex-web-prod }
          protected: true
          require-reviewers: true
          promote-from: [test]
          tags-only: true
          build-per-environment: [cortex-web]
          windows: ["Mon-Thu 09:00-16:00 Europe/Amsterdam"]
      """)
          .environment("prod");
  static final String DIGEST = "sha256:" + "a".repeat(64);

  /** Tuesday 2026-11-17 10:00 in Amsterdam. */
  static final Instant IN_WINDOW = Instant.parse("2026-11-17T09:00:00Z");

  /** Friday 2026-11-20 17:30 in Amsterdam. */
  static final Instant FRIDAY_EVENING = Instant.parse("2026-11-20T16:30:00Z");

  static GateFacts passing() {
    return new GateFacts(
        true,
        Optional.of("prod"),
        Optional.of(ReviewerRule.REQUIRED),
        Map.of("test", Optional.of(7L)),
        DIGEST,
        "refs/tags/v1.2.3",
        Map.of(
            Gates.VERSION_LABEL,
            "1.2.3",
            Gates.BUILD_ENVIRONMENT_LABEL,
            "prod",
            Gates.REVISION_LABEL,
            "7a3f9e2c1b0d4e5f6a7b8c9d0e1f2a3b4c5d6e7f"),
        IN_WINDOW,
        Optional.empty());
  }

  static GateFacts with(GateFacts f, Optional<String> env, boolean oidc) {
    return new GateFacts(
        oidc,
        env,
        f.reviewers(),
        f.promotedDigests(),
        f.digest(),
        f.ref(),
        f.labels(),
        f.now(),
        f.overrideReason());
  }

  @Test
  void allGatesPassForATestedTaggedProdBuildInsideTheWindow() {
    List<GateResult> results =
        Gates.evaluate(
            Gates.forDeploy(PROD, List.of("cortex-api", "cortex-web")),
            PROD,
            List.of("cortex-api", "cortex-web"),
            passing());

    assertThat(results)
        .extracting(GateResult::gate)
        .containsExactly(
            "protected", "reviewers", "promote-from", "tags-only", "windows", "provenance");
    assertThat(results).allMatch(GateResult::passed);
    assertThat(results.get(2).detail()).contains("test (deployment 7)");
  }

  @Test
  void provenanceOnlyRunsForAppsBuiltPerEnvironment() {
    assertThat(Gates.forDeploy(PROD, List.of("cortex-api"))).doesNotContain("provenance");
    assertThat(Gates.forRollback(PROD)).containsExactly("protected", "reviewers", "windows");
  }

  @Test
  void protectedRefusesWithoutTokenThenWithoutEnvironmentThenWrongOne() {
    GateResult noToken = Gates.protectedEnvironment(PROD, with(passing(), Optional.empty(), false));
    GateResult unbound = Gates.protectedEnvironment(PROD, with(passing(), Optional.empty(), true));
    GateResult wrong = Gates.protectedEnvironment(PROD, with(passing(), Optional.of("test"), true));

    assertThat(noToken.passed()).isFalse();
    assertThat(noToken.detail())
        .contains("permissions: id-token: write")
        .contains("environment: prod");
    assertThat(unbound.passed()).isFalse();
    assertThat(unbound.detail()).contains("add 'environment: prod'");
    assertThat(wrong.passed()).isFalse();
    assertThat(wrong.detail()).contains("bound to the GitHub environment 'test'");
    assertThat(Gates.protectedEnvironment(PROD, passing()).passed()).isTrue();
  }

  @Test
  void reviewersRefuseWhenTheRuleIsMissingOrTheEnvironmentIs() {
    GateFacts none =
        new GateFacts(
            true,
            Optional.of("prod"),
            Optional.of(ReviewerRule.NOT_REQUIRED),
            Map.of(),
            DIGEST,
            "",
            Map.of(),
            IN_WINDOW,
            Optional.empty());
    GateFacts absent =
        new GateFacts(
            true,
            Optional.of("prod"),
            Optional.of(ReviewerRule.NO_SUCH_ENVIRONMENT),
            Map.of(),
            DIGEST,
            "",
            Map.of(),
            IN_WINDOW,
            Optional.empty());

    assertThat(Gates.reviewers(PROD, none).passed()).isFalse();
    assertThat(Gates.reviewers(PROD, none).detail())
        .contains("Settings > Environments > prod > Required reviewers");
    assertThat(Gates.reviewers(PROD, absent).passed()).isFalse();
    assertThat(Gates.reviewers(PROD, absent).detail()).contains("no GitHub environment 'prod'");
    assertThat(Gates.reviewers(PROD, passing()).passed()).isTrue();
  }

  @Test
  void promoteFromRefusesADigestThatNeverSucceededUpstream() {
    GateFacts f = passing();
    GateFacts untested =
        new GateFacts(
            true,
            f.jobEnvironment(),
            f.reviewers(),
            Map.of("test", Optional.empty()),
            DIGEST,
            f.ref(),
            f.labels(),
            f.now(),
            f.overrideReason());

    GateResult r = Gates.promoteFrom(PROD, List.of("cortex-api"), untested);

    assertThat(r.passed()).isFalse();
    assertThat(r.detail())
        .contains(DIGEST)
        .contains("no successful deployment in test")
        .contains("Deploy this same image to test first");
    assertThat(Gates.promoteFrom(PROD, List.of("cortex-api"), f).passed()).isTrue();
  }

  /**
   * Seed 000: prod takes cortex-web only when built for prod, so its digest never ran on test. What
   * test proved is the commit: promote-from asks that the same revision label succeeded there.
   */
  @Test
  void promoteFromComparesCommitsForAnAppBuiltPerEnvironment() {
    GateFacts f = passing();
    Map<String, String> prodBuild =
        Map.of(
            Gates.VERSION_LABEL,
            "1.2.3",
            Gates.BUILD_ENVIRONMENT_LABEL,
            "prod",
            Gates.REVISION_LABEL,
            "7a3f9e2c1b0d4e5f6a7b8c9d0e1f2a3b4c5d6e7f");
    GateFacts untested =
        new GateFacts(
            true,
            f.jobEnvironment(),
            f.reviewers(),
            Map.of("test", Optional.empty()),
            DIGEST,
            f.ref(),
            prodBuild,
            f.now(),
            f.overrideReason());
    GateFacts tested =
        new GateFacts(
            true,
            f.jobEnvironment(),
            f.reviewers(),
            Map.of("test", Optional.of(7L)),
            DIGEST,
            f.ref(),
            prodBuild,
            f.now(),
            f.overrideReason());
    GateFacts unlabelled =
        new GateFacts(
            true,
            f.jobEnvironment(),
            f.reviewers(),
            Map.of("test", Optional.of(7L)),
            DIGEST,
            f.ref(),
            Map.of(Gates.VERSION_LABEL, "1.2.3", Gates.BUILD_ENVIRONMENT_LABEL, "prod"),
            f.now(),
            f.overrideReason());

    assertThat(Gates.promotesByCommit(PROD, List.of("cortex-web"))).isTrue();
    assertThat(Gates.promotesByCommit(PROD, List.of("cortex-api"))).isFalse();
    GateResult refused = Gates.promoteFrom(PROD, List.of("cortex-web"), untested);
    assertThat(refused.passed()).isFalse();
    assertThat(refused.detail())
        .isEqualTo(
            "cortex-web is built per environment, so promote-from looks for the same "
                + "commit, not the same digest: commit 7a3f9e2 (the image's org.opencontainers.image.revision label) has no "
                + "successful deployment of cortex-web in test. Deploy cortex-web at this commit to test first (built for "
                + "test; it must succeed there), then promote it to prod.");
    assertThat(Gates.promoteFrom(PROD, List.of("cortex-web"), tested).detail())
        .isEqualTo("same commit 7a3f9e2 of cortex-web succeeded in test (deployment 7)");
    GateResult noLabel = Gates.promoteFrom(PROD, List.of("cortex-web"), unlabelled);
    assertThat(noLabel.passed()).isFalse();
    assertThat(noLabel.detail())
        .contains("has no 'org.opencontainers.image.revision' label")
        .contains("build-tag-push");
  }

  @Test
  void tagsOnlyRefusesBranchesAndMismatchedVersionLabels() {
    GateFacts f = passing();
    GateFacts branch =
        new GateFacts(
            true,
            f.jobEnvironment(),
            f.reviewers(),
            f.promotedDigests(),
            DIGEST,
            "refs/heads/main",
            f.labels(),
            f.now(),
            f.overrideReason());
    GateFacts otherVersion =
        new GateFacts(
            true,
            f.jobEnvironment(),
            f.reviewers(),
            f.promotedDigests(),
            DIGEST,
            "refs/tags/v1.2.4",
            f.labels(),
            f.now(),
            f.overrideReason());
    GateFacts noLabel =
        new GateFacts(
            true,
            f.jobEnvironment(),
            f.reviewers(),
            f.promotedDigests(),
            DIGEST,
            "v1.2.3",
            Map.of(),
            f.now(),
            f.overrideReason());

    assertThat(Gates.tagsOnly(branch).passed()).isFalse();
    assertThat(Gates.tagsOnly(branch).detail()).contains("'refs/heads/main' is not a release tag");
    assertThat(Gates.tagsOnly(otherVersion).passed()).isFalse();
    assertThat(Gates.tagsOnly(otherVersion).detail())
        .contains("built as version '1.2.3'")
        .contains("v1.2.4");
    assertThat(Gates.tagsOnly(noLabel).passed()).isFalse();
    assertThat(Gates.tagsOnly(f).passed()).isTrue();
  }

  @Test
  void tagsOnlyTakesTheOneSemverPolicy() {
    GateFacts f = passing();
    java.util.function.Function<String, GateFacts> at =
        ref ->
            new GateFacts(
                true,
                f.jobEnvironment(),
                f.reviewers(),
                f.promotedDigests(),
                DIGEST,
                ref,
                f.labels(),
                f.now(),
                f.overrideReason());

    assertThat(Gates.tagsOnly(at.apply("refs/tags/v1.2.3")).passed()).isTrue();
    assertThat(Gates.tagsOnly(at.apply("1.2.3")).passed()).isTrue();
    // semver.org: no leading zeros; only a lowercase v; refs other than tags are no release
    assertThat(Gates.tagsOnly(at.apply("refs/tags/v01.2.3")).detail())
        .contains("is not a release tag");
    assertThat(Gates.tagsOnly(at.apply("refs/tags/V1.2.3")).passed()).isFalse();
    assertThat(Gates.tagsOnly(at.apply("refs/heads/v1.2.3")).passed()).isFalse();
  }

  @Test
  void windowsRefuseOutsideUnlessOverriddenWithAReason() {
    GateFacts f = passing();
    GateFacts late =
        new GateFacts(
            true,
            f.jobEnvironment(),
            f.reviewers(),
            f.promotedDigests(),
            DIGEST,
            f.ref(),
            f.labels(),
            FRIDAY_EVENING,
            Optional.empty());
    GateFacts overridden =
        new GateFacts(
            true,
            f.jobEnvironment(),
            f.reviewers(),
            f.promotedDigests(),
            DIGEST,
            f.ref(),
            f.labels(),
            FRIDAY_EVENING,
            Optional.of("INC-42 hotfix"));

    assertThat(Gates.windows(PROD, late).passed()).isFalse();
    assertThat(Gates.windows(PROD, late).detail())
        .contains("Fri 17:30 Europe/Amsterdam")
        .contains("override-window");
    assertThat(Gates.windows(PROD, overridden).passed()).isTrue();
    assertThat(Gates.windows(PROD, overridden).detail()).contains("overridden: INC-42 hotfix");
    assertThat(Gates.windows(PROD, f).passed()).isTrue();
  }

  @Test
  void provenanceRefusesADevBuiltFrontendInProd() {
    GateFacts f = passing();
    GateFacts devBuilt =
        new GateFacts(
            true,
            f.jobEnvironment(),
            f.reviewers(),
            f.promotedDigests(),
            DIGEST,
            f.ref(),
            Map.of(Gates.BUILD_ENVIRONMENT_LABEL, "dev"),
            f.now(),
            f.overrideReason());
    GateFacts unlabelled =
        new GateFacts(
            true,
            f.jobEnvironment(),
            f.reviewers(),
            f.promotedDigests(),
            DIGEST,
            f.ref(),
            Map.of(),
            f.now(),
            f.overrideReason());

    GateResult r = Gates.provenance(PROD, List.of("cortex-web"), devBuilt);

    assertThat(r.passed()).isFalse();
    assertThat(r.detail())
        .contains("cortex-web must be built for 'prod'")
        .contains("built for 'dev'")
        .contains("build-environment: prod");
    assertThat(Gates.provenance(PROD, List.of("cortex-web"), unlabelled).passed()).isFalse();
    assertThat(Gates.provenance(PROD, List.of("cortex-web"), f).passed()).isTrue();
  }
}
