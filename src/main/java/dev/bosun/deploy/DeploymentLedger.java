package dev.bosun.deploy;

import dev.bosun.deploy.gate.ReviewerRule;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** GitHub's record of deployments (the ledger) and its environments' protection rules. */
public interface DeploymentLedger {

  ReviewerRule reviewerRule(String environment);

  /**
   * The newest recent deployment of {@code environment} that {@code matching} accepts (judged on
   * its payload) and that {@link #succeeded(List) succeeded}. Statuses are read only for
   * deployments that match, to spare the API.
   */
  Optional<PastDeployment> lastSuccessful(String environment, Predicate<PastDeployment> matching);

  long create(NewDeployment deployment);

  /**
   * Whether a deployment with these statuses (newest first, as GitHub lists them) succeeded: its
   * newest status other than {@code inactive} is {@code success}. GitHub adds {@code inactive} to
   * the earlier successful deployments of a non-production environment when a newer one succeeds
   * ({@code auto_inactive}); that only means it was replaced, so it stays a rollback target and
   * proof for promote-from. A {@code failure} or {@code error} set after the {@code success} does
   * count: someone marked it bad.
   */
  static boolean succeeded(List<String> statesNewestFirst) {
    return statesNewestFirst.stream()
        .filter(s -> !"inactive".equalsIgnoreCase(s))
        .findFirst()
        .map("success"::equalsIgnoreCase)
        .orElse(false);
  }

  void setStatus(
      long deploymentId,
      String state,
      String description,
      Optional<String> logUrl,
      Optional<String> environmentUrl);

  /** What bosun writes: the deployment request and its payload. */
  record NewDeployment(
      String environment,
      String sha,
      boolean production,
      String description,
      Map<String, Object> payload) {}

  /** A deployment GitHub already has. */
  record PastDeployment(
      long id,
      String environment,
      String sha,
      String ref,
      String state,
      Instant createdAt,
      String creator,
      Map<String, Object> payload) {

    public Optional<String> digest() {
      return Optional.ofNullable(payload.get("digest")).map(Object::toString);
    }

    public Optional<String> image() {
      return Optional.ofNullable(payload.get("image")).map(Object::toString);
    }

    /**
     * The image this deployment set on app {@code key}: its {@code images} entry when it set
     * several (a rollback of a multi-app environment), else its one {@code image}.
     */
    public Optional<String> imageFor(String key) {
      if (payload.get("images") instanceof Map<?, ?> images && images.get(key) != null) {
        return Optional.of(images.get(key).toString());
      }
      return image();
    }

    /** The digest this deployment set on app {@code key} (see {@link #imageFor}). */
    public Optional<String> digestFor(String key) {
      if (payload.get("images") instanceof Map<?, ?> images && images.get(key) != null) {
        String image = images.get(key).toString();
        int at = image.indexOf("@sha256:");
        // a target's own artifact (a Vercel deployment id) is its own digest
        return Optional.of(at < 0 ? image : image.substring(at + 1));
      }
      return digest();
    }

    /**
     * Whether this deployment changed app {@code key}; one that does not name its apps counts as
     * touching all.
     */
    public boolean touched(String key) {
      return !(payload.get("apps") instanceof Map<?, ?> apps) || apps.containsKey(key);
    }

    public boolean succeeded() {
      return "success".equalsIgnoreCase(state);
    }
  }
}
