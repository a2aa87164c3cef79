package dev.bosun.deploy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;

/**
 * Vercel's REST API on WireMock, shaped as its reference shows it: list deployments
 * (https://vercel.com/docs/rest-api/deployments/list-deployments), get a deployment
 * (https://vercel.com/docs/rest-api/deployments/get-a-deployment-by-id-or-url), find a project
 * (https://vercel.com/docs/rest-api/projects/find-a-project-by-id-or-name: {@code
 * targets.production}, {@code lastAliasRequest}), get an alias
 * (https://vercel.com/docs/rest-api/aliases/get-an-alias), promote
 * (https://vercel.com/docs/rest-api/projects/point-production-traffic-to-a-given-deployment),
 * rollback
 * (https://vercel.com/docs/rest-api/projects/point-production-traffic-to-a-previous-production-deployment-by-id,
 * {@code description} as a query parameter) and errors (https://vercel.com/docs/rest-api/errors).
 */
public final class VercelStubs {

  public static final String TOKEN = "vcp_Q9x7TokenValue1234567890abcdefGHIJ";
  public static final String TEAM = "team_a1B2c3D4e5F6g7H8";
  public static final String PROJECT = "prj_Web123abcDEF456ghi";
  public static final String SHA = "0123456789abcdef0123456789abcdef01234567";
  public static final String OLD_SHA = "fedcba9876543210fedcba9876543210fedcba98";

  private final WireMockServer server;

  public VercelStubs(WireMockServer server) {
    this.server = server;
  }

  public URI api() {
    return URI.create("http://localhost:" + server.port());
  }

  /**
   * A deployment as {@code GET /v13/deployments/{id}} returns it ({@code id}, {@code readyState}).
   */
  public static String deployment(
      String id, String state, String target, String substate, String sha) {
    return "{\"id\":\""
        + id
        + "\",\"name\":\"web\",\"url\":\"web-"
        + id.substring(4).toLowerCase()
        + "-acme.vercel.app\",\"projectId\":\""
        + PROJECT
        + "\",\"readyState\":\""
        + state
        + "\","
        + (substate == null ? "" : "\"readySubstate\":\"" + substate + "\",")
        + "\"target\":"
        + (target == null ? "null" : "\"" + target + "\"")
        + ",\"createdAt\":1763369700000,"
        + "\"type\":\"LAMBDAS\",\"meta\":{\"githubCommitSha\":\""
        + sha
        + "\",\"githubCommitRef\":\"main\","
        + "\"githubOrg\":\"acme\",\"githubRepo\":\"web\"}}";
  }

  /** A deployment as the list returns it ({@code uid}, {@code state}, {@code created}). */
  public static String listed(String id, String target, String substate, String sha, long created) {
    return "{\"uid\":\""
        + id
        + "\",\"name\":\"web\",\"projectId\":\""
        + PROJECT
        + "\",\"url\":\"web-"
        + id.substring(4).toLowerCase()
        + "-acme.vercel.app\",\"created\":"
        + created
        + ",\"createdAt\":"
        + created
        + ",\"state\":\"READY\",\"readyState\":\"READY\","
        + (substate == null ? "" : "\"readySubstate\":\"" + substate + "\",")
        + "\"type\":\"LAMBDAS\",\"creator\":{\"uid\":\"u_1\"},"
        + "\"inspectorUrl\":\"https://vercel.com/acme/web/"
        + id.substring(4)
        + "\",\"target\":"
        + (target == null ? "null" : "\"" + target + "\"")
        + ",\"meta\":{\"githubCommitSha\":\""
        + sha
        + "\"}}";
  }

  public void readyDeploymentsOf(String sha, String... listed) {
    server.stubFor(
        get(urlPathEqualTo("/v6/deployments"))
            .withQueryParam("projectId", equalTo(PROJECT))
            .withQueryParam("sha", equalTo(sha))
            .withQueryParam("state", equalTo("READY"))
            .willReturn(
                okJson(
                    "{\"deployments\":["
                        + String.join(",", listed)
                        + "],\"pagination\":{\"count\":"
                        + listed.length
                        + ",\"next\":null,\"prev\":null}}")));
  }

  public void deploymentIs(String id, String json) {
    server.stubFor(get(urlPathEqualTo("/v13/deployments/" + id)).willReturn(okJson(json)));
  }

  /**
   * The project answers with each production deployment / alias request in turn, then keeps the
   * last.
   */
  public void projectGoes(String... productionAndJob) {
    for (int i = 0; i < productionAndJob.length; i++) {
      String[] parts = productionAndJob[i].split(":");
      String production = parts[0];
      String job = parts.length > 1 ? parts[1] : null;
      String type = parts.length > 2 ? parts[2] : "promote";
      String body =
          "{\"id\":\""
              + PROJECT
              + "\",\"name\":\"web\",\"accountId\":\""
              + TEAM
              + "\","
              + "\"targets\":{\"production\":{\"id\":\""
              + production
              + "\",\"url\":\"web-x-acme.vercel.app\","
              + "\"readyState\":\"READY\",\"createdAt\":1763369700000,\"target\":\"production\"}}"
              + (job == null
                  ? ""
                  : ",\"lastAliasRequest\":{\"fromDeploymentId\":\"dpl_Prev\",\"toDeploymentId\":\""
                      + production
                      + "\",\"jobStatus\":\""
                      + job
                      + "\",\"requestedAt\":1763369900000,\"type\":\""
                      + type
                      + "\"}")
              + "}";
      server.stubFor(
          get(urlPathEqualTo("/v9/projects/" + PROJECT))
              .inScenario("project")
              .whenScenarioStateIs(i == 0 ? STARTED : "p" + i)
              .willSetStateTo(
                  i + 1 < productionAndJob.length ? "p" + (i + 1) : (i == 0 ? STARTED : "p" + i))
              .willReturn(okJson(body)));
    }
  }

  public void aliasPointsAt(String domain, String deploymentId) {
    server.stubFor(
        get(urlPathEqualTo("/v4/aliases/" + domain))
            .willReturn(
                okJson(
                    "{\"alias\":\""
                        + domain
                        + "\",\"uid\":\"alias_1\",\"deploymentId\":\""
                        + deploymentId
                        + "\",\"projectId\":\""
                        + PROJECT
                        + "\",\"created\":\"2026-11-17T09:00:00.000Z\",\"createdAt\":1763370000000}")));
  }

  /** The domain points at each deployment in turn, then keeps the last. */
  public void aliasGoes(String domain, String... deploymentIds) {
    for (int i = 0; i < deploymentIds.length; i++) {
      server.stubFor(
          get(urlPathEqualTo("/v4/aliases/" + domain))
              .inScenario("alias")
              .whenScenarioStateIs(i == 0 ? STARTED : "a" + i)
              .willSetStateTo(
                  i + 1 < deploymentIds.length ? "a" + (i + 1) : (i == 0 ? STARTED : "a" + i))
              .willReturn(
                  okJson(
                      "{\"alias\":\""
                          + domain
                          + "\",\"uid\":\"alias_1\",\"deploymentId\":\""
                          + deploymentIds[i]
                          + "\",\"projectId\":\""
                          + PROJECT
                          + "\",\"createdAt\":1763370000000}")));
    }
  }

  public void promoteAccepted() {
    server.stubFor(
        post(urlPathMatching("/v10/projects/" + PROJECT + "/promote/.*"))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{}")));
  }

  public void rollbackAccepted() {
    server.stubFor(
        post(urlPathMatching("/v1/projects/" + PROJECT + "/rollback/.*"))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{}")));
  }

  /** Vercel's answer to an expired or revoked token: 403 with {@code invalidToken}. */
  public void tokenRefused() {
    server.stubFor(
        any(anyUrl())
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":{\"code\":\"forbidden\",\"message\":\"Not authorized\",\"invalidToken\":true}}")));
  }

  public void rateLimitedOnce(String path, int retryAfterSeconds) {
    server.stubFor(
        get(urlPathEqualTo(path))
            .atPriority(1)
            .inScenario("rl")
            .whenScenarioStateIs(STARTED)
            .willSetStateTo("rl-done")
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", Integer.toString(retryAfterSeconds))
                    .withHeader("X-RateLimit-Remaining", "0")
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":{\"code\":\"rate_limited\",\"message\":\"Rate limit exceeded\",\"limit\":"
                            + "{\"remaining\":0,\"reset\":1763370060,\"resetMs\":1763370060000,\"total\":100}}}")));
  }
}
