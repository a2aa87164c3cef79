package dev.bosun.deploy.gitops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Git's own smart-HTTP server on loopback: {@code git http-backend} (the CGI program git ships)
 * behind a JDK HttpsServer that asks for HTTP Basic authentication, as GitHub does for a token
 * ({@code x-access-token} and the token as password). The server certificate is the test CA's
 * 127.0.0.1 certificate; {@link #trustTestCa} makes JGit (which uses {@link HttpsURLConnection})
 * trust it for the duration of a test.
 */
public final class GitHttpServer implements AutoCloseable {

  static final String TLS = "/dev/bosun/deploy/kubernetes/tls/";

  /**
   * One request as the server saw it: method, path and query, and the user it authenticated (empty:
   * none).
   */
  public record Request(String method, String pathAndQuery, String user, boolean authorized) {}

  private final HttpsServer server;
  private final Path root;
  private final String token;
  public final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

  /**
   * Called before the server answers a push's ref advertisement ({@code
   * info/refs?service=git-receive-pack}), with the number of that advertisement (1, 2, …): the
   * place where another pusher can land first.
   */
  public volatile java.util.function.IntConsumer beforePushAdvertisement = n -> {};

  private final AtomicInteger pushAdvertisements = new AtomicInteger();

  /**
   * Serves the bare repositories under {@code root} as {@code /<name>.git}, to {@code token} only.
   */
  public GitHttpServer(Path root, String token) throws Exception {
    this.root = root;
    this.token = token;
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    SSLContext ssl = SSLContext.getInstance("TLS");
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = GitHttpServer.class.getResourceAsStream(TLS + "server.p12")) {
      keys.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, "changeit".toCharArray());
    ssl.init(kmf.getKeyManagers(), null, null);
    server.setHttpsConfigurator(new HttpsConfigurator(ssl));
    server.createContext("/", this::handle);
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
    server.start();
  }

  /**
   * The HTTPS clone URL of the bare repository {@code name} (e.g. {@code deploy.git}) under the
   * root.
   */
  public String url(String name) {
    return "https://127.0.0.1:" + server.getAddress().getPort() + "/" + name;
  }

  /**
   * Makes {@link HttpsURLConnection} trust the test CA (JGit's HTTP transport uses it) and returns
   * what to put back.
   */
  public static SSLSocketFactory trustTestCa() throws Exception {
    SSLSocketFactory before = HttpsURLConnection.getDefaultSSLSocketFactory();
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in = GitHttpServer.class.getResourceAsStream(TLS + "ca.crt")) {
      trust.setCertificateEntry(
          "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    HttpsURLConnection.setDefaultSSLSocketFactory(ssl.getSocketFactory());
    return before;
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getRawPath();
      String query = Optional.ofNullable(ex.getRequestURI().getRawQuery()).orElse("");
      Optional<String> user = basicUser(ex);
      boolean authorized = user.isPresent();
      requests.add(
          new Request(
              ex.getRequestMethod(),
              path + (query.isEmpty() ? "" : "?" + query),
              user.orElse(""),
              authorized));
      if (!authorized) {
        ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"git\"");
        ex.sendResponseHeaders(401, -1);
        return;
      }
      if (path.endsWith("/info/refs") && query.contains("service=git-receive-pack")) {
        beforePushAdvertisement.accept(pushAdvertisements.incrementAndGet());
      }
      cgi(ex, path, query, user.get());
    }
  }

  /** The user when the Authorization header carries x-access-token and the token, else empty. */
  private Optional<String> basicUser(HttpExchange ex) {
    String header = ex.getRequestHeaders().getFirst("Authorization");
    if (header == null || !header.startsWith("Basic ")) {
      return Optional.empty();
    }
    String decoded =
        new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    return decoded.equals("x-access-token:" + token)
        ? Optional.of("x-access-token")
        : Optional.empty();
  }

  /** Runs git http-backend for the request, as a web server runs a CGI program. */
  private void cgi(HttpExchange ex, String path, String query, String user) throws IOException {
    ProcessBuilder pb = new ProcessBuilder("git", "http-backend");
    Map<String, String> env = pb.environment();
    env.put("GIT_PROJECT_ROOT", root.toString());
    env.put("GIT_HTTP_EXPORT_ALL", "1");
    env.put("PATH_INFO", path);
    env.put("QUERY_STRING", query);
    env.put("REQUEST_METHOD", ex.getRequestMethod());
    env.put("REMOTE_USER", user);
    env.put("REMOTE_ADDR", "127.0.0.1");
    Optional.ofNullable(ex.getRequestHeaders().getFirst("Content-Type"))
        .ifPresent(v -> env.put("CONTENT_TYPE", v));
    Optional.ofNullable(ex.getRequestHeaders().getFirst("Content-Encoding"))
        .ifPresent(v -> env.put("HTTP_CONTENT_ENCODING", v));
    Optional.ofNullable(ex.getRequestHeaders().getFirst("Git-Protocol"))
        .ifPresent(v -> env.put("GIT_PROTOCOL", v));
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    try (OutputStream in = p.getOutputStream()) {
      ex.getRequestBody().transferTo(in);
    }
    byte[] out;
    try (InputStream stdout = p.getInputStream()) {
      out = stdout.readAllBytes();
    }
    try {
      p.waitFor(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int split = headerEnd(out);
    String head = new String(out, 0, split, StandardCharsets.ISO_8859_1);
    int status = 200;
    for (String line : head.split("\r?\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = line.substring(0, colon).trim();
      String value = line.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Status")) {
        status = Integer.parseInt(value.split(" ")[0]);
      } else {
        ex.getResponseHeaders().add(name, value);
      }
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(
        out,
        Math.min(out.length, split + separatorLength(out, split)),
        Math.max(0, out.length - split - separatorLength(out, split)));
    ex.sendResponseHeaders(status, body.size() == 0 ? -1 : body.size());
    if (body.size() > 0) {
      ex.getResponseBody().write(body.toByteArray());
    }
  }

  private static int headerEnd(byte[] out) {
    for (int i = 0; i + 1 < out.length; i++) {
      if (out[i] == '\n' && out[i + 1] == '\n') {
        return i;
      }
      if (i + 3 < out.length
          && out[i] == '\r'
          && out[i + 1] == '\n'
          && out[i + 2] == '\r'
          && out[i + 3] == '\n') {
        return i;
      }
    }
    return out.length;
  }

  private static int separatorLength(byte[] out, int at) {
    if (at >= out.length) {
      return 0;
    }
    return out[at] == '\r' ? 4 : 2;
  }
}
