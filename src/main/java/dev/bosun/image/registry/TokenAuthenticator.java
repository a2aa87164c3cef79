package dev.bosun.image.registry;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers a registry's 401 challenge: Basic with the registry's credential, or Bearer by fetching a
 * token from the challenge's realm (the Docker token protocol), sending the credential as Basic
 * when there is one. Headers are cached per registry and scope set, so a run asks for each token
 * once.
 */
final class TokenAuthenticator {

  private static final ObjectMapper JSON = Json.mapper();
  private final RegistryCredentials credentials;
  private final HttpRetry http;
  private final Duration timeout;
  private final Map<String, String> cache = new ConcurrentHashMap<>();

  TokenAuthenticator(RegistryCredentials credentials, HttpRetry http, Duration timeout) {
    this.credentials = credentials;
    this.http = http;
    this.timeout = timeout;
  }

  /** True when there is a credential for the registry of {@code repo}. */
  boolean hasCredential(ImageReference repo) {
    return credentials.forRegistry(repo.registry()).isPresent();
  }

  /** The header cached for this registry and scopes, if a challenge was answered before. */
  Optional<String> cached(ImageReference repo, List<String> scopes) {
    return Optional.ofNullable(cache.get(key(repo, scopes)))
        .or(() -> Optional.ofNullable(cache.get(repo.registry())));
  }

  /** Answers the challenge in {@code wwwAuthenticate} for {@code scopes}; the result is cached. */
  String authorize(ImageReference repo, String wwwAuthenticate, List<String> scopes) {
    Challenge challenge =
        Challenge.parse(wwwAuthenticate)
            .orElseThrow(
                () ->
                    new OutsideSystemException(
                        "registry",
                        repo.registry()
                            + " asked for authentication without a usable WWW-Authenticate header"));
    Optional<RegistryCredential> credential = credentials.forRegistry(repo.registry());
    if (challenge.isBasic()) {
      RegistryCredential c =
          credential.orElseThrow(
              () ->
                  new OutsideSystemException(
                      "registry",
                      repo.registry()
                          + " requires a login; give registry-username and registry-password (or use a login that fits"
                          + " the registry)"));
      String header = "Basic " + c.basic();
      cache.put(repo.registry(), header);
      return header;
    }
    if (!challenge.isBearer() || challenge.param("realm") == null) {
      throw new OutsideSystemException(
          "registry",
          repo.registry()
              + " sent an authentication challenge bosun does not"
              + " know: "
              + challenge.scheme());
    }
    String header = "Bearer " + token(repo, challenge, scopes, credential);
    cache.put(key(repo, scopes), header);
    return header;
  }

  private String token(
      ImageReference repo,
      Challenge challenge,
      List<String> scopes,
      Optional<RegistryCredential> credential) {
    StringBuilder query = new StringBuilder();
    if (challenge.param("service") != null) {
      query.append("service=").append(enc(challenge.param("service")));
    }
    TreeSet<String> all = new TreeSet<>(scopes);
    if (challenge.param("scope") != null) {
      // A challenge may name several scopes, space-separated; the token endpoint wants one
      // parameter each.
      for (String scope : challenge.param("scope").trim().split("\\s+")) {
        if (!scope.isEmpty()) {
          all.add(scope);
        }
      }
    }
    for (String scope : merge(all)) {
      query.append(query.isEmpty() ? "" : "&").append("scope=").append(enc(scope));
    }
    String realm = challenge.param("realm");
    URI uri =
        URI.create(realm + (query.isEmpty() ? "" : (realm.contains("?") ? "&" : "?") + query));
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET();
    credential.ifPresent(c -> request.header("Authorization", "Basic " + c.basic()));
    HttpResponse<byte[]> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() == 401 || response.statusCode() == 403) {
      throw new OutsideSystemException(
          "registry",
          repo.registry()
              + " refused "
              + credential
                  .map(c -> "the credentials of '" + c.username() + "'")
                  .orElse("anonymous access")
              + " for "
              + String.join(" ", merge(all))
              + " (HTTP "
              + response.statusCode()
              + "). "
              + (credential.isPresent()
                  ? "Check the password or token and its permissions on " + repo.repository()
                  : "Log in: give registry-username and registry-password, or a login that fits the registry"));
    }
    if (response.statusCode() != 200) {
      throw new OutsideSystemException(
          "registry",
          "The token endpoint of "
              + repo.registry()
              + " answered HTTP "
              + response.statusCode()
              + " at "
              + HttpRetry.safeUri(response.request()));
    }
    try {
      JsonNode body = JSON.readTree(response.body());
      String token = body.path("token").asText(body.path("access_token").asText(""));
      if (token.isEmpty()) {
        throw new OutsideSystemException(
            "registry", "The token endpoint of " + repo.registry() + " returned no token");
      }
      return token;
    } catch (IOException e) {
      throw new OutsideSystemException(
          "registry", "The token endpoint of " + repo.registry() + " returned no JSON", e);
    }
  }

  /**
   * One scope per resource with its actions merged and sorted: "pull,push" and "push,pull" are the
   * same ask.
   */
  static List<String> merge(java.util.Collection<String> scopes) {
    java.util.Map<String, TreeSet<String>> byResource = new java.util.TreeMap<>();
    for (String scope : scopes) {
      int colon = scope.lastIndexOf(':');
      if (colon <= 0) {
        byResource.computeIfAbsent(scope, k -> new TreeSet<>());
        continue;
      }
      TreeSet<String> actions =
          byResource.computeIfAbsent(scope.substring(0, colon), k -> new TreeSet<>());
      for (String action : scope.substring(colon + 1).split(",")) {
        if (!action.isBlank()) {
          actions.add(action.trim());
        }
      }
    }
    List<String> out = new java.util.ArrayList<>();
    byResource.forEach(
        (resource, actions) ->
            out.add(actions.isEmpty() ? resource : resource + ":" + String.join(",", actions)));
    return out;
  }

  private static String key(ImageReference repo, List<String> scopes) {
    return repo.registry() + " " + merge(scopes);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
