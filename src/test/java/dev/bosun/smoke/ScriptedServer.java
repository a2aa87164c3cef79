package dev.bosun.smoke;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on loopback whose paths answer by script: the n-th request to a path gets what
 * the script says. It can also be started late, on a port chosen in advance, so clients first meet
 * a refused connection.
 */
final class ScriptedServer implements AutoCloseable {

  /** What one request gets. */
  record Reply(int status, String body, long delayMs) {
    static Reply of(int status, String body) {
      return new Reply(status, body, 0);
    }
  }

  /** Answers the n-th (1-based) request to a path; sees the request too. */
  @FunctionalInterface
  interface Script {
    Reply reply(int n, HttpExchange exchange) throws Exception;
  }

  private final int port;
  private final Map<String, Script> scripts = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private volatile HttpServer server;

  private ScriptedServer(int port) {
    this.port = port;
  }

  /** A server started now on a free port. */
  static ScriptedServer start() {
    ScriptedServer s = new ScriptedServer(0);
    s.bind();
    return s;
  }

  /**
   * A server on a free port that is not listening yet: connections are refused until {@link
   * #bind()}.
   */
  static ScriptedServer notYetListening() {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return new ScriptedServer(probe.getLocalPort());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  ScriptedServer on(String path, Script script) {
    scripts.put(path, script);
    return this;
  }

  ScriptedServer always(String path, int status, String body) {
    return on(path, (n, ex) -> Reply.of(status, body));
  }

  synchronized void bind() {
    try {
      HttpServer s =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
      s.setExecutor(Executors.newCachedThreadPool());
      s.createContext("/", this::handle);
      s.start();
      server = s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return server == null ? port : server.getAddress().getPort();
  }

  String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  int hits(String path) {
    AtomicInteger n = hits.get(path);
    return n == null ? 0 : n.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    int n = hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    Script script = scripts.get(path);
    Reply reply;
    try {
      reply = script == null ? Reply.of(404, "no such path") : script.reply(n, exchange);
      if (reply.delayMs() > 0) {
        Thread.sleep(reply.delayMs());
      }
    } catch (Exception e) {
      reply = Reply.of(500, "script failed: " + e);
    }
    byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
    exchange
        .getResponseHeaders()
        .set("Content-Type", reply.body().startsWith("{") ? "application/json" : "text/plain");
    try {
      exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        exchange.getResponseBody().write(body);
      }
    } catch (IOException clientGone) {
      // the client timed out and went away; nothing to answer
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
      ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
  }
}
