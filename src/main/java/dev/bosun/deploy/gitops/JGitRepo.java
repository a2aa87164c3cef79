package dev.bosun.deploy.gitops;

import dev.bosun.support.BadInputException;
import dev.bosun.support.CheckFailedException;
import dev.bosun.support.OutsideSystemException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * {@link GitOpsRepo} with JGit: a shallow single-branch clone in a temporary folder, removed on
 * close.
 */
public final class JGitRepo implements GitOpsRepo {

  static final String SYSTEM = "GitOps repository";

  /**
   * Pushes tried when the branch keeps moving: the first and three more, each on the branch's new
   * tip.
   */
  static final int PUSH_ATTEMPTS = 4;

  static final PersonIdent BOSUN = new PersonIdent("bosun", "bosun@users.noreply.github.com");

  private final Git git;
  private final Path dir;
  private final String branch;
  private final String url;
  private final int depth;
  private final Auth auth;
  private final Consumer<String> log;

  /** How bosun signs in to the repository. */
  public sealed interface Auth {}

  /** No credential: a file:// repository, or a public one. */
  public record Anonymous() implements Auth {}

  /**
   * An HTTPS token (GitHub: a fine-grained token or app installation token with contents: write).
   */
  public record Token(String token) implements Auth {
    @Override
    public String toString() {
      return "Token[***]";
    }
  }

  /** An SSH private key (a deploy key with write access) and the server's known_hosts lines. */
  public record SshKey(String privateKey, String knownHosts) implements Auth {
    @Override
    public String toString() {
      return "SshKey[***]";
    }
  }

  private JGitRepo(
      Git git, Path dir, String branch, String url, int depth, Auth auth, Consumer<String> log) {
    this.git = git;
    this.dir = dir;
    this.branch = branch;
    this.url = url;
    this.depth = depth;
    this.auth = auth;
    this.log = log;
  }

  /**
   * Clones {@code branch} of {@code url} with the given history depth into a new temporary folder.
   */
  public static JGitRepo open(
      String url, String branch, int depth, Auth auth, Consumer<String> log) {
    Path dir;
    try {
      dir = Files.createTempDirectory("bosun-gitops-");
    } catch (IOException e) {
      throw new OutsideSystemException(
          SYSTEM, "Cannot create a folder for the clone: " + e.getMessage(), e);
    }
    try {
      Git git =
          configure(Git.cloneRepository(), auth)
              .setURI(url)
              .setDirectory(dir.toFile())
              .setBranch("refs/heads/" + branch)
              .setBranchesToClone(List.of("refs/heads/" + branch))
              .setCloneAllBranches(false)
              .setNoTags()
              .setDepth(depth)
              .call();
      log.accept(
          "Cloned "
              + url
              + " ("
              + branch
              + ", depth "
              + depth
              + ") at "
              + git.getRepository().resolve("HEAD").abbreviate(12).name());
      if (git.getRepository().resolve("HEAD") == null) {
        throw new BadInputException(
            "config", "The GitOps repository " + url + " has no branch '" + branch + "'.");
      }
      return new JGitRepo(git, dir, branch, url, depth, auth, log);
    } catch (GitAPIException | IOException | RuntimeException e) {
      delete(dir);
      if (e instanceof BadInputException b) {
        throw b;
      }
      throw new OutsideSystemException(
          SYSTEM, "Cloning branch '" + branch + "' of " + url + " failed: " + why(e) + hint(e), e);
    }
  }

  private static <C extends org.eclipse.jgit.api.TransportCommand<C, ?>> C configure(
      C command, Auth auth) {
    switch (auth) {
      case Token t ->
          command.setCredentialsProvider(
              new UsernamePasswordCredentialsProvider("x-access-token", t.token()));
      case SshKey k -> {
        JschSessions sessions = new JschSessions(k.privateKey(), k.knownHosts());
        command.setTransportConfigCallback(
            (TransportConfigCallback)
                transport -> {
                  if (transport instanceof SshTransport ssh) {
                    ssh.setSshSessionFactory(sessions);
                  }
                });
      }
      case Anonymous a -> {}
    }
    return command;
  }

  @Override
  public String head() {
    try {
      return git.getRepository().resolve("HEAD").name();
    } catch (IOException e) {
      throw new OutsideSystemException(
          SYSTEM, "Cannot read HEAD of the clone: " + e.getMessage(), e);
    }
  }

  @Override
  public String read(String file) {
    Path p = inside(file);
    try {
      if (!Files.isRegularFile(p)) {
        throw new BadInputException(
            "config",
            "The GitOps repository "
                + url
                + " has no file '"
                + file
                + "' on "
                + "branch '"
                + branch
                + "'. Check 'file' in the environment.");
      }
      if (Files.size(p) > ImageEdit.FILE_CAP) {
        throw new BadInputException(
            "config",
            "'"
                + file
                + "' in "
                + url
                + " is larger than "
                + ImageEdit.FILE_CAP
                + " bytes; point 'file' at the kustomization or values file that names the image.");
      }
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new OutsideSystemException(
          SYSTEM, "Cannot read '" + file + "' in the clone: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<String> commitAndPush(String file, UnaryOperator<String> edit, String message) {
    return pushWithRetries(() -> editCommit(file, edit, message));
  }

  private Optional<RevCommit> editCommit(String file, UnaryOperator<String> edit, String message) {
    {
      String before = read(file);
      String after = edit.apply(before);
      if (after.equals(before)) {
        return Optional.empty();
      }
      try {
        Files.writeString(inside(file), after, StandardCharsets.UTF_8);
        git.add().addFilepattern(file).call();
        return Optional.of(
            git.commit()
                .setMessage(message)
                .setAuthor(BOSUN)
                .setCommitter(BOSUN)
                .setSign(false)
                .setOnly(file)
                .call());
      } catch (GitAPIException | IOException e) {
        throw new OutsideSystemException(SYSTEM, "Committing '" + file + "' failed: " + why(e), e);
      }
    }
  }

  @Override
  public String revertAndPush(String commit, String message) {
    return pushWithRetries(() -> revertCommit(commit, message)).orElseThrow();
  }

  @Override
  public Optional<String> proposeEdit(
      String file, UnaryOperator<String> edit, String message, String head) {
    refresh();
    return pushAside(editCommit(file, edit, message), head);
  }

  @Override
  public String proposeRevert(String commit, String message, String head) {
    refresh();
    return pushAside(revertCommit(commit, message), head).orElseThrow();
  }

  /**
   * Pushes the commit to bosun's own branch {@code head} (replacing an earlier attempt of the same
   * change), then puts the checkout back on the branch's tip, since the change is not on the branch
   * until the pull request is merged.
   */
  private Optional<String> pushAside(Optional<RevCommit> made, String head) {
    if (made.isEmpty()) {
      return Optional.empty();
    }
    RemoteRefUpdate.Status status = push("+HEAD:refs/heads/" + head, "refs/heads/" + head);
    if (status != RemoteRefUpdate.Status.OK && status != RemoteRefUpdate.Status.UP_TO_DATE) {
      throw new OutsideSystemException(
          SYSTEM,
          "Pushing branch "
              + head
              + " to "
              + url
              + " was refused ("
              + status
              + lastMessage()
              + "). Check that the token or deploy key may create branches there.");
    }
    log.accept("Pushed " + made.get().abbreviate(12).name() + " to branch " + head + " of " + url);
    try {
      git.reset()
          .setMode(ResetCommand.ResetType.HARD)
          .setRef("refs/remotes/origin/" + branch)
          .call();
    } catch (GitAPIException e) {
      throw new OutsideSystemException(SYSTEM, "Resetting the clone failed: " + why(e), e);
    }
    return Optional.of(made.get().name());
  }

  @Override
  public Optional<String> findCommit(java.util.function.Predicate<String> message, int depth) {
    try {
      configure(git.fetch(), auth)
          .setRemote("origin")
          .setRefSpecs(new RefSpec("+refs/heads/" + branch + ":refs/remotes/origin/" + branch))
          .setDepth(depth)
          .call();
    } catch (GitAPIException | RuntimeException e) {
      throw new OutsideSystemException(
          SYSTEM, "Fetching the history of " + branch + " of " + url + " failed: " + why(e), e);
    }
    try (RevWalk walk = new RevWalk(git.getRepository())) {
      walk.markStart(walk.parseCommit(git.getRepository().resolve("HEAD")));
      int seen = 0;
      for (RevCommit c : walk) {
        if (seen++ >= depth) {
          break;
        }
        if (message.test(c.getFullMessage())) {
          return Optional.of(c.name());
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new OutsideSystemException(
          SYSTEM, "Reading the history of " + branch + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<String> readBefore(String commit, String file) {
    try (RevWalk walk = new RevWalk(git.getRepository())) {
      RevCommit c = walk.parseCommit(ObjectId.fromString(commit));
      if (c.getParentCount() == 0) {
        return Optional.empty();
      }
      RevCommit parent = walk.parseCommit(c.getParent(0));
      try (TreeWalk tw = TreeWalk.forPath(git.getRepository(), file, parent.getTree())) {
        if (tw == null) {
          return Optional.empty();
        }
        var loader = git.getRepository().open(tw.getObjectId(0));
        if (loader.getSize() > ImageEdit.FILE_CAP) {
          return Optional.empty();
        }
        return Optional.of(new String(loader.getBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private Optional<RevCommit> revertCommit(String commit, String message) {
    {
      try (RevWalk walk = new RevWalk(git.getRepository())) {
        RevCommit target = walk.parseCommit(ObjectId.fromString(commit));
        RevCommit reverted = git.revert().include(target).call();
        if (reverted == null) {
          git.reset().setMode(ResetCommand.ResetType.HARD).call();
          throw new CheckFailedException(
              "rollback",
              "Reverting bosun's commit "
                  + commit.substring(0, 12)
                  + " in "
                  + url
                  + " conflicts with a later change to the same lines; revert it by hand.");
        }
        return Optional.of(
            git.commit()
                .setAmend(true)
                .setMessage(message)
                .setAuthor(BOSUN)
                .setCommitter(BOSUN)
                .setSign(false)
                .call());
      } catch (GitAPIException | IOException e) {
        throw new OutsideSystemException(SYSTEM, "Reverting " + commit + " failed: " + why(e), e);
      }
    }
  }

  @Override
  public Optional<String> message(String commit) {
    try (RevWalk walk = new RevWalk(git.getRepository())) {
      return Optional.of(walk.parseCommit(ObjectId.fromString(commit)).getFullMessage());
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * Makes the commit and pushes it. A non-fast-forward means someone pushed first: fetch their tip,
   * make the commit again on it (the edit re-reads the file, so their change stays), and push
   * again, at most {@link #PUSH_ATTEMPTS} times in all.
   */
  private Optional<String> pushWithRetries(Supplier<Optional<RevCommit>> makeCommit) {
    for (int attempt = 1; ; attempt++) {
      Optional<RevCommit> made = makeCommit.get();
      if (made.isEmpty()) {
        return Optional.empty();
      }
      RemoteRefUpdate.Status status = push("HEAD:refs/heads/" + branch, "refs/heads/" + branch);
      switch (status) {
        case OK, UP_TO_DATE -> {
          log.accept("Pushed " + made.get().abbreviate(12).name() + " to " + branch + " of " + url);
          return Optional.of(made.get().name());
        }
        case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> {
          if (attempt >= PUSH_ATTEMPTS) {
            // the unpushed commit must not look live to what reads the clone next (a rollback's
            // "what runs now")
            refresh();
            throw new OutsideSystemException(
                SYSTEM,
                "Pushing to "
                    + branch
                    + " of "
                    + url
                    + " was refused "
                    + attempt
                    + " times because the branch kept moving (others push to it); nothing of this run is on "
                    + "it. Run the deploy again, or use via: pull-request.");
          }
          log.accept(
              "Branch "
                  + branch
                  + " of "
                  + url
                  + " moved while bosun committed; rebasing onto it and "
                  + "pushing again (attempt "
                  + (attempt + 1)
                  + " of "
                  + PUSH_ATTEMPTS
                  + ")");
          refresh();
        }
        default -> {
          String refused = status + lastMessage();
          refresh();
          throw new OutsideSystemException(
              SYSTEM,
              "Pushing to "
                  + branch
                  + " of "
                  + url
                  + " was refused ("
                  + refused
                  + "). Check that the token or deploy key may push to that branch (branch "
                  + "protection, or use via: pull-request).");
        }
      }
    }
  }

  private String lastPushMessage = "";

  private String lastMessage() {
    return lastPushMessage.isEmpty() ? "" : ": " + lastPushMessage;
  }

  private RemoteRefUpdate.Status push(String spec, String ref) {
    try {
      Iterable<PushResult> results =
          configure(git.push(), auth).setRemote("origin").setRefSpecs(new RefSpec(spec)).call();
      for (PushResult r : results) {
        RemoteRefUpdate u = r.getRemoteUpdate(ref);
        if (u != null) {
          lastPushMessage = Optional.ofNullable(u.getMessage()).orElse("");
          return u.getStatus();
        }
      }
      return RemoteRefUpdate.Status.REJECTED_OTHER_REASON;
    } catch (GitAPIException | RuntimeException e) {
      throw new OutsideSystemException(
          SYSTEM, "Pushing to " + branch + " of " + url + " failed: " + why(e) + hint(e), e);
    }
  }

  @Override
  public void refresh() {
    try {
      configure(git.fetch(), auth)
          .setRemote("origin")
          .setRefSpecs(new RefSpec("+refs/heads/" + branch + ":refs/remotes/origin/" + branch))
          .setDepth(depth)
          .call();
      git.reset()
          .setMode(ResetCommand.ResetType.HARD)
          .setRef("refs/remotes/origin/" + branch)
          .call();
    } catch (GitAPIException | RuntimeException e) {
      throw new OutsideSystemException(
          SYSTEM, "Fetching " + branch + " of " + url + " failed: " + why(e), e);
    }
  }

  /** The file's path in the clone; a path that leaves the clone is refused. */
  private Path inside(String file) {
    Path p = dir.resolve(file).normalize();
    if (!p.startsWith(dir) || file.startsWith("/")) {
      throw new BadInputException(
          "config",
          "'file' is '"
              + file
              + "'; give a path inside the GitOps repository, "
              + "relative to its root.");
    }
    return p;
  }

  @Override
  public void close() {
    git.close();
    delete(dir);
  }

  private static void delete(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary folder left behind is harmless
    }
  }

  private static String why(Exception e) {
    Throwable t = e;
    String message = e.getMessage();
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
      if (t.getMessage() != null) {
        message = t.getMessage();
      }
    }
    return message == null ? e.getClass().getSimpleName() : message;
  }

  private static String hint(Exception e) {
    String m = why(e).toLowerCase(java.util.Locale.ROOT);
    if (m.contains("not authorized") || m.contains("authentication") || m.contains("401")) {
      return ". Check gitops-token (HTTPS) or ssh-key (SSH): it needs write access to the repository.";
    }
    if (m.contains("hostkey")) {
      return ". The server's host key is not the one in ssh-known-hosts: add the line that ssh-keyscan -p PORT HOST "
          + "prints, after checking its fingerprint.";
    }
    if (m.contains("auth fail") || m.contains("auth cancel")) {
      return ". The server did not accept ssh-key: add its public key as a deploy key with write access.";
    }
    return "";
  }
}
