package dev.bosun.deploy.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.deploy.gitops.ImageEdit.Kustomize;
import dev.bosun.deploy.gitops.ImageEdit.Target;
import dev.bosun.support.OutsideSystemException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JGit adapter against a real bare repository, over file:// and over OpenSSH's sshd on
 * loopback.
 */
class JGitRepoTest {

  static final String FILE = "apps/api/overlays/prod/kustomization.yaml";
  static final String D1 = "sha256:" + "1".repeat(64);
  static final String D2 = "sha256:" + "2".repeat(64);
  static final String OVERLAY =
      """
      resources:
        - ../../base
      images:
        - name: ghcr.io/acme/api  # api
          newTag: v1.3.0
          digest: %s
      """
          .formatted(D1);

  @TempDir Path dir;
  List<String> log = new ArrayList<>();

  static UnaryOperator<String> setDigest(String digest) {
    return text ->
        ImageEdit.apply(
                FILE,
                text,
                new Kustomize(),
                new Target("ghcr.io/acme/api", digest, Optional.of("v1.4.0")))
            .text();
  }

  @Test
  void commitsExactlyTheImageChangeThenRevertsIt() throws Exception {
    // given
    BareRepo origin = new BareRepo(dir, "main", FILE, OVERLAY);

    // when
    String pushed;
    String reverted;
    try (JGitRepo repo =
        JGitRepo.open(origin.url(), "main", 1, new JGitRepo.Anonymous(), log::add)) {
      pushed =
          repo.commitAndPush(
                  FILE, setDigest(D2), "deploy prod: api v1.4.0\n\nBosun-Environment: prod\n")
              .orElseThrow();
      String after = origin.file("main", FILE);
      assertThat(after).isEqualTo(OVERLAY.replace("v1.3.0", "v1.4.0").replace(D1, D2));
      reverted =
          repo.revertAndPush(
              pushed, "Revert deploy prod: api v1.4.0\n\nBosun-Revert: " + pushed + "\n");
    }

    // then
    assertThat(origin.file("main", FILE)).isEqualTo(OVERLAY);
    List<RevCommit> history = origin.log("main");
    assertThat(history)
        .extracting(RevCommit::name)
        .containsExactly(reverted, pushed, history.get(2).name());
    assertThat(history.get(1).getFullMessage()).startsWith("deploy prod: api v1.4.0");
    assertThat(history.get(1).getAuthorIdent().getName()).isEqualTo("bosun");
    assertThat(history.get(0).getFullMessage()).contains("Bosun-Revert: " + pushed);
  }

  @Test
  void aPushRaceIsRebasedOnceKeepingTheOtherCommit() throws Exception {
    // given: bosun clones, then a colleague's commit lands first on the same file
    BareRepo origin = new BareRepo(dir, "main", FILE, OVERLAY);
    try (JGitRepo repo =
        JGitRepo.open(origin.url(), "main", 1, new JGitRepo.Anonymous(), log::add)) {
      String theirs =
          origin.colleagueCommits(
              "main",
              FILE,
              OVERLAY.replace("- ../../base", "- ../../base\n  - hpa.yaml"),
              "add hpa");

      // when
      String pushed = repo.commitAndPush(FILE, setDigest(D2), "deploy prod: api").orElseThrow();

      // then
      assertThat(origin.file("main", FILE)).contains("- hpa.yaml").contains("digest: " + D2);
      List<RevCommit> history = origin.log("main");
      assertThat(history.get(0).name()).isEqualTo(pushed);
      assertThat(history.get(0).getParent(0).name()).isEqualTo(theirs);
      assertThat(log).anyMatch(l -> l.contains("moved while bosun committed; rebasing onto it"));

      // and a revert afterwards keeps the colleague's change
      repo.revertAndPush(pushed, "Revert");
      assertThat(origin.file("main", FILE)).contains("- hpa.yaml").contains("digest: " + D1);
    }
  }

  @Test
  void sameDigestMakesNoCommit() throws Exception {
    BareRepo origin = new BareRepo(dir, "main", FILE, OVERLAY);
    try (JGitRepo repo =
        JGitRepo.open(origin.url(), "main", 1, new JGitRepo.Anonymous(), log::add)) {
      assertThat(
              repo.commitAndPush(
                  FILE,
                  text ->
                      ImageEdit.apply(
                              FILE,
                              text,
                              new Kustomize(),
                              new Target("ghcr.io/acme/api", D1, Optional.of("v1.3.0")))
                          .text(),
                  "noop"))
          .isEmpty();
    }
    assertThat(origin.log("main")).hasSize(1);
  }

  @Test
  void missingBranchOrRepositoryFailsNamingIt() throws Exception {
    BareRepo origin = new BareRepo(dir, "main", FILE, OVERLAY);
    assertThatThrownBy(
            () -> JGitRepo.open(origin.url(), "prod", 1, new JGitRepo.Anonymous(), log::add))
        .isInstanceOf(OutsideSystemException.class)
        .hasMessageContaining("Cloning branch 'prod'");
  }

  @Test
  void overSshWithAKeyAndKnownHosts() throws Exception {
    BareRepo origin = new BareRepo(dir, "main", FILE, OVERLAY);
    try (LoopbackSshd sshd = new LoopbackSshd(dir.resolve("sshd"))) {
      String url = "ssh://root@127.0.0.1:" + sshd.port + origin.bare;
      try (JGitRepo repo =
          JGitRepo.open(
              url, "main", 1, new JGitRepo.SshKey(sshd.clientKey, sshd.knownHosts), log::add)) {
        assertThat(repo.commitAndPush(FILE, setDigest(D2), "deploy prod over ssh")).isPresent();
      }
      assertThat(origin.file("main", FILE)).contains("digest: " + D2);

      // an unknown host key is refused, with the fix
      String otherHost =
          "[127.0.0.1]:"
              + sshd.port
              + " ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n";
      assertThatThrownBy(
              () ->
                  JGitRepo.open(
                      url, "main", 1, new JGitRepo.SshKey(sshd.clientKey, otherHost), log::add))
          .isInstanceOf(OutsideSystemException.class)
          .hasMessageContaining("ssh-known-hosts")
          .hasMessageNotContaining("PRIVATE KEY");
    }
  }
}
