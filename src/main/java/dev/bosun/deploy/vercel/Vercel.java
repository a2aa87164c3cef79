package dev.bosun.deploy.vercel;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The Vercel operations a promotion needs, for one project at a time. */
public interface Vercel {

  /**
   * The project's newest deployments, newest first.
   *
   * @param sha only those built from this commit, when given
   * @param state only those in this state (e.g. READY), when given
   */
  List<Deployment> deployments(
      String projectId, Optional<String> sha, Optional<String> state, int limit);

  /** One deployment by its id ({@code dpl_…}) or its URL. */
  Deployment deployment(String idOrUrl);

  /** The project: which deployment production points at, and its last promotion or rollback. */
  Project project(String projectId);

  /** Where a domain points now. */
  Optional<String> aliasTarget(String projectId, String domain);

  /** Points production at a deployment; a staged production deployment is not rebuilt. */
  void promote(String projectId, String deploymentId);

  /** Vercel's instant rollback: points production back at an earlier production deployment. */
  void rollback(String projectId, String deploymentId, String reason);

  /**
   * One deployment.
   *
   * @param target {@code production} (or a custom environment) for a production build; empty for a
   *     preview build
   * @param readySubstate {@code STAGED} (never served production), {@code PROMOTED} or {@code
   *     ROLLING}
   * @param sha the commit it was built from ({@code meta.githubCommitSha} and friends), when known
   */
  record Deployment(
      String id,
      String url,
      String projectId,
      String state,
      Optional<String> target,
      Optional<String> readySubstate,
      Optional<String> sha,
      Optional<String> ref,
      Instant created) {

    public boolean ready() {
      return "READY".equals(state);
    }

    public boolean preview() {
      return target.isEmpty();
    }
  }

  /** A project as the promotion sees it. */
  record Project(
      String id,
      String name,
      Optional<String> productionDeploymentId,
      Optional<AliasRequest> lastRequest) {}

  /**
   * The last promote or rollback Vercel ran for the project.
   *
   * @param jobStatus {@code pending}, {@code in-progress}, {@code succeeded}, {@code failed} or
   *     {@code skipped}
   */
  record AliasRequest(String type, String toDeploymentId, String jobStatus, Instant requestedAt) {}
}
