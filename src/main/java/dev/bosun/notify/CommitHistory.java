package dev.bosun.notify;

import java.util.Optional;

/**
 * The one door to GitHub for notify-slack: which commits a deploy of {@code sha} to an environment
 * ships.
 */
public interface CommitHistory {

  /**
   * The commits between the environment's last successful deployment and {@code sha}, newest first;
   * empty when the environment has no earlier successful deployment of another commit.
   *
   * @throws dev.bosun.support.OutsideSystemException when GitHub cannot answer
   */
  Optional<CommitRange> since(String repository, String environment, String sha);
}
