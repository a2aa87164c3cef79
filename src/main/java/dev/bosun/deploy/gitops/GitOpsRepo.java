package dev.bosun.deploy.gitops;

import java.util.Optional;
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
   * there and pushes once more.
   *
   * @return the pushed commit, or empty when the edit changed nothing
   */
  Optional<String> commitAndPush(String file, UnaryOperator<String> edit, String message);

  /**
   * Reverts {@code commit} (bosun's own) with {@code message} and pushes, with the same one retry.
   */
  String revertAndPush(String commit, String message);

  /** The full message of a commit in the checkout, if it is there. */
  Optional<String> message(String commit);

  @Override
  void close();
}
