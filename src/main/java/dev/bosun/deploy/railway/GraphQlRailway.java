package dev.bosun.deploy.railway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bosun.image.registry.RegistryCredential;
import dev.bosun.support.CappedBody;
import dev.bosun.support.HttpRetry;
import dev.bosun.support.Json;
import dev.bosun.support.OutsideSystemException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@link Railway} over its public GraphQL API with the JDK HttpClient. GraphQL reports failures
 * with HTTP 200 and an {@code errors} list; those become one clear message, and a refused token
 * says it is invalid or expired.
 */
public final class GraphQlRailway implements Railway {

  /** Railway's public API (https://docs.railway.com/reference/public-api). */
  public static final URI PUBLIC_API = URI.create("https://backboard.railway.com/graphql/v2");

  /**
   * A deployment list with its metadata is tens of KiB; anything near this is not Railway
   * answering.
   */
  static final int MAX_BODY = 2 * 1024 * 1024;

  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  static final String SYSTEM = "railway";
  private static final ObjectMapper JSON = Json.mapper();

  static final String SERVICE_INSTANCE =
      """
      query serviceInstance($environmentId: String!, $serviceId: String!) {
        serviceInstance(environmentId: $environmentId, serviceId: $serviceId) {
          serviceId serviceName source { image repo }
          latestDeployment { id status createdAt canRollback meta }
        }
      }""";
  static final String UPDATE =
      """
      mutation serviceInstanceUpdate($environmentId: String, $serviceId: String!, $input: ServiceInstanceUpdateInput!) {
        serviceInstanceUpdate(environmentId: $environmentId, serviceId: $serviceId, input: $input)
      }""";
  static final String DEPLOY =
      """
      mutation serviceInstanceDeployV2($environmentId: String!, $serviceId: String!) {
        serviceInstanceDeployV2(environmentId: $environmentId, serviceId: $serviceId)
      }""";
  static final String DEPLOYMENT =
      """
      query deployment($id: String!) {
        deployment(id: $id) { id status createdAt canRollback meta }
      }""";
  static final String DEPLOYMENTS =
      """
      query deployments($input: DeploymentListInput!, $first: Int) {
        deployments(input: $input, first: $first) {
          edges { node { id status createdAt canRollback meta } }
        }
      }""";
  static final String ROLLBACK =
      """
      mutation deploymentRollback($id: String!) {
        deploymentRollback(id: $id)
      }""";

  private final URI endpoint;
  private final RailwayToken token;
  private final HttpRetry http;

  public GraphQlRailway(URI endpoint, RailwayToken token, HttpRetry http) {
    this.endpoint = endpoint;
    this.token = token;
    this.http = http;
  }

  @Override
  public ServiceInstance serviceInstance(String environmentId, String serviceId) {
    ObjectNode vars =
        JSON.createObjectNode().put("environmentId", environmentId).put("serviceId", serviceId);
    JsonNode si = call("read service " + serviceId, SERVICE_INSTANCE, vars).path("serviceInstance");
    if (!si.isObject()) {
      throw new OutsideSystemException(
          SYSTEM,
          "Railway has no service "
              + serviceId
              + " in environment "
              + environmentId
              + ". Check 'apps' and 'environment-id' in the environments file (the ids are in the "
              + "service's Settings and in the dashboard URL).");
    }
    JsonNode latest = si.path("latestDeployment");
    return new ServiceInstance(
        text(si, "serviceId").orElse(serviceId),
        text(si, "serviceName").orElse(serviceId),
        text(si.path("source"), "image"),
        latest.isObject() ? Optional.of(deployment(latest)) : Optional.empty());
  }

  @Override
  public void setImage(
      String environmentId, String serviceId, String image, Optional<RegistryCredential> registry) {
    ObjectNode input = JSON.createObjectNode();
    input.putObject("source").put("image", image);
    registry.ifPresent(
        c ->
            input
                .putObject("registryCredentials")
                .put("username", c.username())
                .put("password", c.secret()));
    ObjectNode vars =
        JSON.createObjectNode().put("environmentId", environmentId).put("serviceId", serviceId);
    vars.set("input", input);
    JsonNode done =
        call("set the image of service " + serviceId, UPDATE, vars).path("serviceInstanceUpdate");
    if (!done.asBoolean(false)) {
      throw new OutsideSystemException(
          SYSTEM,
          "Railway did not accept the new image for service "
              + serviceId
              + " (serviceInstanceUpdate answered "
              + done
              + ").");
    }
  }

  @Override
  public String deploy(String environmentId, String serviceId) {
    ObjectNode vars =
        JSON.createObjectNode().put("environmentId", environmentId).put("serviceId", serviceId);
    JsonNode id = call("deploy service " + serviceId, DEPLOY, vars).path("serviceInstanceDeployV2");
    if (!id.isTextual() || id.asText().isBlank()) {
      throw new OutsideSystemException(
          SYSTEM,
          "Railway started no deployment of service "
              + serviceId
              + " (serviceInstanceDeployV2 answered "
              + id
              + ").");
    }
    return id.asText();
  }

  @Override
  public Deployment deployment(String id) {
    JsonNode d =
        call("read deployment " + id, DEPLOYMENT, JSON.createObjectNode().put("id", id))
            .path("deployment");
    if (!d.isObject()) {
      throw new OutsideSystemException(SYSTEM, "Railway has no deployment " + id + ".");
    }
    return deployment(d);
  }

  @Override
  public List<Deployment> deployments(String environmentId, String serviceId, int first) {
    ObjectNode vars = JSON.createObjectNode().put("first", first);
    vars.putObject("input").put("environmentId", environmentId).put("serviceId", serviceId);
    List<Deployment> out = new ArrayList<>();
    for (JsonNode edge :
        call("list deployments of service " + serviceId, DEPLOYMENTS, vars)
            .path("deployments")
            .path("edges")) {
      if (edge.path("node").isObject()) {
        out.add(deployment(edge.path("node")));
      }
    }
    return out;
  }

  @Override
  public void rollback(String deploymentId) {
    JsonNode done =
        call(
                "roll back to deployment " + deploymentId,
                ROLLBACK,
                JSON.createObjectNode().put("id", deploymentId))
            .path("deploymentRollback");
    if (!done.asBoolean(false)) {
      throw new OutsideSystemException(
          SYSTEM,
          "Railway did not accept the rollback to deployment "
              + deploymentId
              + " (deploymentRollback answered "
              + done
              + ").");
    }
  }

  /**
   * Sends one operation and returns its {@code data}, or throws one message that says what went
   * wrong.
   */
  private JsonNode call(String what, String query, ObjectNode variables) {
    ObjectNode body = JSON.createObjectNode().put("query", query);
    body.set("variables", variables);
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .header(token.headerName(), token.headerValue())
            .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
            .build();
    HttpResponse<String> response = http.send(request, CappedBody.ofString(MAX_BODY));
    int status = response.statusCode();
    if (status == 429) {
      throw new OutsideSystemException(
          SYSTEM,
          "Railway kept rate limiting bosun (HTTP 429) while trying to "
              + what
              + response
                  .headers()
                  .firstValue("Retry-After")
                  .map(s -> "; it asked to wait " + s + " s more")
                  .orElse("")
              + ". Railway's hourly API limits are small on the lower plans: wait, or run fewer deploys at once.");
    }
    JsonNode answer;
    try {
      answer = JSON.readTree(response.body() == null ? "" : response.body());
    } catch (IOException e) {
      answer = null;
    }
    if (answer == null || !answer.isObject()) {
      throw new OutsideSystemException(
          SYSTEM,
          "Railway answered HTTP "
              + status
              + " without a GraphQL body while "
              + "trying to "
              + what
              + (status == 401 || status == 403 ? ". " + tokenAdvice() : "."));
    }
    JsonNode errors = answer.path("errors");
    if (errors.isArray() && !errors.isEmpty()) {
      String message = errors.get(0).path("message").asText("").strip();
      throw new OutsideSystemException(SYSTEM, explain(what, message, status));
    }
    if (status != 200 || !answer.path("data").isObject()) {
      throw new OutsideSystemException(
          SYSTEM,
          "Railway answered HTTP " + status + " without data while trying to " + what + ".");
    }
    return answer.path("data");
  }

  /**
   * Railway's error messages, turned into what to do; a refused token is by far the most common.
   */
  private String explain(String what, String message, int status) {
    String m = message.toLowerCase(Locale.ROOT);
    String shown = message.length() > 300 ? message.substring(0, 300) + "…" : message;
    if (m.contains("not authorized")
        || m.contains("unauthorized")
        || m.contains("token not found")
        || m.contains("invalid token")
        || m.contains("expired")
        || status == 401) {
      return "Railway refused the "
          + token.describe()
          + " in 'railway-token' while trying to "
          + what
          + " (\""
          + shown
          + "\"): the token is invalid, expired or revoked, or has no access to this project and "
          + "environment. "
          + tokenAdvice();
    }
    if (m.contains("not found") || m.contains("does not exist")) {
      return "Railway could not "
          + what
          + ": \""
          + shown
          + "\". Check the ids in the environments file ('project', "
          + "'environment-id' and 'apps').";
    }
    return "Railway could not " + what + ": \"" + shown + "\".";
  }

  private String tokenAdvice() {
    return token.kind() == RailwayToken.Kind.PROJECT
        ? "Create a new project token (project Settings > Tokens, for this environment) and update the secret passed "
            + "as 'railway-token'."
        : "Create a new token (Account Settings > Tokens) and update the secret passed as 'railway-token'; for a "
            + "project token set 'railway-token-type: project'.";
  }

  private static Deployment deployment(JsonNode d) {
    Instant created;
    try {
      created = Instant.parse(d.path("createdAt").asText(""));
    } catch (DateTimeParseException e) {
      created = Instant.EPOCH;
    }
    JsonNode meta = d.path("meta");
    Optional<String> image =
        text(meta, "image").or(() -> text(meta.path("serviceManifest").path("source"), "image"));
    return new Deployment(
        d.path("id").asText(),
        Status.parse(d.path("status").asText("")),
        created,
        image,
        d.path("canRollback").asBoolean(false));
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() || !v.isValueNode() || v.asText().isBlank()
        ? Optional.empty()
        : Optional.of(v.asText());
  }
}
