package dev.bosun.deploy.gitops;

/**
 * The GitHub pull-request calls a GitOps deploy with {@code via: pull-request} needs, on the GitOps
 * repository.
 */
public interface PullRequests {

  /**
   * Opens a pull request from bosun's branch {@code head} into {@code base}; when one is open for
   * that head already (a re-run), returns it.
   */
  PullRequest open(String head, String base, String title, String body);

  /** The pull request as it is now. */
  PullRequest get(long number);

  /** Closes it without merging. */
  void close(long number);

  /**
   * The fields of GitHub's pull-request object bosun reads.
   *
   * @param mergeCommitSha once merged, the commit on the base branch that holds the change (a
   *     merge, squash or rebase commit); meaningless before
   */
  record PullRequest(long number, String url, String state, boolean merged, String mergeCommitSha) {

    public boolean closedUnmerged() {
      return "closed".equals(state) && !merged;
    }
  }
}
