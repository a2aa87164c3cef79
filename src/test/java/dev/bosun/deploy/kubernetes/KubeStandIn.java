package dev.bosun.deploy.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManagerFactory;

/**
 * A Kubernetes API stand-in over HTTPS on loopback, in which the test plays the Deployment
 * controller: it serves Deployments, ReplicaSets and Flux Kustomizations from memory, applies
 * strategic-merge and JSON patches as the API server does for the fields bosun patches, and on
 * every read of a Deployment takes one controller step. Shapes follow the API reference
 * (https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/).
 */
public final class KubeStandIn implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String TLS = "/dev/bosun/deploy/kubernetes/tls/";

  /** A recorded request: what bosun sent, and who it was. */
  public record Call(
      String method,
      String path,
      String contentType,
      String body,
      String authorization,
      String clientCn) {}

  private final HttpsServer server;
  private final Map<String, ObjectNode> objects = new ConcurrentHashMap<>();
  public final List<Call> calls = Collections.synchronizedList(new ArrayList<>());

  /**
   * Images whose pods never become available: the controller stalls, then reports
   * ProgressDeadlineExceeded.
   */
  public final Set<String> broken = ConcurrentHashMap.newKeySet();

  /** Reads of a stalled rollout before the controller gives up with ProgressDeadlineExceeded. */
  volatile int stallReads = 3;

  private final Map<String, Integer> stalled = new ConcurrentHashMap<>();

  /**
   * Controllers the test plays for other kinds (Flux): called with the object before each read of
   * its path.
   */
  private final Map<String, java.util.function.Consumer<ObjectNode>> controllers =
      new ConcurrentHashMap<>();

  private final Optional<String> token;

  /**
   * @param token the bearer token accepted; empty means a client certificate signed by the test CA
   *     is required
   */
  public KubeStandIn(Optional<String> token) throws Exception {
    this.token = token;
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    SSLContext ssl = SSLContext.getInstance("TLS");
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = resource("server.p12")) {
      keys.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, "changeit".toCharArray());
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in = resource("ca.crt")) {
      trust.setCertificateEntry(
          "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    server.setHttpsConfigurator(
        new HttpsConfigurator(ssl) {
          @Override
          public void configure(HttpsParameters params) {
            var p = ssl.getDefaultSSLParameters();
            p.setWantClientAuth(true);
            params.setSSLParameters(p);
          }
        });
    server.createContext("/", this::handle);
    server.start();
  }

  static InputStream resource(String name) {
    return KubeStandIn.class.getResourceAsStream(TLS + name);
  }

  public static String text(String name) {
    try (InputStream in = resource(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A kubeconfig for the stand-in, its CA inline, with {@code userYaml} as the user. */
  public static String kubeconfig(String server, String userYaml) {
    return """
        apiVersion: v1
        kind: Config
        current-context: prod
        clusters:
        - name: prod-cluster
          cluster:
            server: %s
            certificate-authority-data: %s
        contexts:
        - name: prod
          context: {cluster: prod-cluster, user: deployer, namespace: api}
        users:
        - name: deployer
          user:
        %s
        """
        .formatted(server, b64(KubeStandIn.text("ca.crt")), userYaml.indent(4).stripTrailing());
  }

  public static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  public static String tokenUser(String token) {
    return "token: " + token;
  }

  public static String certUser(String kind) {
    return "client-certificate-data: "
        + b64(KubeStandIn.text("client-" + kind + ".crt"))
        + "\n"
        + "client-key-data: "
        + b64(KubeStandIn.text("client-" + kind + ".key"));
  }

  public String url() {
    return "https://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /**
   * A Deployment with one container, rolled out at revision 1 with its ReplicaSet, as a cluster
   * would have it.
   */
  public void deployment(String ns, String name, String container, String image) {
    ObjectNode d = JSON.createObjectNode();
    d.put("apiVersion", "apps/v1").put("kind", "Deployment");
    ObjectNode meta = d.putObject("metadata");
    meta.put("name", name).put("namespace", ns).put("uid", "uid-" + name).put("generation", 1);
    meta.putObject("annotations").put(Deployment.REVISION, "1");
    ObjectNode spec = d.putObject("spec");
    spec.put("replicas", 2).put("progressDeadlineSeconds", 600);
    spec.putObject("selector").putObject("matchLabels").put("app", name);
    ObjectNode template = spec.putObject("template");
    template.putObject("metadata").putObject("labels").put("app", name);
    template
        .putObject("spec")
        .putArray("containers")
        .addObject()
        .put("name", container)
        .put("image", image)
        .putArray("ports")
        .addObject()
        .put("containerPort", 8080);
    ObjectNode status = d.putObject("status");
    status
        .put("observedGeneration", 1)
        .put("replicas", 2)
        .put("updatedReplicas", 2)
        .put("availableReplicas", 2)
        .put("readyReplicas", 2);
    progressing(
        status,
        "True",
        "NewReplicaSetAvailable",
        "ReplicaSet \"" + name + "-1\" has successfully progressed.");
    objects.put(deploymentPath(ns, name), d);
    replicaSet(ns, d, 1);
  }

  public void kustomization(
      String ns, String name, String ready, String reason, String message, String applied) {
    ObjectNode k = JSON.createObjectNode();
    k.put("apiVersion", "kustomize.toolkit.fluxcd.io/v1").put("kind", "Kustomization");
    k.putObject("metadata").put("name", name).put("namespace", ns).put("generation", 1);
    ObjectNode status = k.putObject("status");
    status
        .put("observedGeneration", 1)
        .put("lastAppliedRevision", applied)
        .put("lastAttemptedRevision", applied);
    status
        .putArray("conditions")
        .addObject()
        .put("type", "Ready")
        .put("status", ready)
        .put("reason", reason)
        .put("message", message)
        .put("lastTransitionTime", "2026-11-29T14:00:00Z");
    objects.put(kustomizationPath(ns, name), k);
  }

  /** The API path of a Flux Kustomization. */
  public static String kustomizationPath(String ns, String name) {
    return "/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/" + ns + "/kustomizations/" + name;
  }

  /**
   * Lets the test play Flux's kustomize-controller: {@code step} changes the object before each
   * read of it.
   */
  public void controller(String path, java.util.function.Consumer<ObjectNode> step) {
    controllers.put(path, step);
  }

  /** Sets a Kustomization's Ready condition and revisions, as kustomize-controller writes them. */
  public static void kustomizationStatus(
      ObjectNode k, String ready, String reason, String message, String attempted, String applied) {
    ObjectNode status = (ObjectNode) k.get("status");
    status.put("lastAttemptedRevision", attempted).put("lastAppliedRevision", applied);
    ObjectNode c = (ObjectNode) status.get("conditions").get(0);
    c.put("status", ready).put("reason", reason).put("message", message);
  }

  ObjectNode get(String path) {
    return objects.get(path);
  }

  static String deploymentPath(String ns, String name) {
    return "/apis/apps/v1/namespaces/" + ns + "/deployments/" + name;
  }

  public String image(String ns, String name) {
    return objects
        .get(deploymentPath(ns, name))
        .path("spec")
        .path("template")
        .path("spec")
        .path("containers")
        .get(0)
        .path("image")
        .asText();
  }

  public List<Call> writes() {
    return calls.stream().filter(c -> !c.method().equals("GET")).toList();
  }

  private void handle(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod();
    String path = ex.getRequestURI().getRawPath();
    String query = Optional.ofNullable(ex.getRequestURI().getRawQuery()).orElse("");
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String auth = Optional.ofNullable(ex.getRequestHeaders().getFirst("Authorization")).orElse("");
    String cn = "";
    try {
      X509Certificate peer =
          (X509Certificate) ((HttpsExchange) ex).getSSLSession().getPeerCertificates()[0];
      cn = peer.getSubjectX500Principal().getName();
    } catch (SSLPeerUnverifiedException e) {
      // no client certificate
    }
    calls.add(
        new Call(method, path, ex.getRequestHeaders().getFirst("Content-Type"), body, auth, cn));
    boolean allowed =
        token.map(t -> auth.equals("Bearer " + t)).orElse(cn.contains("system:masters"));
    if (!allowed) {
      status(ex, 401, "Unauthorized", "Unauthorized");
      return;
    }
    synchronized (this) {
      if (method.equals("GET") && path.endsWith("/replicasets")) {
        String selector =
            URLDecoder.decode(query.replaceFirst("^labelSelector=", ""), StandardCharsets.UTF_8);
        ObjectNode list =
            JSON.createObjectNode().put("kind", "ReplicaSetList").put("apiVersion", "apps/v1");
        ArrayNode items = list.putArray("items");
        String prefix = path + "/";
        objects.forEach(
            (p, o) -> {
              if (p.startsWith(prefix) && matches(o, selector)) {
                items.add(o);
              }
            });
        send(ex, 200, list);
        return;
      }
      ObjectNode obj = objects.get(path);
      if (obj == null) {
        status(ex, 404, "NotFound", "not found: " + path);
        return;
      }
      if (method.equals("GET")) {
        if (path.contains("/deployments/")) {
          step(obj);
        }
        Optional.ofNullable(controllers.get(path)).ifPresent(c -> c.accept(obj));
        send(ex, 200, obj);
        return;
      }
      if (method.equals("PATCH") && path.contains("/deployments/")) {
        JsonNode patch = JSON.readTree(body);
        JsonNode before = obj.path("spec").path("template").deepCopy();
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if ("application/strategic-merge-patch+json".equals(type)) {
          strategicMerge(obj, patch);
        } else if ("application/json-patch+json".equals(type)) {
          for (JsonNode op : patch) {
            if (!op.path("op").asText().equals("replace")
                || !op.path("path").asText().equals("/spec/template")) {
              status(ex, 422, "Invalid", "stand-in applies only replace /spec/template");
              return;
            }
            ((ObjectNode) obj.get("spec")).set("template", op.get("value").deepCopy());
          }
        } else {
          status(ex, 415, "UnsupportedMediaType", "unsupported patch type " + type);
          return;
        }
        if (!before.equals(obj.path("spec").path("template"))) {
          templateChanged(obj);
        }
        send(ex, 200, obj);
        return;
      }
      status(ex, 405, "MethodNotAllowed", method + " not supported by the stand-in");
    }
  }

  /**
   * Strategic merge for the fields bosun patches: maps merge, the containers list merges by name.
   */
  private static void strategicMerge(ObjectNode target, JsonNode patch) {
    patch
        .properties()
        .forEach(
            e -> {
              JsonNode value = e.getValue();
              JsonNode current = target.get(e.getKey());
              if (value.isObject() && current instanceof ObjectNode o) {
                strategicMerge(o, value);
              } else if (value.isArray()
                  && current instanceof ArrayNode list
                  && e.getKey().equals("containers")) {
                for (JsonNode item : value) {
                  ObjectNode match = null;
                  for (JsonNode c : list) {
                    if (c.path("name").equals(item.path("name"))) {
                      match = (ObjectNode) c;
                    }
                  }
                  if (match == null) {
                    list.add(item.deepCopy());
                  } else {
                    strategicMerge(match, item);
                  }
                }
              } else {
                target.set(e.getKey(), value.deepCopy());
              }
            });
  }

  /**
   * The controller sees a new template: a new generation, and a ReplicaSet for it (an old one is
   * reused).
   */
  private void templateChanged(ObjectNode d) {
    ObjectNode meta = (ObjectNode) d.get("metadata");
    meta.put("generation", meta.path("generation").asLong() + 1);
    String ns = meta.path("namespace").asText();
    String rsPrefix = "/apis/apps/v1/namespaces/" + ns + "/replicasets/";
    long max = 0;
    ObjectNode reuse = null;
    for (var e : objects.entrySet()) {
      if (e.getKey().startsWith(rsPrefix) && owned(e.getValue(), meta.path("uid").asText())) {
        max = Math.max(max, Deployment.revision(e.getValue().path("metadata")).orElse(0L));
        JsonNode t = e.getValue().path("spec").path("template").deepCopy();
        ((ObjectNode) t.path("metadata").path("labels")).remove("pod-template-hash");
        if (t.equals(d.path("spec").path("template"))) {
          reuse = e.getValue();
        }
      }
    }
    if (reuse != null) {
      ((ObjectNode) reuse.get("metadata").get("annotations"))
          .put(Deployment.REVISION, String.valueOf(max + 1));
    } else {
      replicaSet(ns, d, max + 1);
    }
    ((ObjectNode) meta.get("annotations")).put(Deployment.REVISION, String.valueOf(max + 1));
  }

  /**
   * One controller step per read: observe, then scale the new ReplicaSet up and the old down; or
   * stall.
   */
  private void step(ObjectNode d) {
    ObjectNode status = (ObjectNode) d.get("status");
    long generation = d.path("metadata").path("generation").asLong();
    String name = d.path("metadata").path("name").asText();
    if (status.path("observedGeneration").asLong() < generation) {
      status
          .put("observedGeneration", generation)
          .put("updatedReplicas", 0)
          .put("replicas", 2)
          .put("availableReplicas", 2);
      progressing(status, "True", "ReplicaSetUpdated", "ReplicaSet is progressing.");
      stalled.remove(name);
      return;
    }
    String image =
        d.path("spec")
            .path("template")
            .path("spec")
            .path("containers")
            .get(0)
            .path("image")
            .asText();
    int updated = status.path("updatedReplicas").asInt();
    if (broken.contains(image)) {
      status.put("updatedReplicas", 1).put("replicas", 3).put("availableReplicas", 2);
      if (stalled.merge(name, 1, Integer::sum) >= stallReads) {
        progressing(
            status,
            "False",
            "ProgressDeadlineExceeded",
            "ReplicaSet \"" + name + "-x\" has timed out " + "progressing.");
      }
      return;
    }
    if (updated < 2) {
      status.put("updatedReplicas", updated + 1).put("replicas", 3).put("availableReplicas", 2);
    } else {
      status.put("replicas", 2).put("availableReplicas", 2);
      progressing(
          status, "True", "NewReplicaSetAvailable", "ReplicaSet has successfully progressed.");
    }
  }

  private static void progressing(ObjectNode status, String value, String reason, String message) {
    ArrayNode conditions = status.putArray("conditions");
    conditions
        .addObject()
        .put("type", "Available")
        .put("status", "True")
        .put("reason", "MinimumReplicasAvailable");
    conditions
        .addObject()
        .put("type", "Progressing")
        .put("status", value)
        .put("reason", reason)
        .put("message", message);
  }

  private void replicaSet(String ns, ObjectNode d, long revision) {
    String name = d.path("metadata").path("name").asText() + "-" + revision;
    ObjectNode rs = JSON.createObjectNode();
    rs.put("apiVersion", "apps/v1").put("kind", "ReplicaSet");
    ObjectNode meta = rs.putObject("metadata");
    meta.put("name", name).put("namespace", ns);
    meta.putObject("labels")
        .put("app", d.path("metadata").path("name").asText())
        .put("pod-template-hash", "h" + revision);
    meta.putObject("annotations").put(Deployment.REVISION, String.valueOf(revision));
    meta.putArray("ownerReferences")
        .addObject()
        .put("apiVersion", "apps/v1")
        .put("kind", "Deployment")
        .put("name", d.path("metadata").path("name").asText())
        .put("uid", d.path("metadata").path("uid").asText())
        .put("controller", true);
    ObjectNode template = d.path("spec").path("template").deepCopy();
    ((ObjectNode) template.path("metadata").path("labels"))
        .put("pod-template-hash", "h" + revision);
    rs.putObject("spec").put("replicas", 2).set("template", template);
    objects.put("/apis/apps/v1/namespaces/" + ns + "/replicasets/" + name, rs);
  }

  private static boolean owned(JsonNode rs, String uid) {
    for (JsonNode ref : rs.path("metadata").path("ownerReferences")) {
      if (ref.path("uid").asText().equals(uid)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(JsonNode o, String selector) {
    Map<String, String> want = new LinkedHashMap<>();
    for (String part : selector.split(",")) {
      String[] kv = part.split("=", 2);
      if (kv.length == 2) {
        want.put(kv[0], kv[1]);
      }
    }
    JsonNode labels = o.path("metadata").path("labels");
    return want.entrySet().stream()
        .allMatch(e -> labels.path(e.getKey()).asText().equals(e.getValue()));
  }

  private static void status(HttpExchange ex, int code, String reason, String message)
      throws IOException {
    ObjectNode s =
        JSON.createObjectNode()
            .put("kind", "Status")
            .put("apiVersion", "v1")
            .put("status", "Failure")
            .put("message", message)
            .put("reason", reason)
            .put("code", code);
    send(ex, code, s);
  }

  private static void send(HttpExchange ex, int code, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(code, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }
}
