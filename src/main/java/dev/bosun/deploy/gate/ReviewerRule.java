package dev.bosun.deploy.gate;

/** What GitHub says about a repository environment's required-reviewers protection rule. */
public enum ReviewerRule {
  REQUIRED,
  NOT_REQUIRED,
  NO_SUCH_ENVIRONMENT
}
