package dev.bosun.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.bosun.testing.ActionHarness;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Dockerfile's runtime steps without Docker: {@code .ci/build-runtime} links a jlink-minimal
 * runtime from the local JDK 25 (without the modules DroppedModulesIT proves unused) and trains the
 * AOT cache on every command, then the installed launcher runs each command with the cache, and an
 * action from a workspace directory, as the image's entrypoint does under {@code
 * /github/workspace}.
 */
class ImageRuntimeIT {

  @TempDir Path dir;

  @Test
  void linksTrainsAndRunsFromTheWorkspace() throws Exception {
    Path jdk = Shell.jdk25();
    assumeTrue(jdk != null, "needs the tests to run on a JDK 25 with jlink");
    Path jar = Shell.PROJECT.resolve("target/bosun.jar");
    assumeTrue(Files.exists(jar), "needs target/bosun.jar (runs in `verify`, after `package`)");
    Path prefix = dir.resolve("opt/bosun");
    Path script = Shell.PROJECT.resolve(".ci/build-runtime");

    // when: the Dockerfile's link and train steps
    Shell link =
        Shell.run(
            dir,
            Map.of(),
            600,
            script.toString(),
            "link",
            jdk.toString(),
            jar.toString(),
            prefix.toString());
    Shell train = Shell.run(dir, Map.of(), 600, script.toString(), "train", prefix.toString());

    // then: a small runtime with the modules jdeps found, and an AOT cache
    assertThat(link.exitCode()).as(link.toString()).isZero();
    assertThat(train.exitCode()).as(train.toString()).isZero();
    String release = Files.readString(prefix.resolve("runtime/release"));
    assertThat(release)
        .contains("JAVA_VERSION=\"" + Runtime.version().feature())
        .contains("java.net.http")
        .contains("java.sql")
        .contains("java.xml")
        .doesNotContain("jdk.compiler")
        .doesNotContain("jdk.jshell")
        .doesNotContain("java.desktop")
        .doesNotContain("java.prefs")
        .doesNotContain("java.datatransfer");
    assertThat(train.stdout())
        .contains("trained db-migrate verify", "trained notify-slack webhook")
        .doesNotContain("FAILED");
    assertThat(prefix.resolve("lib/bosun.aot")).isNotEmptyFile();

    // and every command starts with it (AOTMode=on refuses to run without the cache)
    for (String command :
        new String[] {
          "--version", "build-tag-push", "deploy-env", "db-migrate", "smoke-check", "notify-slack"
        }) {
      Shell help =
          Shell.run(
              dir,
              Map.of("BOSUN_JAVA_OPTS", "-XX:AOTMode=on", "JAVA_HOME", "/nonexistent"),
              180,
              prefix.resolve("bin/bosun").toString(),
              command,
              "--help");
      assertThat(help.exitCode()).as(command + "\n" + help).isZero();
      assertThat(help.stderr()).as(command).doesNotContain("AOT").doesNotContain("warning");
    }

    // and the installed launcher runs smoke-check from a workspace with the cache (AOTMode=on fails
    // if it cannot)
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    server.createContext(
        "/ready",
        ex -> {
          byte[] body = "{\"commit_sha\":\"0123456789abcdef\"}".getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    server.start();
    try {
      Path workspace = Files.createDirectories(dir.resolve("github/workspace"));
      Path output = dir.resolve("file_commands/output");
      Files.createDirectories(output.getParent());
      Shell run =
          Shell.run(
              workspace,
              Map.of(
                  "GITHUB_ACTIONS",
                  "true",
                  "GITHUB_WORKSPACE",
                  workspace.toString(),
                  "GITHUB_OUTPUT",
                  output.toString(),
                  "INPUT_URL",
                  "http://127.0.0.1:" + server.getAddress().getPort() + "/ready",
                  "INPUT_EXPECT-VERSION",
                  "0123456",
                  "INPUT_REPORT-FILE",
                  "reports/smoke.xml",
                  "JAVA_HOME",
                  "/nonexistent",
                  "BOSUN_JAVA_OPTS",
                  "-XX:AOTMode=on"),
              60,
              prefix.resolve("bin/bosun").toString(),
              "smoke-check");

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.stdout()).doesNotContain("[aot]").doesNotContain("warning");
      assertThat(ActionHarness.parseFileCommands(Files.readString(output)))
          .containsEntry("passed", "true");
      assertThat(workspace.resolve("reports/smoke.xml")).isNotEmptyFile();
    } finally {
      server.stop(0);
    }
  }
}
