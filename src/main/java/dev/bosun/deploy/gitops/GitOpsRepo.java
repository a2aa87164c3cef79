package dev.bosun.deploy.gitops;

import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The git operations a GitOps deploy needs on one branch of one repository, checked out shallowly.
 */
public interface GitOpsRepo extends AutoCloseable {

  /** The commit the checkout is at. */
  String head();

  /** The file's text at the checkout's tip (size-capped). */
  String read(String file);

  /**
   * Applies {@code edit} to the file, commits with {@code message} and pushes to the branch. When
   * the branch moved meanwhile (non-fast-forward), fetches the new tip, applies the edit again
   * there and pushes again, a bounded number of times.
   *
   * @return the pushed commit, or empty when the edit changed nothing
   */
  Optional<String> commitAndPush(String file, UnaryOperator<String> edit, String message);

  /**
   * Reverts {@code commit} (bosun's own) with {@code message} and pushes, with the same bounded
   * retries.
   */
  String revertAndPush(String commit, String message);

  /**
   * For a pull request: applies {@code edit} on the branch's current tip, commits, and pushes the
   * commit to bosun's own branch {@code head} (replacing what was there); the checkout stays on the
   * branch's tip.
   *
   * @return the commit, or empty when the edit changed nothing
   */
  Optional<String> proposeEdit(
      String file, UnaryOperator<String> edit, String message, String head);

  /**
   * For a pull request: reverts {@code commit} on the branch's current tip and pushes that to
   * {@code head}.
   */
  String proposeRevert(String commit, String message, String head);

  /**
   * Fetches the branch's tip and moves the checkout there (after a pull request was merged, say).
   */
  void refresh();

  /**
   * The newest of the branch's last {@code depth} commits whose full message satisfies {@code
   * message}; reads deeper history than the shallow clone holds.
   */
  Optional<String> findCommit(Predicate<String> message, int depth);

  /** The file's text in the first parent of {@code commit}, when the history holds it. */
  Optional<String> readBefore(String commit, String file);

  /** The full message of a commit in the checkout, if it is there. */
  Optional<String> message(String commit);

  @Override
  void close();
}
