package dev.bosun.deploy.gate;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the gates look at, gathered beforehand from GitHub, the registry and the clock, so the
 * rules are pure.
 *
 * @param oidcAvailable whether this job could get an OIDC token at all
 * @param jobEnvironment the {@code environment} claim of the job's OIDC token, if the job is bound
 *     to one
 * @param reviewers the GitHub environment's required-reviewers rule; empty when it was not looked
 *     up
 * @param promotedDigests per upstream environment, the ID of the successful deployment that proves
 *     the promotion (of this digest; of this commit when an app is built per environment, see
 *     {@link Gates#promotesByCommit}), or empty
 * @param ref the git ref being deployed ({@code refs/tags/v1.2.3}, {@code v1.2.3} or a branch)
 * @param labels the image's config labels
 * @param overrideReason why the deploy window is overridden, if it is
 */
public record GateFacts(
    boolean oidcAvailable,
    Optional<String> jobEnvironment,
    Optional<ReviewerRule> reviewers,
    Map<String, Optional<Long>> promotedDigests,
    String digest,
    String ref,
    Map<String, String> labels,
    Instant now,
    Optional<String> overrideReason) {

  public GateFacts {
    promotedDigests = Map.copyOf(promotedDigests);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    ref = ref == null ? "" : ref;
  }
}
