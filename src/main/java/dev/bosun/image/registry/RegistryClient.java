package dev.bosun.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bosun.support.HttpClients;
import dev.bosun.support.HttpRetry;
import dev.bosun.support.OutsideSystemException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A client for the OCI distribution API (the registry HTTP API v2), just big enough to resolve,
 * read and promote images without pulling them: resolve a tag to a digest, read a manifest and the
 * image's labels, put a manifest under a new tag, and mount or copy blobs between repositories and
 * registries.
 *
 * <p>Every call has a timeout and goes through {@link HttpRetry} (429, 5xx and connection failures
 * are retried). Authentication follows the registry's 401 challenge: Basic, or a Bearer token from
 * the challenge's realm, with the credential from {@link RegistryCredentials} if there is one.
 * Loopback registries ({@code localhost}, {@code 127.0.0.1}, {@code [::1]}) are spoken to over
 * plain HTTP, as Docker does; all others over HTTPS.
 *
 * <p>Failures throw {@link OutsideSystemException} with the registry's own error code and message.
 */
public final class RegistryClient {

  private static final Duration API_TIMEOUT = Duration.ofSeconds(30);

  /**
   * The distribution spec asks registries to accept manifests of at least 4 MiB; larger answers are
   * refused.
   */
  static final int MAX_MANIFEST = 4 * 1024 * 1024;

  /**
   * A tag list page ({@code n=1000} tags of at most 128 characters, quoted) fits well within this.
   */
  static final int MAX_TAG_LIST = 1024 * 1024;

  static final int TAG_PAGE = 1000;
  private static final Duration BLOB_TIMEOUT = Duration.ofMinutes(10);

  private final HttpRetry api;
  private final HttpRetry blobs;
  private final TokenAuthenticator auth;

  /**
   * A client with bosun's standard timeouts and retries; {@code progress} receives one line per
   * retry.
   */
  public RegistryClient(RegistryCredentials credentials, Consumer<String> progress) {
    this(httpClient(), credentials, progress);
  }

  /** An HTTP client with the settings the registry API needs (no redirects followed, HTTP/1.1). */
  public static HttpClient httpClient() {
    return HttpClients.builder().version(HttpClient.Version.HTTP_1_1).build();
  }

  /** A client on {@code client}, which stays the caller's to close. */
  public RegistryClient(
      HttpClient client, RegistryCredentials credentials, Consumer<String> progress) {
    this.api = HttpRetry.standard(client, "registry", Duration.ofMinutes(2), progress);
    this.blobs = HttpRetry.standard(client, "registry", Duration.ofMinutes(30), progress);
    this.auth = new TokenAuthenticator(credentials, api, API_TIMEOUT);
  }

  /**
   * The digest {@code ref} points at (for an index, the index's own digest), or empty when the tag
   * does not exist.
   */
  public Optional<String> findDigest(ImageReference ref) {
    if (ref.digest() != null) {
      return findManifest(ref).map(Manifest::digest);
    }
    HttpResponse<Void> head =
        call(
            ref,
            "HEAD",
            manifestUri(ref, ref.reference()),
            pull(ref),
            Map.of("Accept", String.join(", ", MediaTypes.MANIFESTS)),
            BodyPublishers.noBody(),
            BodyHandlers.discarding(),
            API_TIMEOUT,
            api);
    if (head.statusCode() == 404) {
      return Optional.empty();
    }
    Optional<String> digest = head.headers().firstValue("Docker-Content-Digest");
    if (head.statusCode() == 200 && digest.isPresent()) {
      return digest;
    }
    // Some registries answer HEAD without the digest header; the GET body is the source of truth
    // anyway.
    return findManifest(ref).map(Manifest::digest);
  }

  /** The digest {@code ref} points at; fails when it does not exist. */
  public String resolveDigest(ImageReference ref) {
    return findDigest(ref).orElseThrow(() -> notFound(ref));
  }

  /**
   * The first page of {@code ref}'s repository's tags ({@code GET /v2/<name>/tags/list?n=1000}), in
   * the registry's order; empty when the repository does not exist.
   */
  public List<String> tags(ImageReference ref) {
    HttpResponse<byte[]> response =
        call(
            ref,
            "GET",
            URI.create(base(ref) + "tags/list?n=" + TAG_PAGE),
            pull(ref),
            Map.of("Accept", "application/json"),
            BodyPublishers.noBody(),
            capped(MAX_TAG_LIST),
            API_TIMEOUT,
            api);
    if (response.statusCode() == 404) {
      return List.of();
    }
    expect(response, 200, "GET tags of " + ref.name());
    List<String> out = new ArrayList<>();
    Manifest.tree(response.body()).path("tags").forEach(t -> out.add(t.asText()));
    return out;
  }

  /** The manifest or index {@code ref} points at, or empty when it does not exist. */
  public Optional<Manifest> findManifest(ImageReference ref) {
    HttpResponse<byte[]> response =
        call(
            ref,
            "GET",
            manifestUri(ref, ref.reference()),
            pull(ref),
            Map.of("Accept", String.join(", ", MediaTypes.MANIFESTS)),
            BodyPublishers.noBody(),
            capped(MAX_MANIFEST),
            API_TIMEOUT,
            api);
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    expect(response, 200, "GET manifest " + ref);
    Manifest manifest =
        Manifest.of(response.headers().firstValue("Content-Type").orElse(null), response.body());
    if (ref.digest() != null && !ref.digest().equals(manifest.digest())) {
      throw new OutsideSystemException(
          "registry",
          "The manifest of "
              + ref
              + " has digest "
              + manifest.digest()
              + "; the registry returned different content than asked for");
    }
    return Optional.of(manifest);
  }

  /** The manifest or index {@code ref} points at; fails when it does not exist. */
  public Manifest manifest(ImageReference ref) {
    return findManifest(ref).orElseThrow(() -> notFound(ref));
  }

  /**
   * The labels in the image config of {@code ref} (empty when it has none). For an index, the
   * {@code linux/amd64} image is read, or else the first entry that is not an attestation: builds
   * label every platform alike.
   */
  public Map<String, String> labels(ImageReference ref) {
    Manifest top = manifest(ref);
    Manifest manifest = top;
    if (top.isIndex()) {
      Descriptor chosen =
          top.manifests().stream()
              .filter(d -> "linux/amd64".equals(d.platform()))
              .findFirst()
              .or(() -> top.manifests().stream().filter(d -> !d.isAttestation()).findFirst())
              .orElseThrow(
                  () ->
                      new OutsideSystemException(
                          "registry", "The index " + ref + " lists no images"));
      manifest = manifest(ref.withDigest(chosen.digest()));
    }
    JsonNode labels = imageConfig(ref, manifest).path("config").path("Labels");
    Map<String, String> out = new LinkedHashMap<>();
    labels.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  /**
   * The image config of a single-image manifest of {@code ref}'s repository ({@code os}, {@code
   * architecture}, …).
   */
  public JsonNode imageConfig(ImageReference ref, Manifest manifest) {
    Descriptor config =
        manifest
            .config()
            .orElseThrow(
                () ->
                    new OutsideSystemException(
                        "registry",
                        "The manifest "
                            + manifest.digest()
                            + " in "
                            + ref.name()
                            + " has no config"));
    if (config.size() > MAX_MANIFEST) {
      throw new OutsideSystemException(
          "registry",
          "The image config "
              + config.digest()
              + " in "
              + ref.name()
              + " is "
              + config.size()
              + " bytes; bosun reads configs up to "
              + MAX_MANIFEST);
    }
    return Manifest.tree(blobBytes(ref, config));
  }

  /**
   * Uploads one blob from a file to {@code target}'s repository unless it is there already; true
   * when uploaded.
   */
  public boolean uploadBlob(ImageReference target, String digest, Path file) {
    if (blobExists(target, digest)) {
      return false;
    }
    try {
      upload(target, digest, file);
      return true;
    } catch (IOException e) {
      throw new OutsideSystemException(
          "registry", "Cannot upload blob " + digest + ": " + e.getMessage(), e);
    }
  }

  /**
   * Puts {@code manifest} (byte for byte, so its digest stays the same) under {@code target}'s tag,
   * or under its digest when it has no tag. Every blob and child manifest it references must
   * already be in the target repository.
   *
   * @return the digest the registry reports
   */
  public String putManifest(ImageReference target, Manifest manifest) {
    String reference = target.tag() != null ? target.tag() : manifest.digest();
    HttpResponse<byte[]> response =
        call(
            target,
            "PUT",
            manifestUri(target, reference),
            push(target),
            Map.of("Content-Type", manifest.mediaType()),
            BodyPublishers.ofByteArray(manifest.bytes()),
            BodyHandlers.ofByteArray(),
            API_TIMEOUT,
            api);
    expect(response, 201, "PUT manifest " + target.name() + ":" + reference);
    String digest =
        response.headers().firstValue("Docker-Content-Digest").orElse(manifest.digest());
    if (!digest.equals(manifest.digest())) {
      throw new OutsideSystemException(
          "registry",
          target.registry()
              + " stored "
              + target.name()
              + ":"
              + reference
              + " as "
              + digest
              + " instead of "
              + manifest.digest()
              + "; it rewrote the manifest");
    }
    return digest;
  }

  /** True when the repository of {@code repo} already holds the blob. */
  public boolean blobExists(ImageReference repo, String digest) {
    HttpResponse<Void> response =
        call(
            repo,
            "HEAD",
            blobUri(repo, digest),
            pull(repo),
            Map.of(),
            BodyPublishers.noBody(),
            BodyHandlers.discarding(),
            API_TIMEOUT,
            api);
    if (response.statusCode() == 404) {
      return false;
    }
    if (response.statusCode() == 200 || response.statusCode() / 100 == 3) {
      return true;
    }
    throw failure(response, "HEAD blob " + digest + " in " + repo.name(), null);
  }

  /**
   * Mounts a blob from another repository of the same registry into {@code target}'s repository,
   * without moving data.
   *
   * @return false when the registry declined the mount (the caller then copies the blob)
   */
  public boolean mountBlob(ImageReference from, ImageReference target, String digest) {
    if (!from.registry().equals(target.registry())) {
      throw new IllegalArgumentException(
          "mounts work within one registry: " + from + " -> " + target);
    }
    URI uri = uploadsUri(target, "?mount=" + enc(digest) + "&from=" + enc(from.repository()));
    List<String> scopes = new ArrayList<>(push(target));
    scopes.add("repository:" + from.repository() + ":pull");
    HttpResponse<byte[]> response =
        call(
            target,
            "POST",
            uri,
            scopes,
            Map.of(),
            BodyPublishers.noBody(),
            BodyHandlers.ofByteArray(),
            API_TIMEOUT,
            api);
    if (response.statusCode() == 201) {
      return true;
    }
    if (response.statusCode() == 202) {
      // The registry opened an ordinary upload instead; it expires unused, and the caller copies
      // the blob.
      return false;
    }
    throw failure(
        response, "mount blob " + digest + " from " + from.name() + " into " + target.name(), null);
  }

  /**
   * Copies one blob from {@code from}'s repository to {@code target}'s, possibly on another
   * registry: it is streamed to a temporary file (checked against its digest), then uploaded in one
   * piece.
   */
  public void copyBlob(ImageReference from, ImageReference target, Descriptor blob) {
    Path file = null;
    try {
      file = Files.createTempFile("bosun-blob-", ".bin");
      download(from, blob, file);
      upload(target, blob.digest(), file);
    } catch (IOException e) {
      throw new OutsideSystemException(
          "registry", "Cannot copy blob " + blob.digest() + ": " + e.getMessage(), e);
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // a leftover temp file is not worth failing a promotion for
        }
      }
    }
  }

  private byte[] blobBytes(ImageReference repo, Descriptor blob) {
    try {
      Path file = Files.createTempFile("bosun-config-", ".json");
      try {
        download(repo, blob, file);
        return Files.readAllBytes(file);
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new OutsideSystemException(
          "registry", "Cannot read blob " + blob.digest() + ": " + e.getMessage(), e);
    }
  }

  private void download(ImageReference repo, Descriptor blob, Path file) throws IOException {
    BodyHandler<Path> toFile =
        info ->
            info.statusCode() == 200
                ? BodySubscribers.ofFile(
                    file,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)
                : BodySubscribers.replacing(null);
    HttpResponse<Path> response =
        call(
            repo,
            "GET",
            blobUri(repo, blob.digest()),
            pull(repo),
            Map.of(),
            BodyPublishers.noBody(),
            toFile,
            BLOB_TIMEOUT,
            blobs);
    for (int hops = 0; response.statusCode() / 100 == 3 && hops < 5; hops++) {
      // Registries hand blobs off to storage (S3, a CDN). Their signed URLs must not get our
      // Authorization header.
      URI next =
          response
              .request()
              .uri()
              .resolve(
                  response
                      .headers()
                      .firstValue("Location")
                      .orElseThrow(
                          () ->
                              new OutsideSystemException(
                                  "registry",
                                  "A blob redirect without Location from " + repo.registry())));
      HttpRequest request = HttpRequest.newBuilder(next).timeout(BLOB_TIMEOUT).GET().build();
      response = blobs.send(request, toFile);
    }
    if (response.statusCode() != 200) {
      throw failure(response, "GET blob " + blob.digest() + " from " + repo.name(), null);
    }
    String actual = sha256(file);
    if (!actual.equals(blob.digest())) {
      throw new OutsideSystemException(
          "registry",
          "Blob "
              + blob.digest()
              + " from "
              + repo.name()
              + " arrived with digest "
              + actual
              + "; refusing to copy corrupt content");
    }
  }

  private void upload(ImageReference target, String digest, Path file) throws IOException {
    HttpResponse<byte[]> start =
        call(
            target,
            "POST",
            uploadsUri(target, ""),
            push(target),
            Map.of(),
            BodyPublishers.noBody(),
            BodyHandlers.ofByteArray(),
            API_TIMEOUT,
            api);
    expect(start, 202, "start upload to " + target.name());
    URI location =
        start
            .request()
            .uri()
            .resolve(
                start
                    .headers()
                    .firstValue("Location")
                    .orElseThrow(
                        () ->
                            new OutsideSystemException(
                                "registry",
                                target.registry() + " started an upload without a Location")));
    String sep = location.getRawQuery() == null ? "?" : "&";
    URI put = URI.create(location + sep + "digest=" + enc(digest));
    BodyPublisher body = BodyPublishers.ofFile(file);
    HttpResponse<byte[]> done =
        call(
            target,
            "PUT",
            put,
            push(target),
            Map.of("Content-Type", "application/octet-stream"),
            body,
            BodyHandlers.ofByteArray(),
            BLOB_TIMEOUT,
            blobs);
    expect(done, 201, "upload blob " + digest + " to " + target.name());
  }

  /**
   * One request with the cached authorization; on 401, answers the challenge and sends once more.
   */
  private <T> HttpResponse<T> call(
      ImageReference repo,
      String method,
      URI uri,
      List<String> scopes,
      Map<String, String> headers,
      BodyPublisher body,
      BodyHandler<T> handler,
      Duration timeout,
      HttpRetry http) {
    Optional<String> authorization =
        sameHost(repo, uri) ? auth.cached(repo, scopes) : Optional.empty();
    HttpResponse<T> response =
        http.send(request(method, uri, headers, body, timeout, authorization), handler);
    if (response.statusCode() == 401 && sameHost(repo, uri)) {
      String header =
          auth.authorize(
              repo, response.headers().firstValue("WWW-Authenticate").orElse(null), scopes);
      response =
          http.send(request(method, uri, headers, body, timeout, Optional.of(header)), handler);
      if (response.statusCode() == 401) {
        throw new OutsideSystemException(
            "registry",
            auth.hasCredential(repo)
                ? repo.registry()
                    + " refused the login for "
                    + method
                    + " "
                    + repo.repository()
                    + " (HTTP 401): check the credentials and their permissions"
                : repo.registry()
                    + " refused anonymous "
                    + method
                    + " "
                    + repo.repository()
                    + " (HTTP 401): it needs a "
                    + "login; give registry-username and registry-password, or a login that fits the registry");
      }
    }
    return response;
  }

  private static HttpRequest request(
      String method,
      URI uri,
      Map<String, String> headers,
      BodyPublisher body,
      Duration timeout,
      Optional<String> authorization) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).method(method, body);
    headers.forEach(b::header);
    authorization.ifPresent(a -> b.header("Authorization", a));
    return b.build();
  }

  private static boolean sameHost(ImageReference repo, URI uri) {
    return uri.getAuthority() != null && uri.getAuthority().equalsIgnoreCase(repo.apiHost());
  }

  static URI base(ImageReference repo) {
    return URI.create(
        scheme(repo.apiHost()) + "://" + repo.apiHost() + "/v2/" + repo.repository() + "/");
  }

  private static URI manifestUri(ImageReference repo, String reference) {
    return base(repo).resolve("manifests/" + reference);
  }

  private static URI blobUri(ImageReference repo, String digest) {
    return base(repo).resolve("blobs/" + digest);
  }

  private static URI uploadsUri(ImageReference repo, String query) {
    return URI.create(base(repo) + "blobs/uploads/" + query);
  }

  /** True for loopback registries, which bosun (like Docker) speaks to over plain HTTP. */
  public static boolean isPlainHttp(String registry) {
    return scheme(registry).equals("http");
  }

  /** Plain HTTP for loopback registries only, as Docker allows without configuration. */
  static String scheme(String host) {
    String h =
        host.startsWith("[")
            ? host.substring(0, host.indexOf(']') + 1)
            : host.replaceFirst(":\\d+$", "");
    boolean loopback = h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]");
    return loopback ? "http" : "https";
  }

  private static List<String> pull(ImageReference repo) {
    return List.of("repository:" + repo.repository() + ":pull");
  }

  private static List<String> push(ImageReference repo) {
    return List.of("repository:" + repo.repository() + ":pull,push");
  }

  private static void expect(HttpResponse<byte[]> response, int status, String what) {
    if (response.statusCode() != status) {
      throw failure(response, what, response.body());
    }
  }

  private static OutsideSystemException failure(
      HttpResponse<?> response, String what, byte[] body) {
    StringBuilder msg =
        new StringBuilder("The registry answered HTTP ")
            .append(response.statusCode())
            .append(" to ")
            .append(what);
    if (body != null && body.length > 0) {
      try {
        JsonNode errors = Manifest.tree(body).path("errors");
        errors.forEach(
            e ->
                msg.append("; ")
                    .append(e.path("code").asText())
                    .append(": ")
                    .append(e.path("message").asText()));
      } catch (OutsideSystemException notJson) {
        msg.append(": ")
            .append(new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8));
      }
    }
    return new OutsideSystemException("registry", msg.toString());
  }

  /**
   * Not found; for a tag, the message names the repository's tags that look like it, so a typo is
   * easy to see.
   */
  private OutsideSystemException notFound(ImageReference ref) {
    String msg =
        ref
            + " was not found: no manifest with that "
            + (ref.digest() != null ? "digest" : "tag")
            + " in "
            + ref.name();
    if (ref.digest() == null && ref.tag() != null) {
      List<String> all;
      try {
        all = tags(ref);
      } catch (OutsideSystemException unreadable) {
        // the tag list is a courtesy; some registries refuse it to push-only credentials
        return new OutsideSystemException("registry", msg);
      }
      List<String> near = NearTags.near(ref.tag(), all);
      if (!near.isEmpty()) {
        msg += ". Tags that look like it: " + String.join(", ", near);
      } else if (!all.isEmpty()) {
        msg +=
            " (none of its "
                + (all.size() >= TAG_PAGE ? "first " : "")
                + all.size()
                + " tags looks like "
                + ref.tag()
                + ")";
      } else {
        msg += " (the repository has no tags)";
      }
    }
    return new OutsideSystemException("registry", msg);
  }

  /** Reads at most {@code max} bytes of a body; a larger answer fails instead of filling memory. */
  public static BodyHandler<byte[]> capped(int max) {
    return info ->
        new HttpResponse.BodySubscriber<>() {
          private final java.util.concurrent.CompletableFuture<byte[]> result =
              new java.util.concurrent.CompletableFuture<>();
          private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
          private java.util.concurrent.Flow.Subscription subscription;

          @Override
          public java.util.concurrent.CompletionStage<byte[]> getBody() {
            return result;
          }

          @Override
          public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
          }

          @Override
          public void onNext(List<java.nio.ByteBuffer> items) {
            for (java.nio.ByteBuffer b : items) {
              if (result.isDone()) {
                return;
              }
              if (out.size() + b.remaining() > max) {
                subscription.cancel();
                result.completeExceptionally(new OversizeAnswer(max));
                return;
              }
              byte[] chunk = new byte[b.remaining()];
              b.get(chunk);
              out.writeBytes(chunk);
            }
          }

          @Override
          public void onError(Throwable t) {
            result.completeExceptionally(t);
          }

          @Override
          public void onComplete() {
            result.complete(out.toByteArray());
          }
        };
  }

  /** An answer over its size cap. */
  static final class OversizeAnswer extends IOException {
    OversizeAnswer(int max) {
      super("the registry's answer is larger than " + max + " bytes");
    }
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in =
        new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return "sha256:"
          + HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
