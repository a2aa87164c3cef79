package dev.bosun.deploy.gitops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A real bare GitOps repository on disk, and a second "colleague" clone that pushes to it as a
 * person would.
 */
public final class BareRepo {

  static final PersonIdent ALICE = new PersonIdent("Alice", "alice@example.com");
  public final Path bare;
  private final Path work;

  public BareRepo(Path dir, String branch, String file, String content) throws Exception {
    bare = dir.resolve("deploy.git");
    work = dir.resolve("colleague");
    Git.init().setBare(true).setInitialBranch(branch).setDirectory(bare.toFile()).call().close();
    try (Git git =
        Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(work.toFile()).call()) {
      git.checkout().setOrphan(true).setName(branch).call();
      write(file, content);
      git.add().addFilepattern(".").call();
      git.commit()
          .setMessage("initial overlay")
          .setAuthor(ALICE)
          .setCommitter(ALICE)
          .setSign(false)
          .call();
      git.push()
          .setRefSpecs(new org.eclipse.jgit.transport.RefSpec("HEAD:refs/heads/" + branch))
          .call();
    }
  }

  public String url() {
    return bare.toUri().toString();
  }

  /** The colleague pulls, changes a file and pushes, as another commit landing on the branch. */
  public String colleagueCommits(String branch, String file, String content, String message)
      throws Exception {
    try (Git git = Git.open(work.toFile())) {
      git.fetch().call();
      git.reset()
          .setMode(org.eclipse.jgit.api.ResetCommand.ResetType.HARD)
          .setRef("origin/" + branch)
          .call();
      write(file, content);
      git.add().addFilepattern(file).call();
      RevCommit c =
          git.commit()
              .setMessage(message)
              .setAuthor(ALICE)
              .setCommitter(ALICE)
              .setSign(false)
              .call();
      git.push()
          .setRefSpecs(new org.eclipse.jgit.transport.RefSpec("HEAD:refs/heads/" + branch))
          .call();
      return c.name();
    }
  }

  /**
   * Merges branch {@code head} into {@code base} as GitHub's "Squash and merge" does: one new
   * commit on the base's tip with the head's tree. Returns it.
   */
  public String squashMerge(String head, String base, String message) throws Exception {
    try (Repository repo = Git.open(bare.toFile()).getRepository();
        RevWalk walk = new RevWalk(repo);
        var inserter = repo.newObjectInserter()) {
      RevCommit tip = walk.parseCommit(repo.resolve("refs/heads/" + base));
      RevCommit theirs = walk.parseCommit(repo.resolve("refs/heads/" + head));
      org.eclipse.jgit.lib.CommitBuilder c = new org.eclipse.jgit.lib.CommitBuilder();
      c.setTreeId(theirs.getTree());
      c.setParentId(tip);
      PersonIdent github = new PersonIdent("GitHub", "noreply@github.com");
      c.setAuthor(theirs.getAuthorIdent());
      c.setCommitter(github);
      c.setMessage(message);
      ObjectId id = inserter.insert(c);
      inserter.flush();
      var update = repo.updateRef("refs/heads/" + base);
      update.setNewObjectId(id);
      update.setExpectedOldObjectId(tip);
      update.update();
      return id.name();
    }
  }

  /** Whether the bare repository has branch {@code name}. */
  public boolean hasBranch(String name) throws Exception {
    try (Repository repo = Git.open(bare.toFile()).getRepository()) {
      return repo.resolve("refs/heads/" + name) != null;
    }
  }

  private void write(String file, String content) throws IOException {
    Path p = work.resolve(file);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  /** The file's text at the branch tip in the bare repository. */
  public String file(String branch, String file) throws Exception {
    try (Repository repo = Git.open(bare.toFile()).getRepository();
        RevWalk walk = new RevWalk(repo)) {
      RevCommit tip = walk.parseCommit(repo.resolve("refs/heads/" + branch));
      try (TreeWalk tw = TreeWalk.forPath(repo, file, tip.getTree())) {
        ObjectId blob = tw.getObjectId(0);
        return new String(repo.open(blob).getBytes(), StandardCharsets.UTF_8);
      }
    }
  }

  /** The branch's history, newest first: each commit's message. */
  public List<RevCommit> log(String branch) throws Exception {
    try (Git git = Git.open(bare.toFile())) {
      List<RevCommit> out = new ArrayList<>();
      git.log().add(git.getRepository().resolve("refs/heads/" + branch)).call().forEach(out::add);
      return out;
    }
  }
}
