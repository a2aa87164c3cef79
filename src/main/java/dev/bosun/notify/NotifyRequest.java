package dev.bosun.notify;

import java.util.Optional;

/**
 * One notification, parsed and checked: where it goes, what it says, and how failures are treated.
 *
 * @param target empty only in a dry run without credentials, which just shows the payload
 * @param lookup set when a GitHub token was given: find the commits since the last successful
 *     deployment
 * @param maxCommits how many commits the message lists at most
 */
public record NotifyRequest(
    Optional<SlackTarget> target,
    DeployContext context,
    Optional<PayloadTemplate> template,
    Optional<CommitLookup> lookup,
    int maxCommits,
    boolean dryRun,
    boolean failOnError) {

  /** Which deployments to compare on GitHub. */
  public record CommitLookup(String repository, String environment, String sha) {}
}
