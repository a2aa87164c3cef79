package dev.bosun.image.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A token server for the Docker token protocol, so a real docker-registry runs with Bearer auth as
 * GHCR, ACR and Docker Hub do: it signs RS256 JWTs with a key made by keytool, and the registry
 * trusts its certificate. Anonymous callers get pull; {@link LocalRegistry#USER} with {@link
 * LocalRegistry#PASSWORD} gets what it asks for.
 */
public final class TokenServer implements AutoCloseable {

  public static final String SERVICE = "bosun-test-registry";
  public static final String ISSUER = "bosun-test-issuer";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final PrivateKey key;
  private final String x5c;
  private final Path rootCert;

  /** Every token request's scopes, as the registry client sent them. */
  public final List<List<String>> requests = new CopyOnWriteArrayList<>();

  private TokenServer(HttpServer server, PrivateKey key, String x5c, Path rootCert) {
    this.server = server;
    this.key = key;
    this.x5c = x5c;
    this.rootCert = rootCert;
  }

  public static TokenServer start(Path dir) throws Exception {
    Files.createDirectories(dir);
    Path store = dir.resolve("token.p12");
    Files.deleteIfExists(store);
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process p =
        new ProcessBuilder(
                keytool,
                "-genkeypair",
                "-alias",
                "token",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-sigalg",
                "SHA256withRSA",
                "-dname",
                "CN=bosun-test-token",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                "changeit",
                "-keypass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(
          "keytool failed: " + new String(p.getInputStream().readAllBytes()));
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(store)) {
      ks.load(in, "changeit".toCharArray());
    }
    PrivateKey key = (PrivateKey) ks.getKey("token", "changeit".toCharArray());
    Certificate cert = ks.getCertificate("token");
    String der = Base64.getEncoder().encodeToString(cert.getEncoded());
    Path pem = dir.resolve("root.pem");
    Files.writeString(
        pem,
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(cert.getEncoded())
            + "\n-----END CERTIFICATE-----\n");
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    TokenServer ts = new TokenServer(server, key, der, pem);
    server.createContext("/token", ts::handle);
    server.start();
    return ts;
  }

  /** The {@code auth:} block for {@link LocalRegistry#start(Path, String)}. */
  public String registryAuthBlock() {
    return "auth:\n  token:\n    realm: http://127.0.0.1:"
        + server.getAddress().getPort()
        + "/token\n"
        + "    service: "
        + SERVICE
        + "\n    issuer: "
        + ISSUER
        + "\n    rootcertbundle: "
        + rootCert
        + "\n";
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      Map<String, List<String>> query = new LinkedHashMap<>();
      String raw = exchange.getRequestURI().getRawQuery();
      for (String pair : raw == null ? new String[0] : raw.split("&")) {
        int eq = pair.indexOf('=');
        query
            .computeIfAbsent(
                URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                k -> new ArrayList<>())
            .add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
      List<String> scopes = query.getOrDefault("scope", List.of());
      requests.add(scopes);
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      boolean loggedIn = false;
      if (authorization != null) {
        String expected =
            "Basic " + new RegistryCredential(LocalRegistry.USER, LocalRegistry.PASSWORD).basic();
        if (!authorization.equals(expected)) {
          respond(exchange, 401, "{\"details\":\"incorrect username or password\"}");
          return;
        }
        loggedIn = true;
      }
      List<Map<String, Object>> access = new ArrayList<>();
      for (String scope : scopes) {
        String[] parts = scope.split(":");
        List<String> actions = new ArrayList<>(List.of(parts[2].split(",")));
        if (!loggedIn) {
          actions.retainAll(List.of("pull"));
        }
        access.add(Map.of("type", parts[0], "name", parts[1], "actions", actions));
      }
      long now = Instant.now().getEpochSecond();
      Map<String, Object> claims = new LinkedHashMap<>();
      claims.put("iss", ISSUER);
      claims.put("sub", loggedIn ? LocalRegistry.USER : "");
      claims.put("aud", SERVICE);
      claims.put("exp", now + 300);
      claims.put("nbf", now - 10);
      claims.put("iat", now);
      claims.put("jti", UUID.randomUUID().toString());
      claims.put("access", access);
      respond(
          exchange, 200, JSON.writeValueAsString(Map.of("token", jwt(claims), "expires_in", 300)));
    } catch (Exception e) {
      respond(exchange, 500, "{\"error\":\"" + e + "\"}");
    }
  }

  private String jwt(Map<String, Object> claims) throws Exception {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header =
        b64.encodeToString(
            JSON.writeValueAsBytes(Map.of("typ", "JWT", "alg", "RS256", "x5c", List.of(x5c))));
    String body = b64.encodeToString(JSON.writeValueAsBytes(claims));
    Signature sig = Signature.getInstance("SHA256withRSA");
    sig.initSign(key);
    sig.update((header + "." + body).getBytes(StandardCharsets.US_ASCII));
    return header + "." + body + "." + b64.encodeToString(sig.sign());
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
