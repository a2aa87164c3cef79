package dev.bosun.deploy.github;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bosun.deploy.DeploymentLedger;
import dev.bosun.deploy.gate.ReviewerRule;
import dev.bosun.support.HttpRetry;
import dev.bosun.support.Json;
import dev.bosun.support.OutsideSystemException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.kohsuke.github.GHDeployment;
import org.kohsuke.github.GHDeploymentStatus;
import org.kohsuke.github.GHFileNotFoundException;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.HttpException;

/**
 * {@link DeploymentLedger} on GitHub: deployments through github-api, the environment's protection
 * rules through REST directly (github-api does not model them). Every call goes through {@link
 * HttpRetry}.
 */
public final class GitHubLedger implements DeploymentLedger {

  private static final ObjectMapper JSON = Json.mapper();

  /**
   * How many recent deployments of an environment are searched for a digest or a rollback target.
   */
  static final int HISTORY = 100;

  private static final int PAGE = 30;

  /**
   * Statuses read per deployment: bosun writes two or three, GitHub adds one {@code inactive} when
   * it is replaced.
   */
  private static final int STATUSES = 100;

  private final String apiUrl;
  private final String repository;
  private final String token;
  private final HttpRetry http;
  private GHRepository repo;

  public GitHubLedger(String apiUrl, String repository, String token, HttpRetry http) {
    this.apiUrl = apiUrl.replaceAll("/+$", "");
    this.repository = repository;
    this.token = token;
    this.http = http;
  }

  private synchronized GHRepository repo() {
    if (repo == null) {
      repo =
          call(
              "open repository " + repository,
              () -> {
                // withOAuthToken would make github-api ask GET /user for the token's login, which a
                // job's GITHUB_TOKEN (an
                // installation token, not a user) answers with 403; the installation-token form
                // sends the same header
                GitHub gh =
                    new GitHubBuilder()
                        .withEndpoint(apiUrl)
                        .withAppInstallationToken(token)
                        .withConnector(new RetryingConnector(http, Duration.ofSeconds(30)))
                        .build();
                return gh.getRepository(repository);
              });
    }
    return repo;
  }

  @Override
  public ReviewerRule reviewerRule(String environment) {
    URI uri =
        URI.create(
            apiUrl
                + "/repos/"
                + repository
                + "/environments/"
                + URLEncoder.encode(environment, StandardCharsets.UTF_8).replace("+", "%20"));
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/vnd.github+json")
            .header("X-GitHub-Api-Version", "2022-11-28")
            .GET()
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() == 404) {
      return ReviewerRule.NO_SUCH_ENVIRONMENT;
    }
    if (response.statusCode() != 200) {
      throw new OutsideSystemException(
          "github",
          "GitHub answered HTTP "
              + response.statusCode()
              + " to GET "
              + HttpRetry.safeUri(request)
              + permissionHint(response.statusCode(), "actions: read"));
    }
    try {
      JsonNode rules = JSON.readTree(response.body()).path("protection_rules");
      for (JsonNode rule : rules) {
        if ("required_reviewers".equals(rule.path("type").asText())
            && rule.path("reviewers").size() > 0) {
          return ReviewerRule.REQUIRED;
        }
      }
      return ReviewerRule.NOT_REQUIRED;
    } catch (IOException e) {
      throw new OutsideSystemException("github", "GitHub's environment response is not JSON", e);
    }
  }

  @Override
  public Optional<PastDeployment> lastSuccessful(
      String environment, Predicate<PastDeployment> matching) {
    return call(
        "list deployments of " + environment,
        () -> {
          int seen = 0;
          for (GHDeployment d :
              repo().listDeployments(null, null, null, environment).withPageSize(PAGE)) {
            if (++seen > HISTORY) {
              break;
            }
            PastDeployment candidate = past(d, "unknown");
            if (!matching.test(candidate)) {
              continue;
            }
            List<String> states = new ArrayList<>();
            for (GHDeploymentStatus s : d.listStatuses().withPageSize(STATUSES)) {
              if (states.size() >= STATUSES) {
                break;
              }
              states.add(s.getState().name().toLowerCase(Locale.ROOT));
            }
            if (DeploymentLedger.succeeded(states)) {
              return Optional.of(past(d, "success"));
            }
          }
          return Optional.<PastDeployment>empty();
        });
  }

  private static PastDeployment past(GHDeployment d, String state) throws IOException {
    return new PastDeployment(
        d.getId(),
        d.getEnvironment(),
        d.getSha(),
        d.getRef(),
        state,
        d.getCreatedAt() == null ? Instant.EPOCH : d.getCreatedAt().toInstant(),
        d.getCreator() == null ? "" : d.getCreator().getLogin(),
        payload(d));
  }

  @Override
  public long create(NewDeployment deployment) {
    return call(
        "create a deployment in " + deployment.environment(),
        () -> {
          GHDeployment d =
              repo()
                  .createDeployment(deployment.sha())
                  .environment(deployment.environment())
                  .description(deployment.description())
                  .payload(JSON.writeValueAsString(deployment.payload()))
                  .autoMerge(false)
                  .requiredContexts(List.of())
                  .productionEnvironment(deployment.production())
                  .transientEnvironment(false)
                  .create();
          return d.getId();
        });
  }

  /**
   * Sent by hand: github-api writes the state {@code in_progress} as {@code in-progress}, which the
   * REST API does not know, and it cannot set {@code log_url} with {@code environment_url} on every
   * state.
   */
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
    String json;
    try {
      json = JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    apiUrl + "/repos/" + repository + "/deployments/" + deploymentId + "/statuses"))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/vnd.github+json")
            .header("X-GitHub-Api-Version", "2022-11-28")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
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

  private static Map<String, Object> payload(GHDeployment d) {
    Object p = d.getPayloadObject();
    if (p instanceof Map<?, ?> m) {
      Map<String, Object> out = new HashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), v));
      return out;
    }
    if (p instanceof String s && s.startsWith("{")) {
      try {
        return JSON.readValue(s, new TypeReference<Map<String, Object>>() {});
      } catch (IOException ignored) {
        return Map.of();
      }
    }
    return Map.of();
  }

  private interface GitHubCall<T> {
    T run() throws IOException;
  }

  private <T> T call(String what, GitHubCall<T> action) {
    try {
      return action.run();
    } catch (HttpException e) {
      throw new OutsideSystemException(
          "github",
          "GitHub refused to "
              + what
              + " (HTTP "
              + e.getResponseCode()
              + ")"
              + permissionHint(e.getResponseCode(), "deployments: write"),
          e);
    } catch (GHFileNotFoundException e) {
      throw new OutsideSystemException(
          "github",
          "GitHub refused to " + what + " (not found)" + permissionHint(404, "deployments: write"),
          e);
    } catch (IOException e) {
      throw new OutsideSystemException(
          "github", "Could not " + what + " on GitHub: " + e.getMessage(), e);
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
