package dev.bosun.deploy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * GitHub's REST API and the Actions OIDC endpoint on WireMock, shaped as GitHub's REST reference
 * shows them.
 */
public final class GitHubStubs {

  public static final String REPO = "acme/shop";
  public static final String TOKEN = "ghs_16C7e42F292c6912E7710c838347Ae178B4a";
  public static final String OIDC_REQUEST_TOKEN = "oidc-request-token-7c1f";
  public static final long DEPLOYMENT_ID = 1001;

  private final WireMockServer server;

  public GitHubStubs(WireMockServer server) {
    this.server = server;
  }

  public String api() {
    return "http://localhost:" + server.port();
  }

  public String oidcUrl() {
    return api() + "/_apis/idtoken?api-version=2.0";
  }

  /**
   * The repository (bosun no longer reads it; kept for any client that does). {@code GET /user}
   * answers as it does for a job's GITHUB_TOKEN, an installation token that is no user: 403
   * "Resource not accessible by integration"
   * (https://docs.github.com/en/rest/users/users?apiVersion=2022-11-28#get-the-authenticated-user).
   * bosun must not ask (issue 13, item 8).
   */
  public void basics() {
    server.stubFor(
        get(urlPathEqualTo("/user"))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
            {"message": "Resource not accessible by integration",
             "documentation_url": "https://docs.github.com/rest/users/users#get-the-authenticated-user", "status": "403"}
            """)));
    server.stubFor(
        get(urlPathEqualTo("/repos/" + REPO))
            .willReturn(
                okJson(
                    """
        {"id": 1296269, "node_id": "MDEwOlJlcG9zaXRvcnkxMjk2MjY5", "name": "shop", "full_name": "acme/shop",
         "owner": {"login": "acme", "id": 1, "type": "Organization"}, "private": true,
         "html_url": "https://github.com/acme/shop", "url": "%s/repos/acme/shop",
         "default_branch": "main", "permissions": {"admin": false, "push": true, "pull": true}}
        """
                        .formatted(api()))));
  }

  /** POST /deployments answers 201 with the created deployment; statuses are accepted. */
  public void createDeployment(String environment) {
    server.stubFor(
        post(urlPathEqualTo("/repos/" + REPO + "/deployments"))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        deployment(
                            DEPLOYMENT_ID,
                            environment,
                            "0123456789abcdef0123456789abcdef01234567",
                            "{}"))));
    server.stubFor(
        post(urlPathEqualTo("/repos/" + REPO + "/deployments/" + DEPLOYMENT_ID + "/statuses"))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
            {"id": 1, "state": "in_progress", "description": "", "environment": "%s",
             "url": "%s/repos/acme/shop/deployments/%d/statuses/1"}
            """
                            .formatted(environment, api(), DEPLOYMENT_ID))));
  }

  /**
   * GET /deployments?environment=… listing the given deployment bodies; each one's statuses list
   * one state.
   */
  public void deployments(String environment, String... bodies) {
    server.stubFor(
        get(urlPathEqualTo("/repos/" + REPO + "/deployments"))
            .withQueryParam("environment", equalTo(environment))
            .willReturn(okJson("[" + String.join(",", bodies) + "]")));
  }

  /**
   * GET /deployments/{id}/statuses: the states given, newest first, as GitHub lists them
   * (https://docs.github.com/en/rest/deployments/statuses?apiVersion=2022-11-28#list-deployment-statuses).
   * A deployment that succeeded and was later replaced reads {@code "inactive", "success",
   * "in_progress"}: bosun sends {@code auto_inactive: true}, and GitHub then adds an {@code
   * inactive} status to the earlier successful deployments of a non-production environment
   * (https://docs.github.com/en/rest/deployments/statuses?apiVersion=2022-11-28#create-a-deployment-status).
   */
  public void statuses(long id, String... newestFirst) {
    StringBuilder list = new StringBuilder();
    for (int i = 0; i < newestFirst.length; i++) {
      long statusId = id * 10 + newestFirst.length - i;
      list.append(i == 0 ? "" : ",")
          .append(
              """
          {"id": %d, "state": "%s", "description": "", "creator": {"login": "github-actions[bot]",
            "id": 41898282, "type": "Bot"}, "created_at": "2026-11-20T10:%02d:00Z", "updated_at": "2026-11-20T10:%02d:00Z",
            "deployment_url": "%s/repos/acme/shop/deployments/%d", "repository_url": "%s/repos/acme/shop",
            "url": "%s/repos/acme/shop/deployments/%d/statuses/%d"}
          """
                  .formatted(
                      statusId,
                      newestFirst[i],
                      newestFirst.length - i,
                      newestFirst.length - i,
                      api(),
                      id,
                      api(),
                      api(),
                      id,
                      statusId));
    }
    server.stubFor(
        get(urlPathEqualTo("/repos/" + REPO + "/deployments/" + id + "/statuses"))
            .willReturn(okJson("[" + list + "]")));
  }

  public String deployment(long id, String environment, String sha, String payload) {
    return """
        {"url": "%s/repos/acme/shop/deployments/%d", "id": %d, "node_id": "MDEwOkRlcGxveW1lbnQx",
         "sha": "%s", "ref": "%s", "task": "deploy", "payload": %s, "original_environment": "%s",
         "environment": "%s", "description": "", "creator": {"login": "octocat", "id": 1, "type": "User"},
         "created_at": "2026-11-20T10:00:00Z", "updated_at": "2026-11-20T10:05:00Z",
         "statuses_url": "%s/repos/acme/shop/deployments/%d/statuses",
         "repository_url": "%s/repos/acme/shop", "transient_environment": false,
         "production_environment": false}
        """
        .formatted(api(), id, id, sha, sha, payload, environment, environment, api(), id, api());
  }

  /** GET /repos/{repo}/environments/{name} with or without a required_reviewers rule. */
  public void environment(String name, boolean reviewers) {
    String rules =
        reviewers
            ? """
        [{"id": 3755, "node_id": "MDQ6R2F0ZTM3NTU=", "type": "required_reviewers", "prevent_self_review": false,
          "reviewers": [{"type": "Team", "reviewer": {"id": 1, "slug": "release-managers", "name": "Release managers"}}]}]
        """
            : """
        [{"id": 3515, "node_id": "MDQ6R2F0ZTM1MTU=", "type": "branch_policy"}]
        """;
    server.stubFor(
        get(urlPathEqualTo("/repos/" + REPO + "/environments/" + name))
            .willReturn(
                okJson(
                    """
        {"id": 161088068, "node_id": "MDExOkVudmlyb25tZW50MTYxMDg4MDY4", "name": "%s",
         "url": "%s/repos/acme/shop/environments/%s", "html_url": "https://github.com/acme/shop/deployments/activity_log?environments_filter=%s",
         "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z",
         "protection_rules": %s,
         "deployment_branch_policy": {"protected_branches": false, "custom_branch_policies": true}}
        """
                        .formatted(name, api(), name, name, rules))));
  }

  /**
   * The runner's token endpoint, answering a JWT whose claims include {@code environment} when
   * given.
   */
  public void oidc(String environment) {
    String claims =
        "{\"iss\":\"https://token.actions.githubusercontent.com\",\"aud\":\"bosun\","
            + "\"repository\":\"acme/shop\",\"iat\":1795000000,\"nbf\":1795000000,\"exp\":4102444800,\"sub\":\"repo:acme/shop:"
            + (environment == null ? "ref:refs/heads/main" : "environment:" + environment)
            + "\""
            + (environment == null ? "" : ",\"environment\":\"" + environment + "\"")
            + "}";
    String jwt = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + b64(claims) + ".c2lnbmF0dXJl";
    server.stubFor(
        get(urlPathMatching("/_apis/idtoken.*"))
            .withHeader("Authorization", equalTo("Bearer " + OIDC_REQUEST_TOKEN))
            .willReturn(okJson("{\"count\": 1, \"value\": \"" + jwt + "\"}")));
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
