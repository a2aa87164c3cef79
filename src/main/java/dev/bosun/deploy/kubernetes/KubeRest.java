package dev.bosun.deploy.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bosun.support.Backoff;
import dev.bosun.support.CappedBody;
import dev.bosun.support.HttpClients;
import dev.bosun.support.HttpRetry;
import dev.bosun.support.Json;
import dev.bosun.support.OutsideSystemException;
import dev.bosun.support.Sleeper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@link KubeApi} over a few REST calls with the JDK HTTP client and Jackson. A full client
 * (fabric8 adds about 18 MB to the jar every action pulls) would bring nothing these five calls
 * need.
 */
public final class KubeRest implements KubeApi {

  static final String SYSTEM = "Kubernetes";
  private static final ObjectMapper JSON = Json.mapper();

  private final Kubeconfig config;
  private final Consumer<String> mask;
  private final Consumer<String> progress;
  private final Sleeper sleeper;
  private final Clock clock;
  private HttpClient client;
  private Optional<String> bearer = Optional.empty();
  private Optional<Instant> expires = Optional.empty();

  /**
   * @param mask registers secrets an exec plugin hands out, before anything could print them
   */
  public KubeRest(
      Kubeconfig config,
      Consumer<String> mask,
      Consumer<String> progress,
      Sleeper sleeper,
      Clock clock) {
    this.config = config;
    this.mask = mask;
    this.progress = progress;
    this.sleeper = sleeper;
    this.clock = clock;
  }

  @Override
  public Optional<Deployment> deployment(String namespace, String name) {
    return get(deploymentPath(namespace, name)).map(Deployment::parse);
  }

  @Override
  public void setImage(String namespace, String name, String container, String image) {
    ObjectNode patch = JSON.createObjectNode();
    ArrayNode containers =
        patch.putObject("spec").putObject("template").putObject("spec").putArray("containers");
    containers.addObject().put("name", container).put("image", image);
    send(
        "PATCH",
        deploymentPath(namespace, name),
        "application/strategic-merge-patch+json",
        patch.toString());
  }

  @Override
  public List<ReplicaSet> replicaSets(String namespace, Deployment deployment) {
    String path =
        "/apis/apps/v1/namespaces/"
            + seg(namespace)
            + "/replicasets?labelSelector="
            + URLEncoder.encode(deployment.labelSelector(), StandardCharsets.UTF_8);
    JsonNode list =
        get(path)
            .orElseThrow(
                () ->
                    new OutsideSystemException(
                        SYSTEM,
                        "Listing ReplicaSets in namespace '" + namespace + "' answered 404."));
    List<ReplicaSet> out = new ArrayList<>();
    for (JsonNode item : list.path("items")) {
      ReplicaSet rs = ReplicaSet.parse(item);
      if (rs.ownerUid().filter(deployment.uid()::equals).isPresent()) {
        out.add(rs);
      }
    }
    return out;
  }

  @Override
  public void restoreTemplate(String namespace, String name, JsonNode template) {
    ArrayNode patch = JSON.createArrayNode();
    patch.addObject().put("op", "replace").put("path", "/spec/template").set("value", template);
    send("PATCH", deploymentPath(namespace, name), "application/json-patch+json", patch.toString());
  }

  @Override
  public Optional<Kustomization> kustomization(String namespace, String name) {
    return get("/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/"
            + seg(namespace)
            + "/kustomizations/"
            + seg(name))
        .map(Kustomization::parse);
  }

  private static String deploymentPath(String namespace, String name) {
    return "/apis/apps/v1/namespaces/" + seg(namespace) + "/deployments/" + seg(name);
  }

  private Optional<JsonNode> get(String path) {
    return send("GET", path, null, null);
  }

  private synchronized Optional<JsonNode> send(
      String method, String path, String contentType, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base() + path))
            .timeout(Duration.ofSeconds(30))
            .header("Accept", "application/json");
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", contentType)
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    HttpClient http = client();
    bearer.ifPresent(t -> b.header("Authorization", "Bearer " + t));
    HttpRetry retry =
        new HttpRetry(
            http, SYSTEM, Backoff.standard(), Duration.ofMinutes(1), 4, sleeper, clock, progress);
    HttpResponse<InputStream> response =
        retry.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    String text = CappedBody.read(response, CappedBody.DEFAULT_CAP, SYSTEM);
    int code = response.statusCode();
    if (code == 404 && "GET".equals(method)) {
      return Optional.empty();
    }
    if (code / 100 != 2) {
      throw new OutsideSystemException(
          SYSTEM,
          "The Kubernetes API refused "
              + method
              + " "
              + path.replaceAll("\\?.*", "")
              + " with HTTP "
              + code
              + ": "
              + statusMessage(text)
              + hint(code));
    }
    try {
      return Optional.of(JSON.readTree(text));
    } catch (IOException e) {
      throw new OutsideSystemException(
          SYSTEM,
          "The Kubernetes API answered "
              + method
              + " "
              + path
              + " with something that is not JSON.");
    }
  }

  /**
   * The HTTP client, built on first use: an exec plugin may hand out the client certificate the TLS
   * setup needs.
   */
  private HttpClient client() {
    boolean expired = expires.map(e -> !clock.instant().isBefore(e.minusSeconds(10))).orElse(false);
    if (client != null && !expired) {
      return client;
    }
    Kubeconfig.Credential credential = config.credential();
    if (credential instanceof Kubeconfig.Exec exec) {
      ExecCredentials.Issued issued = ExecCredentials.run(exec, config);
      issued.credential().secrets().forEach(mask);
      credential = issued.credential();
      expires = issued.expires();
    }
    bearer = credential instanceof Kubeconfig.Token t ? Optional.of(t.token()) : Optional.empty();
    Optional<Kubeconfig.ClientCertificate> cert =
        credential instanceof Kubeconfig.ClientCertificate c ? Optional.of(c) : Optional.empty();
    HttpClient.Builder builder = HttpClients.builder();
    if ("https".equals(config.server().getScheme())) {
      builder.sslContext(KubeTls.context(config.caPem(), config.insecure(), cert));
    }
    client = builder.build();
    return client;
  }

  private String base() {
    String s = config.server().toString();
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private static String statusMessage(String text) {
    try {
      JsonNode status = JSON.readTree(text);
      String message = status.path("message").asText("");
      if (!message.isEmpty()) {
        return message.length() > 500 ? message.substring(0, 497) + "..." : message;
      }
    } catch (IOException e) {
      // not a Status object; fall through
    }
    return "(no Status message)";
  }

  private static String hint(int code) {
    return switch (code) {
      case 401 ->
          ". The kubeconfig's credential was not accepted: check that the token or certificate is current.";
      case 403 ->
          ". Give the kubeconfig's user a Role that allows get and patch on deployments and get and list on "
              + "replicasets in this namespace.";
      default -> "";
    };
  }

  private static String seg(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
