package dev.bosun.deploy.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bosun.deploy.DeploymentLedger;
import dev.bosun.deploy.gate.ReviewerRule;
import dev.bosun.github.GitHubApi;
import dev.bosun.support.HttpRetry;
import dev.bosun.support.OutsideSystemException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@link DeploymentLedger} on GitHub: deployments, their statuses and the environment's protection
 * rules through the REST API ({@link GitHubApi}), every call through {@link HttpRetry}.
 */
public final class GitHubLedger implements DeploymentLedger {

  private final String repository;
  private final GitHubApi github;

  public GitHubLedger(String apiUrl, String repository, String token, HttpRetry http) {
    this.repository = repository;
    this.github =
        new GitHubApi(
            apiUrl,
            token,
            () -> http,
            () -> Duration.ofSeconds(30),
            "github",
            status -> permissionHint(status, "deployments: write"));
  }

  @Override
  public ReviewerRule reviewerRule(String environment) {
    HttpResponse<String> response =
        github.get(
            "/repos/"
                + repository
                + "/environments/"
                + URLEncoder.encode(environment, StandardCharsets.UTF_8).replace("+", "%20"));
    if (response.statusCode() == 404) {
      return ReviewerRule.NO_SUCH_ENVIRONMENT;
    }
    if (response.statusCode() != 200) {
      throw new OutsideSystemException(
          "github",
          "GitHub answered HTTP "
              + response.statusCode()
              + " to GET "
              + HttpRetry.safeUri(response.request())
              + permissionHint(response.statusCode(), "actions: read"));
    }
    JsonNode rules = github.json(response, "GET the environment " + environment);
    for (JsonNode rule : rules.path("protection_rules")) {
      if ("required_reviewers".equals(rule.path("type").asText())
          && rule.path("reviewers").size() > 0) {
        return ReviewerRule.REQUIRED;
      }
    }
    return ReviewerRule.NOT_REQUIRED;
  }

  @Override
  public Optional<PastDeployment> lastSuccessful(
      String environment, Predicate<PastDeployment> matching) {
    return github
        .lastSuccessful(repository, environment, d -> matching.test(past(d, "unknown")))
        .map(d -> past(d, "success"));
  }

  private static PastDeployment past(GitHubApi.Deployment d, String state) {
    return new PastDeployment(
        d.id(), d.environment(), d.sha(), d.ref(), state, d.createdAt(), d.creator(), d.payload());
  }

  /** The fields and payload as GitHub's "create a deployment" takes them, the payload as text. */
  @Override
  public long create(NewDeployment deployment) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ref", deployment.sha());
    body.put("environment", deployment.environment());
    body.put("description", deployment.description());
    body.put("payload", GitHubApi.text(deployment.payload()));
    body.put("auto_merge", false);
    body.put("required_contexts", List.of());
    body.put("production_environment", deployment.production());
    body.put("transient_environment", false);
    HttpResponse<String> response = github.post("/repos/" + repository + "/deployments", body);
    if (response.statusCode() != 201) {
      throw new OutsideSystemException(
          "github",
          "GitHub refused to create a deployment in "
              + deployment.environment()
              + " (HTTP "
              + response.statusCode()
              + ")"
              + permissionHint(response.statusCode(), "deployments: write"));
    }
    return github.json(response, "POST a deployment").path("id").asLong();
  }

  @Override
  public void setStatus(
      long deploymentId,
      String state,
      String description,
      Optional<String> logUrl,
      Optional<String> environmentUrl) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("state", state);
    body.put(
        "description",
        description.length() > 140 ? description.substring(0, 137) + "..." : description);
    logUrl.ifPresent(u -> body.put("log_url", u));
    environmentUrl.ifPresent(u -> body.put("environment_url", u));
    body.put("auto_inactive", true);
    HttpResponse<String> response =
        github.post("/repos/" + repository + "/deployments/" + deploymentId + "/statuses", body);
    if (response.statusCode() != 201 && response.statusCode() != 200) {
      throw new OutsideSystemException(
          "github",
          "GitHub refused to set deployment "
              + deploymentId
              + " to "
              + state
              + " (HTTP "
              + response.statusCode()
              + ")"
              + permissionHint(response.statusCode(), "deployments: write"));
    }
  }

  private String permissionHint(int status, String permission) {
    return switch (status) {
      case 401 -> ". The github-token is not valid; pass 'github-token: ${{ github.token }}'.";
      case 403 ->
          ". The github-token needs '"
              + permission
              + "': add 'permissions: "
              + permission
              + "' to the job (or give the token that permission).";
      case 404 ->
          ". Check that repository "
              + repository
              + " exists and that the github-token can see it"
              + " (it needs '"
              + permission
              + "').";
      default -> ".";
    };
  }
}
