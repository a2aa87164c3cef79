package dev.bosun.deploy.compose;

import dev.bosun.image.registry.LocalRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Docker Compose host for tests, all on loopback: Debian's OpenSSH {@code sshd} on a free
 * port (key-only, its own host key), podman's Docker API as the engine (storage in a temp dir, as
 * DEVELOPERS.md shows), Debian's {@code docker-registry} with two {@code FROM scratch} busybox
 * httpd images (v1, v2) built by buildah.
 */
public final class ComposeHost implements AutoCloseable {

  /** The tools the fixture runs; Debian packages that .ci/prepare installs. */
  public static final List<Path> TOOLS =
      List.of(
          Path.of("/usr/sbin/sshd"),
          Path.of("/usr/bin/podman"),
          Path.of("/usr/bin/buildah"),
          Path.of("/usr/bin/docker-compose"),
          Path.of("/usr/bin/docker-registry"),
          Path.of("/usr/bin/ssh-keygen"),
          Path.of("/bin/busybox"),
          Path.of("/usr/sbin/runc"));

  private final Path root;
  private final List<Process> processes = new ArrayList<>();
  private final LocalRegistry registry;
  private final Path socket;
  private final int sshPort;
  private final String user = System.getProperty("user.name");
  private final Map<String, String> digests;
  private Process podman;

  /** Why this machine cannot run the fixture, or null when it can. */
  public static String missing() {
    for (Path tool : TOOLS) {
      if (!Files.isExecutable(tool)) {
        return tool + " is not installed (run .ci/prepare)";
      }
    }
    if (!Files.isExecutable(Path.of("/usr/bin/docker"))
        && !Files.isExecutable(Path.of("/usr/local/bin/docker"))) {
      return "the docker CLI is not installed (run .ci/prepare: Debian's docker.io)";
    }
    if (!"root".equals(System.getProperty("user.name"))) {
      return "sshd and podman's rootful engine need root (CI runs as root)";
    }
    return null;
  }

  public ComposeHost(Path root) throws IOException, InterruptedException {
    this.root = root;
    Files.createDirectories(root);
    registry = LocalRegistry.start(root.resolve("registry"));
    Path conf = root.resolve("containers.conf");
    Files.writeString(
        conf,
        "[containers]\ndefault_ulimits = []\n[engine]\ncgroup_manager = \"cgroupfs\"\n"
            + "events_logger = \"file\"\n");
    Path registries = root.resolve("registries.conf");
    Files.writeString(
        registries,
        "unqualified-search-registries = []\n[[registry]]\nlocation = \""
            + registry.host()
            + "\"\ninsecure = true\n");
    digests = Map.of("v1", image("v1"), "v2", image("v2"));
    socket = root.resolve("podman.sock");
    ProcessBuilder pb =
        new ProcessBuilder(podmanArgs("system", "service", "--time=0", "unix://" + socket))
            .redirectErrorStream(true)
            .redirectOutput(root.resolve("podman.log").toFile());
    pb.environment().put("CONTAINERS_CONF", conf.toString());
    pb.environment().put("CONTAINERS_REGISTRIES_CONF", registries.toString());
    podman = pb.start();
    processes.add(podman);
    await("podman's socket", () -> Files.exists(socket), Duration.ofSeconds(60));
    sshPort = freePort();
    startSshd();
  }

  private List<String> podmanArgs(String... args) {
    List<String> argv =
        new ArrayList<>(
            List.of(
                "/usr/bin/podman",
                "--root",
                root.resolve("podman-root").toString(),
                "--runroot",
                root.resolve("podman-run").toString(),
                "--runtime",
                "runc",
                "--cgroup-manager",
                "cgroupfs",
                "--storage-driver",
                "vfs"));
    argv.addAll(List.of(args));
    return argv;
  }

  /**
   * Builds a static busybox httpd image answering /health and /version ({@code version}) and pushes
   * it.
   */
  private String image(String version) throws IOException, InterruptedException {
    Path ctx = Files.createDirectories(root.resolve("ctx-" + version));
    Files.createDirectories(ctx.resolve("www"));
    Files.copy(Path.of("/bin/busybox"), ctx.resolve("busybox"));
    Files.writeString(ctx.resolve("www/health"), "ok\n");
    Files.writeString(ctx.resolve("www/version"), version + "\n");
    Files.writeString(
        ctx.resolve("Containerfile"),
        "FROM scratch\nCOPY busybox /bin/busybox\nCOPY www /www\n"
            + "CMD [\"/bin/busybox\", \"httpd\", \"-f\", \"-p\", \"8080\", \"-h\", \"/www\"]\n");
    List<String> storage =
        List.of(
            "--root",
            root.resolve("buildah-root").toString(),
            "--runroot",
            root.resolve("buildah-run").toString(),
            "--storage-driver",
            "vfs");
    String ref = registry.host() + "/shop/web:" + version;
    List<String> bud = new ArrayList<>(List.of("/usr/bin/buildah"));
    bud.addAll(storage);
    bud.addAll(List.of("bud", "--layers=false", "--quiet", "-t", ref, ctx.toString()));
    run(bud, Map.of("BUILDAH_ISOLATION", "chroot"));
    Path digest = root.resolve("digest-" + version);
    List<String> push = new ArrayList<>(List.of("/usr/bin/buildah"));
    push.addAll(storage);
    push.addAll(List.of("push", "--tls-verify=false", "--digestfile", digest.toString(), ref));
    run(push, Map.of());
    return Files.readString(digest).trim();
  }

  private void startSshd() throws IOException, InterruptedException {
    Path ssh = Files.createDirectories(root.resolve("ssh"));
    run(
        List.of(
            "/usr/bin/ssh-keygen",
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-f",
            ssh.resolve("host_key").toString()),
        Map.of());
    run(
        List.of(
            "/usr/bin/ssh-keygen",
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-C",
            "bosun-test",
            "-f",
            ssh.resolve("client_key").toString()),
        Map.of());
    run(
        List.of(
            "/usr/bin/ssh-keygen",
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-f",
            ssh.resolve("other_key").toString()),
        Map.of());
    Files.copy(ssh.resolve("client_key.pub"), ssh.resolve("authorized_keys"));
    Files.writeString(
        ssh.resolve("sshd_config"),
        String.join(
            "\n",
            "Port " + sshPort,
            "ListenAddress 127.0.0.1",
            "HostKey " + ssh.resolve("host_key"),
            "PidFile " + ssh.resolve("sshd.pid"),
            "AuthorizedKeysFile " + ssh.resolve("authorized_keys"),
            "PubkeyAuthentication yes",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PermitRootLogin prohibit-password",
            "StrictModes no",
            "UsePAM no",
            "LogLevel INFO",
            "SetEnv DOCKER_HOST=unix://" + socket,
            ""));
    Files.createDirectories(Path.of("/run/sshd"));
    Process sshd =
        new ProcessBuilder(
                "/usr/sbin/sshd", "-D", "-e", "-f", ssh.resolve("sshd_config").toString())
            .redirectErrorStream(true)
            .redirectOutput(ssh.resolve("sshd.log").toFile())
            .start();
    processes.add(sshd);
    await(
        "sshd on port " + sshPort,
        () -> {
          try (Socket s = new Socket(InetAddress.getLoopbackAddress(), sshPort)) {
            return true;
          } catch (IOException e) {
            return false;
          }
        },
        Duration.ofSeconds(30));
  }

  /** {@code user@127.0.0.1:port}, the environment's {@code host}. */
  public String host() {
    return user + "@127.0.0.1:" + sshPort;
  }

  public String registryHost() {
    return registry.host();
  }

  /** The pushed digest of {@code v1} or {@code v2}. */
  public String digest(String version) {
    return digests.get(version);
  }

  public String privateKey() throws IOException {
    return Files.readString(root.resolve("ssh/client_key"));
  }

  /** The known_hosts line of this sshd: {@code [127.0.0.1]:port ssh-ed25519 AAAA…}. */
  public String knownHosts() throws IOException {
    return "[127.0.0.1]:" + sshPort + " " + pubKey("host_key.pub");
  }

  /** A known_hosts line that names this host with a key it does not have. */
  public String wrongKnownHosts() throws IOException {
    return "[127.0.0.1]:" + sshPort + " " + pubKey("other_key.pub");
  }

  private String pubKey(String file) throws IOException {
    String[] f = Files.readString(root.resolve("ssh/" + file)).trim().split("\\s+");
    return f[0] + " " + f[1];
  }

  /** How many logins sshd accepted so far. */
  public long logins() throws IOException {
    return Files.readAllLines(root.resolve("ssh/sshd.log")).stream()
        .filter(l -> l.contains("Accepted publickey"))
        .count();
  }

  /**
   * Runs the docker CLI against the engine, as the host would; returns stdout (exit status
   * ignored).
   */
  public String docker(String... args) throws IOException, InterruptedException {
    List<String> argv =
        new ArrayList<>(
            List.of(
                Files.isExecutable(Path.of("/usr/bin/docker"))
                    ? "/usr/bin/docker"
                    : "/usr/local/bin/docker"));
    argv.addAll(List.of(args));
    return run(argv, Map.of("DOCKER_HOST", "unix://" + socket), false);
  }

  private void run(List<String> argv, Map<String, String> env)
      throws IOException, InterruptedException {
    run(argv, env, true);
  }

  private String run(List<String> argv, Map<String, String> env, boolean check)
      throws IOException, InterruptedException {
    Path out = root.resolve("cmd-" + System.nanoTime() + ".log");
    ProcessBuilder pb =
        new ProcessBuilder(argv)
            .redirectOutput(out.toFile())
            .redirectError(root.resolve("cmd-" + System.nanoTime() + ".err").toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("timed out: " + argv);
    }
    String text = Files.readString(out);
    if (check && p.exitValue() != 0) {
      throw new IllegalStateException(argv + " exited " + p.exitValue() + ": " + text);
    }
    return text;
  }

  private static void await(String what, java.util.function.BooleanSupplier ready, Duration timeout)
      throws InterruptedException {
    Instant end = Instant.now().plus(timeout);
    while (!ready.getAsBoolean()) {
      if (Instant.now().isAfter(end)) {
        throw new IllegalStateException(
            what + " did not come up within " + timeout.toSeconds() + "s");
      }
      Thread.sleep(100);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    try {
      // the engine's containers outlive its API process: stop them first
      run(
          podmanArgs("rm", "-af", "-t", "2"),
          Map.of("CONTAINERS_CONF", root.resolve("containers.conf").toString()),
          false);
    } catch (IOException | InterruptedException | RuntimeException e) {
      // best effort; the temp dir goes anyway
    }
    for (Process p : processes) {
      p.destroy();
      try {
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    registry.close();
  }
}
