package dev.bosun.migrate;

import dev.bosun.actions.Printable;
import dev.bosun.support.BadInputException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.FileTreeIterator;

/**
 * {@code lint-base}: the files added or changed since a git ref, as atlas's {@code git-base} does,
 * read with JGit in the process (no git binary in the image, no {@code safe.directory} trouble with
 * a workspace owned by another user). It compares the merge base of the ref and {@code HEAD} with
 * the working tree, so commits on the base branch since the branch point do not count, and
 * uncommitted files on a laptop do.
 */
final class GitChanges {

  private GitChanges() {}

  /**
   * The absolute, real paths of files added or modified since {@code ref}, in the repository
   * holding {@code dir}.
   */
  static Set<Path> since(Path dir, String ref) {
    FileRepositoryBuilder builder =
        new FileRepositoryBuilder().findGitDir(dir.toAbsolutePath().toFile());
    if (builder.getGitDir() == null) {
      throw new BadInputException(
          "lint-base",
          "Input 'lint-base' needs the migrations in a git checkout, but "
              + Printable.quoted(dir)
              + " is not inside one. Check out the repository (actions/checkout) or remove lint-base.");
    }
    try (Repository repo = builder.setMustExist(true).build();
        RevWalk walk = new RevWalk(repo);
        ObjectReader reader = repo.newObjectReader()) {
      ObjectId base = repo.resolve(ref + "^{commit}");
      if (base == null) {
        throw new BadInputException(
            "lint-base",
            "Input 'lint-base': git has no commit "
                + Printable.quoted(ref)
                + " here. Fetch it first (actions/checkout with fetch-depth: 0, or git fetch origin main) and name it as "
                + "git does, for example origin/main.");
      }
      RevCommit from = mergeBase(repo, walk, base);
      CanonicalTreeParser old = new CanonicalTreeParser();
      old.reset(reader, from.getTree());
      Path root = real(repo.getWorkTree().toPath());
      Set<Path> out = new HashSet<>();
      for (DiffEntry e :
          Git.wrap(repo)
              .diff()
              .setOldTree(old)
              .setNewTree(new FileTreeIterator(repo))
              .setShowNameAndStatusOnly(true)
              .call()) {
        if (e.getChangeType() != DiffEntry.ChangeType.DELETE) {
          out.add(root.resolve(e.getNewPath()).normalize());
        }
      }
      return out;
    } catch (IOException | GitAPIException e) {
      throw new BadInputException(
          "lint-base",
          "Input 'lint-base': cannot compare with "
              + Printable.quoted(ref)
              + ": "
              + Printable.value(e.getMessage()));
    }
  }

  /**
   * Where HEAD left the base; the base itself when HEAD is missing or a shallow clone hides the
   * merge base.
   */
  private static RevCommit mergeBase(Repository repo, RevWalk walk, ObjectId base)
      throws IOException {
    RevCommit baseCommit = walk.parseCommit(base);
    ObjectId head = repo.resolve("HEAD^{commit}");
    if (head == null) {
      return baseCommit;
    }
    try {
      walk.setRevFilter(RevFilter.MERGE_BASE);
      walk.markStart(baseCommit);
      walk.markStart(walk.parseCommit(head));
      RevCommit mb = walk.next();
      return mb == null ? baseCommit : walk.parseCommit(mb);
    } catch (IOException shallow) {
      return baseCommit;
    } finally {
      walk.reset();
      walk.setRevFilter(RevFilter.ALL);
    }
  }

  /**
   * The real path when it exists, so a symlinked workspace compares equal; else the normalised
   * absolute one.
   */
  static Path real(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return p.toAbsolutePath().normalize();
    }
  }
}
