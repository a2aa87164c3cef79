package dev.bosun.deploy;

import dev.bosun.deploy.gate.ReviewerRule;
import dev.bosun.support.BadInputException;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Stands in for GitHub when no token was given, so the first use explains what to add instead of
 * failing later.
 */
final class MissingTokenLedger implements DeploymentLedger {

  private static BadInputException missing() {
    return new BadInputException(
        "github-token",
        "Input 'github-token' is empty and GITHUB_TOKEN is not set. "
            + "deploy-env records GitHub deployments and reads environments: pass 'github-token: ${{ github.token }}' "
            + "and give the job 'permissions: deployments: write'.");
  }

  @Override
  public ReviewerRule reviewerRule(String environment) {
    throw missing();
  }

  @Override
  public Optional<PastDeployment> lastSuccessful(
      String environment, Predicate<PastDeployment> matching) {
    throw missing();
  }

  @Override
  public long create(NewDeployment deployment) {
    throw missing();
  }

  @Override
  public void setStatus(
      long deploymentId,
      String state,
      String description,
      Optional<String> logUrl,
      Optional<String> environmentUrl) {
    throw missing();
  }
}
