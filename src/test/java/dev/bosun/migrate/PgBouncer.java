package dev.bosun.migrate;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A real PgBouncer (Debian's package, installed by .ci/prepare) on a free loopback port in front of
 * the test PostgreSQL, with one database alias in transaction mode ({@code tx}) and one in session
 * mode ({@code session}).
 */
final class PgBouncer implements AutoCloseable {

  static final Path BINARY = Path.of("/usr/sbin/pgbouncer");
  private final Process process;
  private final Path dir;
  private final int port;

  private PgBouncer(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /** Starts it in front of {@code database} on 127.0.0.1:5432 (trust auth, user postgres). */
  static PgBouncer start(String database) throws IOException, InterruptedException {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(
          "These tests need PgBouncer at "
              + BINARY
              + ": apt-get install pgbouncer "
              + "(.ci/prepare does).");
    }
    // its own folder readable by nobody: pgbouncer refuses to run as root and drops to nobody with
    // -u
    Path dir =
        Files.createTempDirectory(
            "bosun-pgbouncer-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Files.writeString(dir.resolve("users.txt"), "\"postgres\" \"\"\n");
    Files.writeString(
        dir.resolve("pgbouncer.ini"),
        String.join(
            "\n",
            "[databases]",
            "tx = host=127.0.0.1 port=5432 dbname=" + database + " pool_mode=transaction",
            "session = host=127.0.0.1 port=5432 dbname=" + database + " pool_mode=session",
            "[pgbouncer]",
            "listen_addr = 127.0.0.1",
            "listen_port = " + port,
            "unix_socket_dir =",
            "auth_type = trust",
            "auth_file = " + dir.resolve("users.txt"),
            "default_pool_size = 4",
            "max_client_conn = 20",
            // pgjdbc sends it at start-up; every PgBouncer in front of Java apps has this line
            "ignore_startup_parameters = extra_float_digits",
            ""));
    List<String> cmd = new ArrayList<>();
    cmd.add(BINARY.toString());
    if ("root".equals(System.getProperty("user.name"))) {
      cmd.addAll(List.of("-u", "nobody"));
    }
    cmd.add(dir.resolve("pgbouncer.ini").toString());
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("log.txt").toFile())
            .start();
    PgBouncer b = new PgBouncer(p, dir, port);
    Instant end = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(end)) {
      if (!p.isAlive()) {
        throw new IllegalStateException(
            "pgbouncer exited: " + Files.readString(dir.resolve("log.txt")));
      }
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        return b;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    b.close();
    throw new IllegalStateException("pgbouncer did not listen on " + port + " within 30 s");
  }

  /** A JDBC URL through PgBouncer to the alias {@code tx} or {@code session}. */
  String url(String alias) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + alias + "?user=postgres";
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    EmbeddedPostgres.deleteTree(dir);
  }
}
