package dev.bosun.deploy.gitops;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * OpenSSH's sshd on a free loopback port with a throwaway host key and one authorized client key,
 * key-only, for git over SSH; {@code knownHosts} is the line a user would get from {@code
 * ssh-keyscan}.
 */
final class LoopbackSshd implements AutoCloseable {

  final int port;
  final String clientKey;
  final String knownHosts;
  private final Process sshd;

  LoopbackSshd(Path dir) throws Exception {
    Files.createDirectories(dir);
    keygen(dir.resolve("host"), "ed25519");
    keygen(dir.resolve("client"), "rsa");
    Files.copy(dir.resolve("client.pub"), dir.resolve("authorized_keys"));
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path config = dir.resolve("sshd_config");
    Files.writeString(
        config,
        String.join(
            "\n",
            "Port " + port,
            "ListenAddress 127.0.0.1",
            "HostKey " + dir.resolve("host"),
            "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PubkeyAuthentication yes",
            "PermitRootLogin prohibit-password",
            "StrictModes no",
            "UsePAM no",
            "PidFile " + dir.resolve("sshd.pid"),
            ""));
    Path sshdBin = Path.of("/usr/sbin/sshd");
    if (!Files.isExecutable(sshdBin)) {
      throw new IllegalStateException(
          "OpenSSH sshd is not installed; .ci/prepare installs openssh-server");
    }
    Files.createDirectories(Path.of("/run/sshd"));
    sshd =
        new ProcessBuilder(sshdBin.toString(), "-D", "-e", "-f", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("sshd.log").toFile())
            .start();
    Instant until = Instant.now().plus(Duration.ofSeconds(30));
    while (true) {
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        break;
      } catch (IOException e) {
        if (Instant.now().isAfter(until) || !sshd.isAlive()) {
          throw new IllegalStateException(
              "sshd did not start: " + Files.readString(dir.resolve("sshd.log")));
        }
        Thread.sleep(100);
      }
    }
    clientKey = Files.readString(dir.resolve("client"));
    String[] host = Files.readString(dir.resolve("host.pub")).trim().split(" ");
    knownHosts = "[127.0.0.1]:" + port + " " + host[0] + " " + host[1] + "\n";
  }

  private static void keygen(Path file, String type) throws Exception {
    // PEM (-m PEM) for the RSA client key: the classic format every JSch version reads
    Process p =
        new ProcessBuilder(
                "ssh-keygen", "-q", "-t", type, "-N", "", "-m", "PEM", "-f", file.toString())
            .redirectErrorStream(true)
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(
          "ssh-keygen failed: " + new String(p.getInputStream().readAllBytes()));
    }
  }

  @Override
  public void close() {
    sshd.destroy();
  }
}
