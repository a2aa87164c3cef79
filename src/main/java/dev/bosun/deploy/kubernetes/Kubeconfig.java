package dev.bosun.deploy.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bosun.support.BadInputException;
import dev.bosun.support.Yaml;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach one cluster, read from a kubeconfig's current context (or a pod's service account):
 * the API server, the CA to trust, and the credential. Parsed and checked before any call, so a
 * broken kubeconfig is bad input.
 */
public record Kubeconfig(
    URI server,
    Optional<String> caPem,
    boolean insecure,
    Optional<String> namespace,
    Credential credential,
    String context,
    List<String> rawSecrets) {

  /** The input every message names. */
  public static final String INPUT = "kubeconfig";

  /** Certificates, keys and tokens are small; a file past this is not a kubeconfig part. */
  static final int FILE_CAP = 256 * 1024;

  public static final Path SERVICE_ACCOUNT =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

  private static final ObjectMapper YAML = Yaml.mapper();

  /** Who bosun is to the API server. */
  public sealed interface Credential {
    /** Secret values to mask before anything is printed. */
    List<String> secrets();
  }

  /** A bearer token, given inline or read from {@code tokenFile}. */
  public record Token(String token) implements Credential {
    @Override
    public List<String> secrets() {
      return List.of(token);
    }

    @Override
    public String toString() {
      return "Token[***]";
    }
  }

  /** A client certificate chain and its private key, both PEM. */
  public record ClientCertificate(String certificatePem, String keyPem) implements Credential {
    @Override
    public List<String> secrets() {
      return List.of(keyPem);
    }

    @Override
    public String toString() {
      return "ClientCertificate[***]";
    }
  }

  /** A credential plugin run as the kubeconfig says (client.authentication.k8s.io). */
  public record Exec(
      String apiVersion,
      Path command,
      List<String> args,
      Map<String, String> env,
      boolean provideClusterInfo,
      String user)
      implements Credential {
    @Override
    public List<String> secrets() {
      return List.of();
    }
  }

  /**
   * No credential: the API server must allow anonymous requests (only useful against a stand-in).
   */
  public record Anonymous() implements Credential {
    @Override
    public List<String> secrets() {
      return List.of();
    }
  }

  /**
   * Every secret part to mask: the credential's values, each line of a private key, and the base64
   * text the file carried them in. Server, CA, names and the client certificate are public.
   */
  public List<String> secrets() {
    List<String> out = new ArrayList<>(rawSecrets);
    for (String s : credential.secrets()) {
      out.add(s.trim());
      s.lines()
          .map(String::trim)
          .filter(l -> l.length() >= 16 && !l.startsWith("-----"))
          .forEach(out::add);
    }
    return out;
  }

  /**
   * Parses a kubeconfig's text and resolves its current context.
   *
   * @param base folder that relative file references resolve against
   * @param path the PATH used to find an exec plugin's command
   */
  public static Kubeconfig parse(String text, Path base, String path) {
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      // only the position: the parser's message quotes the offending line, which may hold a token
      throw bad(
          "is not YAML (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + "). Give the content of a kubeconfig file (kubectl config view --minify --flatten).");
    } catch (IOException e) {
      throw bad("cannot be read: " + e.getClass().getSimpleName() + ".");
    }
    if (root == null || !root.isObject()) {
      throw bad(
          "is not a kubeconfig: expected a mapping with clusters, contexts, users and current-context.");
    }
    String current = text(root, "current-context");
    if (current.isEmpty()) {
      throw bad(
          "has no current-context. Set one (kubectl config use-context NAME) before passing it.");
    }
    JsonNode context = named(root, "contexts", current, "context");
    String clusterName = text(context, "cluster");
    String userName = text(context, "user");
    JsonNode cluster = named(root, "clusters", clusterName, "cluster");
    String server = text(cluster, "server");
    URI uri;
    try {
      uri = URI.create(server);
    } catch (IllegalArgumentException e) {
      throw bad("cluster '" + clusterName + "' has server '" + server + "', which is not a URL.");
    }
    if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())
        || uri.getHost() == null) {
      throw bad(
          "cluster '"
              + clusterName
              + "' has server '"
              + server
              + "'; expected https://HOST[:PORT].");
    }
    Optional<String> ca =
        pem(
            cluster,
            "certificate-authority-data",
            "certificate-authority",
            base,
            "cluster '" + clusterName + "'");
    boolean insecure = cluster.path("insecure-skip-tls-verify").asBoolean(false);
    JsonNode user =
        userName.isEmpty() ? YAML.createObjectNode() : named(root, "users", userName, "user");
    Credential credential = credential(user, userName, base, path);
    Optional<String> namespace = Optional.of(text(context, "namespace")).filter(s -> !s.isEmpty());
    List<String> raw = new ArrayList<>();
    for (String key : List.of("client-key-data", "token", "password")) {
      Optional.of(text(user, key)).filter(v -> !v.isEmpty()).ifPresent(raw::add);
    }
    user.path("exec")
        .path("env")
        .forEach(
            e -> Optional.of(text(e, "value")).filter(v -> v.length() >= 8).ifPresent(raw::add));
    return new Kubeconfig(uri, ca, insecure, namespace, credential, current, List.copyOf(raw));
  }

  /** The pod's own service account, as client-go's in-cluster config reads it. */
  public static Optional<Kubeconfig> inCluster(Map<String, String> env, Path serviceAccount) {
    String host = env.getOrDefault("KUBERNETES_SERVICE_HOST", "");
    String port = env.getOrDefault("KUBERNETES_SERVICE_PORT", "");
    Path token = serviceAccount.resolve("token");
    if (host.isEmpty() || port.isEmpty() || !Files.isRegularFile(token)) {
      return Optional.empty();
    }
    String h = host.contains(":") ? "[" + host + "]" : host;
    Optional<String> ca =
        Optional.of(serviceAccount.resolve("ca.crt"))
            .filter(Files::isRegularFile)
            .map(p -> readFile(p, "the service account CA"));
    Optional<String> ns =
        Optional.of(serviceAccount.resolve("namespace"))
            .filter(Files::isRegularFile)
            .map(p -> readFile(p, "the service account namespace").trim());
    return Optional.of(
        new Kubeconfig(
            URI.create("https://" + h + ":" + port),
            ca,
            false,
            ns,
            new Token(readFile(token, "the service account token").trim()),
            "in-cluster",
            List.of()));
  }

  private static Credential credential(JsonNode user, String name, Path base, String path) {
    String where = "user '" + name + "'";
    if (user.hasNonNull("exec")) {
      return exec(user.get("exec"), name, base, path);
    }
    if (user.hasNonNull("auth-provider")) {
      throw bad(
          where
              + " uses auth-provider '"
              + text(user.get("auth-provider"), "name")
              + "', which kubectl "
              + "removed; use an exec plugin (for example kubelogin or gke-gcloud-auth-plugin) or a token.");
    }
    Optional<String> cert = pem(user, "client-certificate-data", "client-certificate", base, where);
    Optional<String> key = pem(user, "client-key-data", "client-key", base, where);
    if (cert.isPresent() != key.isPresent()) {
      throw bad(
          where
              + " has a client certificate without its key (or a key without its certificate); give both "
              + "client-certificate-data and client-key-data.");
    }
    if (cert.isPresent()) {
      return new ClientCertificate(cert.get(), key.get());
    }
    String token = text(user, "token");
    if (token.isEmpty() && !text(user, "tokenFile").isEmpty()) {
      token = readFile(base.resolve(text(user, "tokenFile")), where + " tokenFile").trim();
    }
    if (!token.isEmpty()) {
      return new Token(token);
    }
    if (!text(user, "username").isEmpty()) {
      throw bad(
          where
              + " signs in with a username and password, which Kubernetes no longer accepts; use a token "
              + "or a client certificate.");
    }
    return new Anonymous();
  }

  private static Exec exec(JsonNode exec, String name, Path base, String path) {
    String command = text(exec, "command");
    if (command.isEmpty()) {
      throw bad("user '" + name + "' has an exec plugin without a command.");
    }
    List<String> args = new ArrayList<>();
    exec.path("args").forEach(a -> args.add(a.asText()));
    Map<String, String> env = new LinkedHashMap<>();
    exec.path("env").forEach(e -> env.put(text(e, "name"), text(e, "value")));
    String hint = text(exec, "installHint");
    Path resolved =
        ExecCredentials.locate(command, base, path)
            .orElseThrow(
                () ->
                    bad(
                        "user '"
                            + name
                            + "' gets its credential from the exec plugin '"
                            + command
                            + "', which is not installed here (not found "
                            + (command.contains("/") ? "at that path" : "on PATH")
                            + "). Install it in the job before deploy-env"
                            + (hint.isEmpty() ? "" : " (" + firstLine(hint) + ")")
                            + ", or give a kubeconfig with a token or a client "
                            + "certificate."));
    String apiVersion = text(exec, "apiVersion");
    return new Exec(
        apiVersion.isEmpty() ? "client.authentication.k8s.io/v1" : apiVersion,
        resolved,
        List.copyOf(args),
        env,
        exec.path("provideClusterInfo").asBoolean(false),
        name);
  }

  private static Optional<String> pem(
      JsonNode node, String dataKey, String fileKey, Path base, String where) {
    String data = text(node, dataKey);
    if (!data.isEmpty()) {
      try {
        return Optional.of(
            new String(Base64.getMimeDecoder().decode(data), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw bad(
            where
                + " has "
                + dataKey
                + " that is not base64; it must hold the base64 of a PEM file.");
      }
    }
    String file = text(node, fileKey);
    return file.isEmpty()
        ? Optional.empty()
        : Optional.of(readFile(base.resolve(file), where + " " + fileKey));
  }

  private static String readFile(Path file, String what) {
    try {
      if (Files.size(file) > FILE_CAP) {
        throw bad(
            what
                + " ("
                + file
                + ") is larger than "
                + FILE_CAP
                + " bytes; it cannot be a certificate, key "
                + "or token.");
      }
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw bad(
          "cannot read "
              + what
              + " ("
              + file
              + "): "
              + e.getClass().getSimpleName()
              + ". Use the *-data form "
              + "(kubectl config view --minify --flatten) so the kubeconfig carries everything inline.");
    }
  }

  private static JsonNode named(JsonNode root, String list, String name, String field) {
    for (JsonNode item : root.path(list)) {
      if (name.equals(text(item, "name"))) {
        return item.path(field);
      }
    }
    throw bad(
        "names "
            + list.substring(0, list.length() - 1)
            + " '"
            + name
            + "', which is not in its "
            + list
            + " list.");
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isValueNode() ? v.asText().trim() : "";
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }

  static BadInputException bad(String problem) {
    return new BadInputException(INPUT, "Input 'kubeconfig' " + problem);
  }
}
