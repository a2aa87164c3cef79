package dev.bosun.image.registry;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A real registry for tests: Debian's {@code docker-registry serve} with storage in a temp dir, on
 * a free loopback port, optionally behind htpasswd Basic auth. Fails (never skips) when the
 * registry is not installed.
 */
public final class LocalRegistry implements AutoCloseable {

  public static final Path BINARY = Path.of("/usr/bin/docker-registry");
  public static final String USER = "bosun";
  public static final String PASSWORD = "registry-pass-4711";

  /** bcrypt of {@link #PASSWORD}; made once with Python's crypt, since the JDK has no bcrypt. */
  private static final String HTPASSWD =
      "bosun:$2b$05$NQLihahcNU7L.Ef2yheCpewpsnHN2C2NdvNMat1NeVK6l6Yx1mlpq\n";

  private final Process process;
  private final int port;
  private final Path log;

  private LocalRegistry(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** An anonymous registry. */
  public static LocalRegistry start(Path dir) {
    return start(dir, "");
  }

  /** A registry that wants Basic auth as {@link #USER} / {@link #PASSWORD}. */
  public static LocalRegistry startWithBasicAuth(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("htpasswd"), HTPASSWD);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return start(
        dir,
        "auth:\n  htpasswd:\n    realm: bosun-test\n    path: " + dir.resolve("htpasswd") + "\n");
  }

  /** A registry with an extra config block (for token auth). */
  public static LocalRegistry start(Path dir, String authBlock) {
    requireTools(false);
    try {
      Files.createDirectories(dir.resolve("storage"));
      int port = freePort();
      Path config = dir.resolve("config.yml");
      Files.writeString(
          config,
          """
          version: 0.1
          log:
            level: warn
            accesslog:
              disabled: true
          storage:
            filesystem:
              rootdirectory: %s
            delete:
              enabled: true
          http:
            addr: 127.0.0.1:%d
          """
                  .formatted(dir.resolve("storage"), port)
              + authBlock);
      Path log = dir.resolve("registry.log");
      Process process =
          new ProcessBuilder(BINARY.toString(), "serve", config.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      LocalRegistry registry = new LocalRegistry(process, port, log);
      registry.awaitReady();
      return registry;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + BINARY + ": " + e.getMessage(), e);
    }
  }

  /** Fails with the fix when docker-registry (and, if asked, buildah) is missing. */
  public static void requireTools(boolean buildah) {
    requireTools(BINARY, buildah ? Path.of("/usr/bin/buildah") : null);
  }

  static void requireTools(Path registry, Path buildah) {
    for (Path tool : new Path[] {registry, buildah}) {
      if (tool != null && !Files.isExecutable(tool)) {
        throw new AssertionError(
            tool
                + " is not installed. Run .ci/prepare (it installs docker-registry, buildah and"
                + " skopeo from Debian), then run the tests again.");
      }
    }
  }

  /** {@code 127.0.0.1:<port>}, the registry part of image references. */
  public String host() {
    return "127.0.0.1:" + port;
  }

  public ImageReference ref(String repositoryAndTag) {
    return ImageReference.parse(host() + "/" + repositoryAndTag);
  }

  private void awaitReady() {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    Instant end = Instant.now().plusSeconds(15);
    while (Instant.now().isBefore(end)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("docker-registry exited: " + logText());
      }
      try {
        HttpResponse<Void> r =
            client.send(
                HttpRequest.newBuilder(URI.create("http://" + host() + "/v2/"))
                    .timeout(Duration.ofSeconds(1))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200 || r.statusCode() == 401) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException(
        "docker-registry did not answer on " + host() + ": " + logText());
  }

  private String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
