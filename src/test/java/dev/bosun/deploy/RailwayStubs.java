package dev.bosun.deploy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Railway's public GraphQL API on WireMock: one POST endpoint, operations told apart by their query
 * text, answers shaped as Railway's published schema gives them (railwayapp/cli
 * src/gql/schema.json; operations as the CLI sends them in src/gql/{queries,mutations}/strings;
 * https://docs.railway.com/reference/public-api). Errors come back with HTTP 200 and an {@code
 * errors} list, as GraphQL does.
 */
public final class RailwayStubs {

  public static final String PATH = "/graphql/v2";
  public static final String TOKEN = "6f1c2d9e-3b4a-4c5d-8e7f-0a1b2c3d4e5f";
  public static final String PROJECT = "9d3c4b5a-1111-4222-8333-944455556666";
  public static final String ENVIRONMENT = "4f1a2b3c-aaaa-4bbb-8ccc-9ddd0eee1fff";
  public static final String SERVICE = "6b2e3f4a-5b6c-4d7e-8f90-a1b2c3d4e5f6";

  private final WireMockServer server;

  public RailwayStubs(WireMockServer server) {
    this.server = server;
  }

  public URI endpoint() {
    return URI.create("http://localhost:" + server.port() + PATH);
  }

  /** Requests carrying operation {@code name} (a query or mutation field). */
  public static MappingBuilder operation(String name) {
    return post(urlPathEqualTo(PATH))
        .withRequestBody(matchingJsonPath("$.query", containing(name + "(")));
  }

  public static RequestPatternBuilder sent(String name) {
    return postRequestedFor(urlPathEqualTo(PATH))
        .withRequestBody(matchingJsonPath("$.query", containing(name + "(")));
  }

  public List<LoggedRequest> requests(String name) {
    return server.findAll(sent(name));
  }

  public static String data(String json) {
    return "{\"data\":" + json + "}";
  }

  /**
   * A deployment node as {@code deployment}, {@code latestDeployment} and the deployments list
   * return it.
   */
  public static String deployment(String id, String status, String image, boolean canRollback) {
    String meta =
        image == null
            ? "{\"serviceManifest\":{\"source\":{\"repo\":\"acme/api\"}}}"
            : "{\"image\":\""
                + image
                + "\",\"serviceManifest\":{\"source\":{\"image\":\""
                + image
                + "\"},"
                + "\"deploy\":{\"numReplicas\":1}}}";
    return "{\"id\":\""
        + id
        + "\",\"status\":\""
        + status
        + "\",\"createdAt\":\"2026-11-17T08:55:00.000Z\","
        + "\"canRollback\":"
        + canRollback
        + ",\"meta\":"
        + meta
        + "}";
  }

  public void serviceInstance(String serviceId, String sourceImage, String latestDeployment) {
    server.stubFor(
        operation("serviceInstance")
            .withRequestBody(matchingJsonPath("$.variables.serviceId", equalTo(serviceId)))
            .willReturn(
                okJson(
                    data(
                        "{\"serviceInstance\":{\"serviceId\":\""
                            + serviceId
                            + "\","
                            + "\"serviceName\":\"backend\",\"source\":{\"image\":\""
                            + sourceImage
                            + "\",\"repo\":null},"
                            + "\"latestDeployment\":"
                            + latestDeployment
                            + "}}"))));
  }

  /** The service instance answers with each latest deployment in turn, then keeps the last. */
  public void serviceInstanceSequence(String serviceId, String sourceImage, String... latest) {
    String[] states = new String[latest.length];
    for (int i = 0; i < latest.length; i++) {
      states[i] = instance(serviceId, sourceImage, latest[i]);
    }
    serviceInstanceStates(serviceId, states);
  }

  /** A {@code serviceInstance} answer: the source image it is set to and its latest deployment. */
  public static String instance(String serviceId, String sourceImage, String latest) {
    return "{\"serviceInstance\":{\"serviceId\":\""
        + serviceId
        + "\",\"serviceName\":\"backend\",\"source\":"
        + "{\"image\":\""
        + sourceImage
        + "\",\"repo\":null},\"latestDeployment\":"
        + latest
        + "}}";
  }

  /**
   * The service instance answers with each of {@code states} ({@link #instance}) in turn, then
   * keeps the last.
   */
  public void serviceInstanceStates(String serviceId, String... states) {
    for (int i = 0; i < states.length; i++) {
      server.stubFor(
          operation("serviceInstance")
              .withRequestBody(matchingJsonPath("$.variables.serviceId", equalTo(serviceId)))
              .inScenario("si-" + serviceId)
              .whenScenarioStateIs(state("si-", i))
              .willSetStateTo(state("si-", Math.min(i + 1, states.length - 1)))
              .willReturn(okJson(data(states[i]))));
    }
  }

  private static String state(String prefix, int i) {
    return i == 0 ? STARTED : prefix + i;
  }

  public void updateAccepted() {
    server.stubFor(
        operation("serviceInstanceUpdate")
            .willReturn(okJson(data("{\"serviceInstanceUpdate\":true}"))));
  }

  public void deployStarts(String deploymentId) {
    server.stubFor(
        operation("serviceInstanceDeployV2")
            .willReturn(okJson(data("{\"serviceInstanceDeployV2\":\"" + deploymentId + "\"}"))));
  }

  /**
   * Deployment {@code id} goes through {@code statuses}, one per read, and then stays at the last.
   */
  public void deploymentGoes(String id, String image, String... statuses) {
    for (int i = 0; i < statuses.length; i++) {
      server.stubFor(
          operation("deployment")
              .withRequestBody(matchingJsonPath("$.variables.id", equalTo(id)))
              .inScenario("dep-" + id)
              .whenScenarioStateIs(state("dep-", i))
              .willSetStateTo(state("dep-", Math.min(i + 1, statuses.length - 1)))
              .willReturn(
                  okJson(
                      data("{\"deployment\":" + deployment(id, statuses[i], image, true) + "}"))));
    }
  }

  public void deployments(String serviceId, String... nodes) {
    String edges =
        IntStream.range(0, nodes.length)
            .mapToObj(i -> "{\"node\":" + nodes[i] + "}")
            .collect(Collectors.joining(","));
    server.stubFor(
        operation("deployments")
            .withRequestBody(matchingJsonPath("$.variables.input.serviceId", equalTo(serviceId)))
            .willReturn(okJson(data("{\"deployments\":{\"edges\":[" + edges + "]}}"))));
  }

  public void rollbackAccepted() {
    server.stubFor(
        operation("deploymentRollback").willReturn(okJson(data("{\"deploymentRollback\":true}"))));
  }

  /** Every operation fails as Railway fails a refused token: HTTP 200, no data, one error. */
  public void tokenRefused() {
    server.stubFor(
        post(urlPathEqualTo(PATH))
            .atPriority(1)
            .willReturn(
                okJson(
                    "{\"data\":null,\"errors\":[{\"message\":\"Not Authorized\",\"locations\":[{\"line\":2,\"column\":3}],"
                        + "\"path\":[\"serviceInstance\"],\"extensions\":{\"code\":\"INTERNAL_SERVER_ERROR\"}}]}")));
  }

  /**
   * The first call is rate limited with Retry-After, as Railway sends it once the hourly quota is
   * used.
   */
  public void rateLimitedOnce(String operation, int retryAfterSeconds) {
    server.stubFor(
        operation(operation)
            .atPriority(1)
            .inScenario("rl-" + operation)
            .whenScenarioStateIs(STARTED)
            .willSetStateTo("rl-done")
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", Integer.toString(retryAfterSeconds))
                    .withHeader("X-RateLimit-Limit", "1000")
                    .withHeader("X-RateLimit-Remaining", "0")
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"errors\":[{\"message\":\"Rate limit exceeded\"}]}")));
  }
}
