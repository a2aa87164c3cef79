package dev.bosun.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.bosun.testing.ActionHarness;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/bosun} in a checkout: finds a Java 21+ and target/bosun.jar by itself, from any
 * working directory.
 */
class LauncherIT {

  private static final Path LAUNCHER = Shell.PROJECT.resolve("bin/bosun");

  @TempDir Path workspace;
  private HttpServer server;

  @BeforeEach
  void serve() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    server.createContext(
        "/health",
        ex -> {
          byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void versionNamesTheBuild() throws Exception {
    Shell r = Shell.run(workspace, Map.of(), 60, LAUNCHER.toString(), "--version");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).startsWith("bosun 0.1.0 (commit ");
  }

  @Test
  void runsAnActionAsTheRunnerWould() throws Exception {
    Path output = workspace.resolve("output");
    Map<String, String> env =
        Map.of(
            "GITHUB_ACTIONS",
            "true",
            "GITHUB_WORKSPACE",
            workspace.toString(),
            "GITHUB_OUTPUT",
            output.toString(),
            "INPUT_URL",
            "http://127.0.0.1:" + server.getAddress().getPort() + "/health",
            "INPUT_REPORT-FILE",
            "smoke.xml");

    Shell r = Shell.run(workspace, env, 60, LAUNCHER.toString(), "smoke-check");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(ActionHarness.parseFileCommands(Files.readString(output)))
        .containsEntry("passed", "true");
    assertThat(workspace.resolve("smoke.xml")).exists();
  }

  @Test
  void aJavaThatIsTooOldIsSkipped() throws Exception {
    Path old = Files.createDirectories(workspace.resolve("old-jdk/bin"));
    Files.writeString(old.resolveSibling("release"), "JAVA_VERSION=\"17.0.2\"\n");
    Path java = old.resolve("java");
    Files.writeString(java, "#!/bin/sh\necho should-not-run; exit 3\n");
    java.toFile().setExecutable(true);

    Shell r =
        Shell.run(
            workspace,
            Map.of("BOSUN_JAVA", java.toString(), "JAVA_HOME", old.getParent().toString()),
            60,
            LAUNCHER.toString(),
            "--version");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).doesNotContain("should-not-run").startsWith("bosun ");
  }

  @Test
  void aMissingJarIsOneClearError() throws Exception {
    Shell r =
        Shell.run(
            workspace,
            Map.of("BOSUN_JAR", ""),
            60,
            "sh",
            "-c",
            "cp " + LAUNCHER + " ./bosun && ./bosun --version");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stderr()).contains("::error title=bosun::bosun.jar not found");
  }

  @Test
  void inTheImageItDropsRootToTheOwnerOfTheJobFiles() throws Exception {
    // given: root, as GitHub starts container actions, and job files owned by the runner user (uid
    // 1001)
    Assumptions.assumeTrue(
        Files.getAttribute(workspace, "unix:uid").equals(0), "needs to run as root");
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs util-linux's setpriv");
    Files.setPosixFilePermissions(workspace, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path jdk = Files.createDirectories(workspace.resolve("jdk/bin"));
    Files.writeString(jdk.resolveSibling("release"), "JAVA_VERSION=\"21.0.5\"\n");
    Path java = jdk.resolve("java");
    Files.writeString(java, "#!/bin/sh\necho \"ran as $(id -u):$(id -g)\"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path output = Files.createFile(workspace.resolve("output"));
    Files.setAttribute(output, "unix:uid", 1001);
    Files.setAttribute(output, "unix:gid", 1001);
    Map<String, String> env =
        Map.of("BOSUN_JAVA", java.toString(), "GITHUB_OUTPUT", output.toString());

    // when: the image's launcher runs, and the same launcher on a laptop
    Shell image =
        Shell.run(
            workspace, with(env, "BOSUN_DROP_ROOT", "1"), 60, LAUNCHER.toString(), "--version");
    Shell laptop = Shell.run(workspace, env, 60, LAUNCHER.toString(), "--version");

    // then: only the image drops root
    assertThat(image.stdout()).as(image.toString()).contains("ran as 1001:1001");
    assertThat(laptop.stdout()).as(laptop.toString()).contains("ran as 0:0");
  }

  @Test
  void aMissingOutputFileIsNoReasonToGuessAUser() throws Exception {
    // given: root, and GITHUB_OUTPUT set to a file that does not exist
    Assumptions.assumeTrue(
        Files.getAttribute(workspace, "unix:uid").equals(0), "needs to run as root");
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs util-linux's setpriv");
    Files.setPosixFilePermissions(workspace, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path jdk = Files.createDirectories(workspace.resolve("jdk/bin"));
    Files.writeString(jdk.resolveSibling("release"), "JAVA_VERSION=\"21.0.5\"\n");
    Path java = jdk.resolve("java");
    Files.writeString(java, "#!/bin/sh\necho \"ran as $(id -u):$(id -g)\"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path fileCommands = Files.createDirectory(workspace.resolve("file_commands"));
    Files.setAttribute(fileCommands, "unix:uid", 1002);
    Files.setAttribute(fileCommands, "unix:gid", 1003);
    Map<String, String> image = Map.of("BOSUN_JAVA", java.toString(), "BOSUN_DROP_ROOT", "1");

    // when: its folder exists, and when nothing of the job's files exists (the working directory is
    // root's)
    Shell inFolder =
        Shell.run(
            workspace,
            with(image, "GITHUB_OUTPUT", fileCommands.resolve("set_output").toString()),
            60,
            LAUNCHER.toString(),
            "--version");
    Shell nowhere =
        Shell.run(
            workspace,
            with(image, "GITHUB_OUTPUT", workspace.resolve("gone/set_output").toString()),
            60,
            LAUNCHER.toString(),
            "--version");

    // then: the folder's owner, else root; never a made-up uid 1001
    assertThat(inFolder.stdout()).as(inFolder.toString()).contains("ran as 1002:1003");
    assertThat(nowhere.stdout()).as(nowhere.toString()).contains("ran as 0:0");
  }

  private static Map<String, String> with(Map<String, String> env, String name, String value) {
    Map<String, String> copy = new java.util.HashMap<>(env);
    copy.put(name, value);
    return copy;
  }
}
