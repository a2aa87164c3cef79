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

/** GitHub's REST API and the Actions OIDC endpoint on WireMock, shaped as GitHub's REST reference shows them. */
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

  /** github-api reads the user and the repository before anything else. */
  public void basics() {
    server.stubFor(get(urlPathEqualTo("/user")).willReturn(okJson("""
        {"login": "github-actions[bot]", "id": 41898282, "type": "Bot", "url": "%s/users/github-actions%%5Bbot%%5D"}
        """.formatted(api()))));
    server.stubFor(get(urlPathEqualTo("/repos/" + REPO)).willReturn(okJson("""
        {"id": 1296269, "node_id": "MDEwOlJlcG9zaXRvcnkxMjk2MjY5", "name": "shop", "full_name": "acme/shop",
         "owner": {"login": "acme", "id": 1, "type": "Organization"}, "private": true,
         "html_url": "https://github.com/acme/shop", "url": "%s/repos/acme/shop",
         "default_branch": "main", "permissions": {"admin": false, "push": true, "pull": true}}
        """.formatted(api()))));
  }

  /** POST /deployments answers 201 with the created deployment; statuses are accepted. */
  public void createDeployment(String environment) {
    server.stubFor(post(urlPathEqualTo("/repos/" + REPO + "/deployments")).willReturn(aResponse().withStatus(201)
        .withHeader("Content-Type", "application/json").withBody(deployment(DEPLOYMENT_ID, environment,
            "0123456789abcdef0123456789abcdef01234567", "{}"))));
    server.stubFor(post(urlPathEqualTo("/repos/" + REPO + "/deployments/" + DEPLOYMENT_ID + "/statuses"))
        .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody("""
            {"id": 1, "state": "in_progress", "description": "", "environment": "%s",
             "url": "%s/repos/acme/shop/deployments/%d/statuses/1"}
            """.formatted(environment, api(), DEPLOYMENT_ID))));
  }

  /** GET /deployments?environment=… listing the given deployment bodies; each one's statuses list one state. */
  public void deployments(String environment, String... bodies) {
    server.stubFor(get(urlPathEqualTo("/repos/" + REPO + "/deployments"))
        .withQueryParam("environment", equalTo(environment))
        .willReturn(okJson("[" + String.join(",", bodies) + "]")));
  }

  public void statuses(long id, String state) {
    server.stubFor(get(urlPathEqualTo("/repos/" + REPO + "/deployments/" + id + "/statuses"))
        .willReturn(okJson("""
            [{"id": %d, "state": "%s", "description": "", "created_at": "2026-11-20T10:00:00Z",
              "url": "%s/repos/acme/shop/deployments/%d/statuses/%d"}]
            """.formatted(id * 10, state, api(), id, id * 10))));
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
        """.formatted(api(), id, id, sha, sha, payload, environment, environment, api(), id, api());
  }

  /** GET /repos/{repo}/environments/{name} with or without a required_reviewers rule. */
  public void environment(String name, boolean reviewers) {
    String rules = reviewers ? """
        [{"id": 3755, "node_id": "MDQ6R2F0ZTM3NTU=", "type": "required_reviewers", "prevent_self_review": false,
          "reviewers": [{"type": "Team", "reviewer": {"id": 1, "slug": "release-managers", "name": "Release managers"}}]}]
        """ : """
        [{"id": 3515, "node_id": "MDQ6R2F0ZTM1MTU=", "type": "branch_policy"}]
        """;
    server.stubFor(get(urlPathEqualTo("/repos/" + REPO + "/environments/" + name)).willReturn(okJson("""
        {"id": 161088068, "node_id": "MDExOkVudmlyb25tZW50MTYxMDg4MDY4", "name": "%s",
         "url": "%s/repos/acme/shop/environments/%s", "html_url": "https://github.com/acme/shop/deployments/activity_log?environments_filter=%s",
         "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z",
         "protection_rules": %s,
         "deployment_branch_policy": {"protected_branches": false, "custom_branch_policies": true}}
        """.formatted(name, api(), name, name, rules))));
  }

  /** The runner's token endpoint, answering a JWT whose claims include {@code environment} when given. */
  public void oidc(String environment) {
    String claims = "{\"iss\":\"https://token.actions.githubusercontent.com\",\"aud\":\"bosun\","
        + "\"repository\":\"acme/shop\",\"iat\":1795000000,\"nbf\":1795000000,\"exp\":4102444800,\"sub\":\"repo:acme/shop:" + (environment == null ? "ref:refs/heads/main"
        : "environment:" + environment) + "\"" + (environment == null ? "" : ",\"environment\":\"" + environment + "\"")
        + "}";
    String jwt = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + b64(claims) + ".c2lnbmF0dXJl";
    server.stubFor(get(urlPathMatching("/_apis/idtoken.*"))
        .withHeader("Authorization", equalTo("Bearer " + OIDC_REQUEST_TOKEN))
        .willReturn(okJson("{\"count\": 1, \"value\": \"" + jwt + "\"}")));
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
