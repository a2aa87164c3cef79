package dev.bosun.image.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.actions.ActionEnv;
import dev.bosun.actions.InputChoice;
import dev.bosun.image.Semver;
import dev.bosun.support.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The tag plan over a table of events, with the default rules and {@code latest: auto}. */
class TagPlannerTest {

  static final String SHA = "0123456789abcdef0123456789abcdef01234567";
  static final String HEAD = "fedcba9876543210fedcba9876543210fedcba98";

  static Stream<Arguments> events() {
    return Stream.of(
        Arguments.of(
            "push to main",
            new GitContext("push", SHA, "refs/heads/main", "main", null),
            List.of(SHA, "sha-0123456", "main", "latest"),
            SHA),
        Arguments.of(
            "tag v1.2.3",
            new GitContext("push", SHA, "refs/tags/v1.2.3", "main", null),
            List.of(SHA, "sha-0123456", "v1.2.3", "1.2.3", "1.2", "1"),
            "1.2.3"),
        Arguments.of(
            "pre-release v2.0.0-rc.1",
            new GitContext("push", SHA, "refs/tags/v2.0.0-rc.1", "main", null),
            List.of(SHA, "sha-0123456", "v2.0.0-rc.1", "2.0.0-rc.1"),
            "2.0.0-rc.1"),
        Arguments.of(
            "pull request 42 (head SHA, not the merge commit)",
            new GitContext("pull_request", HEAD, "refs/pull/42/merge", "main", 42),
            List.of(HEAD, "sha-fedcba9", "pr-42"),
            HEAD),
        Arguments.of(
            "branch with slashes and capitals",
            new GitContext("push", SHA, "refs/heads/Feature/JIRA-12/Login Page", "main", null),
            List.of(SHA, "sha-0123456", "Feature-JIRA-12-Login-Page"),
            SHA),
        Arguments.of(
            "0.x release: no bare 0 tag",
            new GitContext("push", SHA, "refs/tags/v0.3.1", "main", null),
            List.of(SHA, "sha-0123456", "v0.3.1", "0.3.1", "0.3"),
            "0.3.1"),
        Arguments.of(
            "a tag that is not semver",
            new GitContext("push", SHA, "refs/tags/nightly", "main", null),
            List.of(SHA, "sha-0123456", "nightly"),
            SHA),
        Arguments.of(
            "a tag without v: its name and its version are one tag",
            new GitContext("push", SHA, "refs/tags/3.4.5", "main", null),
            List.of(SHA, "sha-0123456", "3.4.5", "3.4", "3"),
            "3.4.5"),
        Arguments.of(
            "manual run on main",
            new GitContext("workflow_dispatch", SHA, "refs/heads/main", "main", null),
            List.of(SHA, "sha-0123456", "main", "latest"),
            SHA),
        Arguments.of(
            "laptop: no ref known",
            new GitContext("", SHA, "", "", null),
            List.of(SHA, "sha-0123456"),
            SHA));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("events")
  void defaultRules(String name, GitContext git, List<String> tags, String version) {
    TagPlan plan = TagPlanner.plan("ghcr.io/Acme/Shop", git, List.of(), Latest.AUTO, List.of());
    assertThat(plan.image().name()).isEqualTo("ghcr.io/acme/shop");
    assertThat(plan.tags()).containsExactlyElementsOf(tags);
    assertThat(plan.version()).isEqualTo(version);
  }

  @Test
  void buildsPerEnvironmentGetTagsOfTheirOwn() {
    GitContext main = new GitContext("push", SHA, "refs/heads/main", "main", null);
    TagPlan prod =
        TagPlanner.plan(
            "ghcr.io/a/web",
            main,
            List.of(),
            Latest.AUTO,
            List.of(),
            java.util.Optional.of("Production"));
    TagPlan dev =
        TagPlanner.plan(
            "ghcr.io/a/web", main, List.of(), Latest.AUTO, List.of(), java.util.Optional.of("dev"));
    assertThat(prod.tags())
        .containsExactly(
            SHA + "-production", "sha-0123456-production", "main-production", "latest-production");
    assertThat(dev.tags()).doesNotContainAnyElementsOf(prod.tags());
    // a long branch is cut before the suffix, never the suffix itself
    GitContext longBranch =
        new GitContext("push", SHA, "refs/heads/" + "b".repeat(200), "main", null);
    assertThat(
            TagPlanner.plan(
                    "ghcr.io/a/web",
                    longBranch,
                    List.of(),
                    Latest.AUTO,
                    List.of(),
                    java.util.Optional.of("production"))
                .tags())
        .allSatisfy(t -> assertThat(t).endsWith("-production").hasSizeLessThanOrEqualTo(128));
    // own rules are taken as written
    assertThat(
            TagPlanner.plan(
                    "ghcr.io/a/web",
                    main,
                    List.of("{{sha}}-prod"),
                    Latest.FALSE,
                    List.of(),
                    java.util.Optional.of("production"))
                .tags())
        .containsExactly(SHA + "-prod");
  }

  @Test
  void latestCanBeForcedOnOrOff() {
    GitContext feature = new GitContext("push", SHA, "refs/heads/feature", "main", null);
    GitContext main = new GitContext("push", SHA, "refs/heads/main", "main", null);
    assertThat(TagPlanner.plan("ghcr.io/a/b", feature, List.of(), Latest.TRUE, List.of()).tags())
        .contains("latest");
    assertThat(TagPlanner.plan("ghcr.io/a/b", main, List.of(), Latest.FALSE, List.of()).tags())
        .doesNotContain("latest");
    InputChoice.Converter<Latest> latest = new InputChoice.Converter<>(Latest.class);
    assertThat(latest.convert(" Auto ")).isEqualTo(Latest.AUTO);
    assertThatThrownBy(() -> latest.convert("sometimes"))
        .hasMessage("is 'sometimes'; expected one of auto, true, false.");
  }

  @Test
  void customRulesExtraTagsAndDuplicates() {
    GitContext git = new GitContext("push", SHA, "refs/tags/v1.2.3", "main", null);
    TagPlan plan =
        TagPlanner.plan(
            "acrmotiumprod.azurecr.io/cortex-api",
            git,
            List.of("{{sha}}", "v{{ version }}", "{{sha}}", "release-{{major}}"),
            Latest.AUTO,
            List.of("stable", SHA));
    assertThat(plan.tags()).containsExactly(SHA, "v1.2.3", "release-1", "stable");
    assertThat(plan.references().get(1)).hasToString("acrmotiumprod.azurecr.io/cortex-api:v1.2.3");
  }

  @Test
  void tagsAreCutTo128Characters() {
    String longBranch = "feature/" + "x".repeat(200);
    TagPlan plan =
        TagPlanner.plan(
            "ghcr.io/a/b",
            new GitContext("push", SHA, "refs/heads/" + longBranch, "", null),
            List.of("{{branch}}"),
            Latest.AUTO,
            List.of());
    assertThat(plan.tags())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t).hasSize(128).startsWith("feature-xxx");
            });
    assertThat(TagPlanner.sanitize("..-/weird tag!")).isEqualTo("weird-tag-");
  }

  @Test
  void badRulesAndTagsNameTheInput() {
    GitContext git = new GitContext("push", SHA, "refs/heads/main", "main", null);
    assertThatThrownBy(
            () ->
                TagPlanner.plan("ghcr.io/a/b", git, List.of("{{commit}}"), Latest.AUTO, List.of()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(
            "Unknown placeholder {{commit}} in the tag rule '{{commit}}'; use one of [{{sha}}")
        .extracting(e -> ((BadInputException) e).subject())
        .isEqualTo("tags");
    assertThatThrownBy(
            () -> TagPlanner.plan("ghcr.io/a/b", git, List.of(), Latest.AUTO, List.of("has space")))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("'has space' is not a valid tag")
        .extracting(e -> ((BadInputException) e).subject())
        .isEqualTo("extra-tags");
    assertThatThrownBy(
            () ->
                TagPlanner.plan(
                    "ghcr.io/a/b", git, List.of("{{version}}"), Latest.FALSE, List.of()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("give no tag for this push event on refs/heads/main");
    assertThatThrownBy(
            () -> TagPlanner.plan("ghcr.io/a/b:v1", git, List.of(), Latest.AUTO, List.of()))
        .isInstanceOf(BadInputException.class)
        .extracting(e -> ((BadInputException) e).subject())
        .isEqualTo("image");
  }

  @Test
  void pullRequestsUseTheHeadShaFromTheEventPayload(@TempDir Path dir) throws Exception {
    Path event = dir.resolve("event.json");
    Files.writeString(
        event,
        """
        {"action":"synchronize","number":42,
         "pull_request":{"number":42,"head":{"ref":"feature/x","sha":"%s"},"base":{"ref":"main"}},
         "repository":{"full_name":"acme/shop","default_branch":"main"}}
        """
            .formatted(HEAD));
    ActionEnv env =
        ActionEnv.of(
            Map.of(
                "GITHUB_EVENT_NAME",
                "pull_request",
                "GITHUB_SHA",
                SHA,
                "GITHUB_REF",
                "refs/pull/42/merge",
                "GITHUB_EVENT_PATH",
                event.toString()));
    GitContext git = GitContext.from(env, null);
    assertThat(git.sha()).isEqualTo(HEAD);
    assertThat(git.pullRequest()).isEqualTo(42);
    assertThat(git.defaultBranch()).isEqualTo("main");

    ActionEnv push =
        ActionEnv.of(
            Map.of(
                "GITHUB_EVENT_NAME",
                "push",
                "GITHUB_SHA",
                SHA,
                "GITHUB_REF",
                "refs/heads/main",
                "GITHUB_EVENT_PATH",
                event.toString()));
    assertThat(GitContext.from(push, null).sha()).isEqualTo(SHA);
    assertThat(GitContext.from(push, HEAD.toUpperCase()).sha()).isEqualTo(HEAD);
  }

  @Test
  void onALaptopTheCheckoutGivesCommitAndBranch(@TempDir Path repo) throws Exception {
    for (String[] cmd :
        new String[][] {
          {"init", "-q", "-b", "feature/x"},
          {
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "commit",
            "-q",
            "--allow-empty",
            "-m",
            "one"
          }
        }) {
      java.util.List<String> argv =
          new java.util.ArrayList<>(List.of("git", "-C", repo.toString()));
      argv.addAll(List.of(cmd));
      assertThat(new ProcessBuilder(argv).inheritIO().start().waitFor()).isZero();
    }
    GitContext git = GitContext.from(ActionEnv.of(Map.of()), null, LocalGit.in(repo));
    assertThat(git.sha()).isEqualTo(LocalGit.in(repo).run("rev-parse", "HEAD").orElseThrow());
    assertThat(git.branch()).contains("feature/x");
    assertThat(
            TagPlanner.plan("localhost:5000/shop", git, List.of(), Latest.AUTO, List.of()).tags())
        .containsExactly(git.sha(), "sha-" + git.shortSha(), "feature-x");
  }

  @Test
  void onALaptopAReleaseTagOnTheCommitGivesTheReleaseTags(@TempDir Path repo) throws Exception {
    // issue 13.12: a laptop build of a tagged commit used to get only the SHA tags and the SHA as
    // its version
    for (String[] cmd :
        new String[][] {
          {"init", "-q", "-b", "main"},
          {
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "commit",
            "-q",
            "--allow-empty",
            "-m",
            "one"
          },
          {"tag", "v1.2.2"},
          {
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "commit",
            "-q",
            "--allow-empty",
            "-m",
            "two"
          },
          {"-c", "user.name=t", "-c", "user.email=t@t", "tag", "-a", "v1.3.0", "-m", "release"},
          {"tag", "v1.3.0-rc.1"},
          {"tag", "deployed-staging"}
        }) {
      java.util.List<String> argv =
          new java.util.ArrayList<>(List.of("git", "-C", repo.toString()));
      argv.addAll(List.of(cmd));
      assertThat(new ProcessBuilder(argv).inheritIO().start().waitFor()).isZero();
    }
    GitContext git = GitContext.from(ActionEnv.of(Map.of()), null, LocalGit.in(repo));
    assertThat(git.gitTag()).contains("v1.3.0");
    TagPlan plan = TagPlanner.plan("localhost:5000/shop", git, List.of(), Latest.AUTO, List.of());
    assertThat(plan.tags())
        .containsExactly(git.sha(), "sha-" + git.shortSha(), "v1.3.0", "1.3.0", "1.3", "1");
    assertThat(plan.version()).isEqualTo("1.3.0");
    // the sha input names an older commit: its own tag counts, not HEAD's
    String older = LocalGit.in(repo).run("rev-parse", "HEAD~1").orElseThrow();
    assertThat(GitContext.from(ActionEnv.of(Map.of()), older, LocalGit.in(repo)).gitTag())
        .contains("v1.2.2");
    // in Actions the runner's GITHUB_REF is the truth, never a local tag
    ActionEnv actions =
        ActionEnv.of(Map.of("GITHUB_SHA", git.sha(), "GITHUB_REF", "refs/heads/main"));
    assertThat(GitContext.from(actions, null, LocalGit.in(repo)).gitTag()).isEmpty();
  }

  @Test
  void theReleaseTagIsChosenFromSeveralOnOneCommit() {
    assertThat(GitContext.releaseTag("v1.3.0-rc.1\nv1.2.9\nnightly\nv1.3.0\n")).contains("v1.3.0");
    assertThat(GitContext.releaseTag("v1.9.0-rc.1\nv2.0.0-rc.2\nnightly")).contains("v2.0.0-rc.2");
    assertThat(GitContext.releaseTag("nightly\nbeta")).contains("beta");
    assertThat(GitContext.releaseTag("")).isEmpty();
  }

  @Test
  void aCommitIsRequired() {
    assertThatThrownBy(() -> GitContext.from(ActionEnv.of(Map.of()), null))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("GITHUB_SHA is not set");
    assertThatThrownBy(() -> GitContext.from(ActionEnv.of(Map.of()), "abc"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("'abc' is not a full commit SHA");
  }

  @Test
  void semverParsing() {
    assertThat(Semver.parse("v1.2.3")).get().extracting(Semver::version).isEqualTo("1.2.3");
    assertThat(Semver.parse("1.0.0+build.5"))
        .get()
        .extracting(Semver::version)
        .isEqualTo("1.0.0+build.5");
    assertThat(Arrays.asList("1.2", "v01.2.3", "release-1.2.3", ""))
        .allSatisfy(s -> assertThat(Semver.parse(s)).isEmpty());
    // '+' is not allowed in a Docker tag; it is sanitized like anything else
    assertThat(
            TagPlanner.plan(
                    "ghcr.io/a/b",
                    new GitContext("push", SHA, "refs/tags/1.0.0+build.5", "", null),
                    List.of("{{version}}"),
                    Latest.AUTO,
                    List.of())
                .tags())
        .containsExactly("1.0.0-build.5");
  }
}
