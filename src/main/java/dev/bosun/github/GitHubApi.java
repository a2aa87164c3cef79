package dev.bosun.github;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one GitHub REST client of deploy-env and notify-slack: one set of headers, one User-Agent,
 * one search for the last successful deployment of an environment. Plain JDK HTTP through bosun's
 * {@link HttpRetry}, shaped as https://docs.github.com/en/rest/deployments shows.
 */
public final class GitHubApi {

  /** GitHub asks every client for a User-Agent that names it. */
  public static final String USER_AGENT = "bosun (+https://github.com/bosun-dev/bosun)";

  /** How many recent deployments of an environment are searched, newest first. */
  public static final int HISTORY = 100;

  /** Deployments per page; GitHub's default, which it links on from with a {@code Link} header. */
  static final int PAGE = 30;

  /**
   * Statuses read per deployment: bosun writes two or three, GitHub adds one {@code inactive} when
   * it is replaced.
   */
  static final int STATUSES = 100;

  private static final ObjectMapper JSON = Json.mapper();
  private static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");

  private final String apiUrl;
  private final String token;
  private final Supplier<HttpRetry> http;
  private final Supplier<Duration> requestTimeout;
  private final String system;
  private final IntFunction<String> hint;

  /**
   * @param http the retrying sender for the next call (notify-slack makes one for the time left)
   * @param requestTimeout the longest one request may take
   * @param system how errors name GitHub ({@code github} in deploy-env's annotations)
   * @param hint what to add to an error for an HTTP status: which permission or input to fix
   */
  public GitHubApi(
      String apiUrl,
      String token,
      Supplier<HttpRetry> http,
      Supplier<Duration> requestTimeout,
      String system,
      IntFunction<String> hint) {
    this.apiUrl = apiUrl.replaceAll("/+$", "");
    this.token = token;
    this.http = http;
    this.requestTimeout = requestTimeout;
    this.system = system;
    this.hint = hint;
  }

  /** A deployment as GitHub lists it. */
  public record Deployment(
      long id,
      String environment,
      String sha,
      String ref,
      Instant createdAt,
      String creator,
      Map<String, Object> payload) {}

  /**
   * The newest of the last {@link #HISTORY} deployments of {@code environment} that {@code
   * matching} accepts and that succeeded: its newest status other than {@code inactive} is {@code
   * success}. GitHub marks earlier successful deployments {@code inactive} when a newer one
   * succeeds; that only means replaced. Statuses are read only for deployments that match.
   */
  public Optional<Deployment> lastSuccessful(
      String repository, String environment, Predicate<Deployment> matching) {
    String next =
        apiUrl
            + "/repos/"
            + repository
            + "/deployments?environment="
            + URLEncoder.encode(environment, StandardCharsets.UTF_8)
            + "&per_page="
            + PAGE;
    int seen = 0;
    while (next != null && seen < HISTORY) {
      HttpResponse<String> page = send(get(URI.create(next)));
      JsonNode list = json(page, "GET " + HttpRetry.safeUri(page.request()));
      for (JsonNode d : list) {
        if (++seen > HISTORY) {
          break;
        }
        Deployment candidate = deployment(d);
        if (matching.test(candidate) && succeeded(repository, candidate.id())) {
          return Optional.of(candidate);
        }
      }
      next = list.size() < PAGE ? null : next(page);
    }
    return Optional.empty();
  }

  /** The statuses' states, newest first, say it succeeded (see {@link #lastSuccessful}). */
  private boolean succeeded(String repository, long id) {
    JsonNode statuses =
        getJson("/repos/" + repository + "/deployments/" + id + "/statuses?per_page=" + STATUSES);
    for (JsonNode s : statuses) {
      String state = s.path("state").asText("");
      if (!"inactive".equalsIgnoreCase(state)) {
        return "success".equalsIgnoreCase(state);
      }
    }
    return false;
  }

  /** GET {@code path} (below the API root); an answer other than 200 is an error. */
  public JsonNode getJson(String path) {
    HttpResponse<String> response = send(get(URI.create(apiUrl + path)));
    return json(response, "GET " + HttpRetry.safeUri(response.request()));
  }

  /** GET {@code path}; the caller judges the status (a 404 may be an answer). */
  public HttpResponse<String> get(String path) {
    return send(get(URI.create(apiUrl + path)));
  }

  /** {@code value} as JSON text (a deployment's payload is sent as text, as github-api sent it). */
  public static String text(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** POST {@code body} as JSON to {@code path}; the caller judges the status. */
  public HttpResponse<String> post(String path, Object body) {
    String json = text(body);
    return send(
        request(URI.create(apiUrl + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  /** The body of a 200 or 201 answer as JSON; else an error naming the status and the hint. */
  public JsonNode json(HttpResponse<String> response, String what) {
    if (response.statusCode() != 200 && response.statusCode() != 201) {
      throw new OutsideSystemException(
          system,
          "GitHub answered HTTP "
              + response.statusCode()
              + " to "
              + what
              + hint.apply(response.statusCode()));
    }
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new OutsideSystemException(
          system, "GitHub sent a body that is not JSON for " + what + ": " + e.getMessage(), e);
    }
  }

  private HttpRequest get(URI uri) {
    return request(uri).GET().build();
  }

  private HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri)
        .timeout(requestTimeout.get())
        .header("Authorization", "Bearer " + token)
        .header("Accept", "application/vnd.github+json")
        .header("X-GitHub-Api-Version", "2022-11-28")
        .header("User-Agent", USER_AGENT);
  }

  private HttpResponse<String> send(HttpRequest request) {
    return http.get().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** The {@code rel="next"} page GitHub links, only on the API's own host. */
  private String next(HttpResponse<String> page) {
    Optional<String> link = page.headers().firstValue("Link");
    if (link.isEmpty()) {
      return null;
    }
    Matcher m = NEXT.matcher(link.get());
    return m.find() && m.group(1).startsWith(apiUrl + "/") ? m.group(1) : null;
  }

  private static Deployment deployment(JsonNode d) {
    String created = d.path("created_at").asText("");
    return new Deployment(
        d.path("id").asLong(),
        d.path("environment").asText(""),
        d.path("sha").asText(""),
        d.path("ref").asText(""),
        created.isEmpty() ? Instant.EPOCH : Instant.parse(created),
        d.path("creator").path("login").asText(""),
        payload(d.path("payload")));
  }

  /** GitHub keeps the payload as given: an object, or a string holding one. */
  private static Map<String, Object> payload(JsonNode p) {
    try {
      if (p.isObject()) {
        return JSON.convertValue(p, new TypeReference<Map<String, Object>>() {});
      }
      if (p.isTextual() && p.asText().startsWith("{")) {
        return JSON.readValue(p.asText(), new TypeReference<Map<String, Object>>() {});
      }
    } catch (IOException | IllegalArgumentException ignored) {
      // a payload bosun did not write: no image or digest in it
    }
    return new HashMap<>();
  }
}
