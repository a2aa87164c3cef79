package dev.bosun.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.support.HttpClients;
import dev.bosun.testing.ActionHarness;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19 item 11 (the proxy part, for smoke-check): HTTP_PROXY and NO_PROXY are honoured, as the
 * runner's other tools honour them. A real forward proxy on loopback relays to a real server.
 */
class SmokeProxyTest {

  @TempDir Path dir;
  private ScriptedServer server;
  private ForwardProxy proxy;

  @BeforeEach
  void given() throws IOException {
    server = ScriptedServer.start().always("/health", 200, "ok");
    proxy = new ForwardProxy();
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
    proxy.close();
  }

  @Test
  void httpProxyCarriesTheChecks() {
    ActionHarness.Result r =
        new ActionHarness(dir)
            .env("HTTP_PROXY", "http://127.0.0.1:" + proxy.port())
            .input("url", server.url("/health"))
            .run("smoke-check");

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(proxy.requestLines).containsExactly("GET " + server.url("/health") + " HTTP/1.1");
    assertThat(server.hits("/health")).isEqualTo(1);
  }

  @Test
  void noProxyHostsGoDirect() {
    ActionHarness.Result r =
        new ActionHarness(dir)
            .env("http_proxy", "127.0.0.1:" + proxy.port())
            .env("NO_PROXY", "localhost,.internal.example,127.0.0.1")
            .input("url", server.url("/health"))
            .run("smoke-check");

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(proxy.requestLines).isEmpty();
    assertThat(server.hits("/health")).isEqualTo(1);
  }

  @Test
  void aProxyVariableThatIsNotAUrlIsBadInputBeforeAnyRequest() {
    ActionHarness.Result r =
        new ActionHarness(dir)
            .env("HTTP_PROXY", "http://user:pw@127.0.0.1:" + proxy.port())
            .input("url", server.url("/health"))
            .run("smoke-check");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout())
        .contains("::error title=HTTP_PROXY::The variable HTTP_PROXY has credentials");
    assertThat(server.hits("/health")).isZero();
  }

  @Test
  void theSelectorPicksBySchemeAndNoProxyMatchesHostsDomainsAndPorts() {
    var selector =
        HttpClients.proxy(
                Map.of(
                    "HTTPS_PROXY", "http://127.0.0.1:3128",
                    "HTTP_PROXY", "http://127.0.0.1:3129",
                    "NO_PROXY", "svc.cluster.local, .corp.example ,10.0.0.5:8443"))
            .orElseThrow();

    assertThat(selector.select(URI.create("https://api.example.com/")).get(0).address().toString())
        .contains("3128");
    assertThat(selector.select(URI.create("http://api.example.com/")).get(0).address().toString())
        .contains("3129");
    for (String direct :
        List.of(
            "http://svc.cluster.local/",
            "http://web.svc.cluster.local/",
            "https://a.corp.example/",
            "https://corp.example/",
            "https://10.0.0.5:8443/")) {
      assertThat(selector.select(URI.create(direct)).get(0).type())
          .as(direct)
          .isEqualTo(java.net.Proxy.Type.DIRECT);
    }
    assertThat(selector.select(URI.create("https://10.0.0.5:9443/")).get(0).type())
        .isEqualTo(java.net.Proxy.Type.HTTP);
    assertThat(selector.select(URI.create("https://notcorp.example/")).get(0).type())
        .isEqualTo(java.net.Proxy.Type.HTTP);
    assertThat(HttpClients.proxy(Map.of("NO_PROXY", "*"))).isEmpty();
  }

  /**
   * A minimal HTTP forward proxy: reads the absolute-form request, sends it to the origin in origin
   * form with {@code Connection: close}, and relays the answer.
   */
  static final class ForwardProxy implements AutoCloseable {
    final List<String> requestLines = new CopyOnWriteArrayList<>();
    private final ServerSocket socket;
    private final Thread accepter;

    ForwardProxy() throws IOException {
      socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
      accepter = Thread.ofVirtual().start(this::acceptLoop);
    }

    int port() {
      return socket.getLocalPort();
    }

    private void acceptLoop() {
      while (!socket.isClosed()) {
        try {
          Socket client = socket.accept();
          Thread.ofVirtual().start(() -> relay(client));
        } catch (IOException closed) {
          return;
        }
      }
    }

    private void relay(Socket client) {
      try (client) {
        InputStream in = client.getInputStream();
        String head = readHead(in);
        if (head.isEmpty()) {
          return;
        }
        String[] lines = head.split("\r\n");
        requestLines.add(lines[0]);
        String[] parts = lines[0].split(" ");
        URI target = URI.create(parts[1]);
        StringBuilder out =
            new StringBuilder(parts[0] + " " + target.getRawPath() + " HTTP/1.1\r\n");
        for (int i = 1; i < lines.length; i++) {
          String lower = lines[i].toLowerCase(java.util.Locale.ROOT);
          if (!lower.startsWith("connection:") && !lower.startsWith("proxy-")) {
            out.append(lines[i]).append("\r\n");
          }
        }
        out.append("Connection: close\r\n\r\n");
        try (Socket origin = new Socket(target.getHost(), target.getPort())) {
          origin.getOutputStream().write(out.toString().getBytes(StandardCharsets.ISO_8859_1));
          origin.getInputStream().transferTo(client.getOutputStream());
        }
      } catch (IOException e) {
        // the client went away
      }
    }

    private static String readHead(InputStream in) throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int state = 0;
      int b;
      while ((b = in.read()) != -1) {
        head.write(b);
        state = (b == '\r' || b == '\n') ? state + 1 : 0;
        if (state == 4) {
          break;
        }
      }
      String text = head.toString(StandardCharsets.ISO_8859_1);
      return text.endsWith("\r\n\r\n") ? text.substring(0, text.length() - 4) : text.strip();
    }

    @Override
    public void close() throws IOException {
      socket.close();
      accepter.interrupt();
    }
  }
}
