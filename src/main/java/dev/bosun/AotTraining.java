package dev.bosun;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The JDK AOT cache's training run (only {@code .ci/build-runtime train} starts it): every
 * command's start-up path, its bad-input exit and a real run where one can run inside an image
 * build, all in this one JVM, since a JDK 25 cache records exactly one run. A loopback server on a
 * free port stands in for the services; it is on the same class path as {@code -jar bosun.jar}, so
 * the cache it writes is valid for every command.
 */
public final class AotTraining {

  private static final String SHA = "0123456789abcdef0123456789abcdef01234567";

  private AotTraining() {}

  /** A command line, its environment and the exit codes that count as a correct run. */
  record Scenario(String name, List<String> args, Map<String, String> env, Set<Integer> exits) {}

  public static void main(String[] args) throws IOException {
    PrintWriter log =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    // Everything the runs leave (the unpacked embedded PostgreSQL too) stays in here and goes with
    // it, out of the
    // image. Open to all: as root, the embedded PostgreSQL runs as nobody.
    Path work = Files.createTempDirectory("bosun-aot-training-");
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxrwxrwx"));
    System.setProperty("java.io.tmpdir", Files.createDirectory(work.resolve("tmp")).toString());
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.createContext("/", AotTraining::answer);
    server.start();
    int failed = 0;
    try {
      for (Scenario s : scenarios(work, "http://127.0.0.1:" + server.getAddress().getPort())) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long start = System.nanoTime();
        int code =
            Main.run(
                s.args().toArray(String[]::new),
                s.env(),
                new PrintWriter(out),
                new PrintWriter(err));
        long ms = (System.nanoTime() - start) / 1_000_000;
        boolean ok = s.exits().contains(code);
        log.printf("%s %-32s exit %d in %d ms%n", ok ? "trained" : "FAILED ", s.name(), code, ms);
        if (!ok) {
          failed++;
          // indented, so that no line of a failed run reaches the build log as a workflow command
          log.println(("stdout:\n" + out + "\nstderr:\n" + err).indent(4));
        }
      }
    } finally {
      server.stop(0);
      deleteTree(work);
    }
    log.flush();
    System.exit(failed == 0 ? 0 : 1);
  }

  static List<Scenario> scenarios(Path work, String base) throws IOException {
    Path workspace = Files.createDirectories(work.resolve("workspace"));
    Files.setPosixFilePermissions(
        work.resolve("tmp"), PosixFilePermissions.fromString("rwxrwxrwx"));
    Path files = Files.createDirectories(work.resolve("file_commands"));
    Map<String, String> runner =
        Map.of(
            "GITHUB_ACTIONS",
            "true",
            "GITHUB_WORKSPACE",
            workspace.toString(),
            "GITHUB_OUTPUT",
            files.resolve("output").toString(),
            "GITHUB_STEP_SUMMARY",
            files.resolve("summary.md").toString(),
            "GITHUB_REPOSITORY",
            "bosun-dev/training",
            "GITHUB_SHA",
            SHA,
            "GITHUB_API_URL",
            base + "/github",
            "GITHUB_SERVER_URL",
            base,
            "GITHUB_RUN_ID",
            "1",
            "RUNNER_TEMP",
            work.toString());

    Files.writeString(
        workspace.resolve("checks.yml"),
        """
        - name: ready
          url: %1$s/health
          body-contains: ok
        - name: version
          url: %1$s/api/version
          expect-version: true
          json:
            /environment: { matches: "^train" }
        """
            .formatted(base));
    Path migrations = Files.createDirectories(workspace.resolve("db/migrations"));
    Files.writeString(
        migrations.resolve("001_users.sql"),
        "CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE);\n");
    Files.writeString(
        migrations.resolve("002_orders.sql"),
        """
        CREATE TABLE orders (id bigserial PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id),
          total_cents bigint NOT NULL DEFAULT 0, created_at timestamptz NOT NULL DEFAULT now());
        CREATE INDEX orders_user_id ON orders (user_id);
        """);
    Files.createDirectories(workspace.resolve(".github"));
    Files.writeString(
        workspace.resolve(".github/bosun.yml"),
        """
        registry: registry.example.com
        environments:
          dev:
            target: azure-container-apps
            subscription: 00000000-0000-0000-0000-000000000000
            resource-group: rg-training
            apps: { api: aca-training-api }
            url: %s/health
        """
            .formatted(base));

    List<Scenario> all = new ArrayList<>();
    all.add(new Scenario("--version", List.of("--version"), Map.of(), Set.of(0)));
    all.add(new Scenario("--help", List.of("--help"), Map.of(), Set.of(0)));
    all.add(new Scenario("no command", List.of(), Map.of(), Set.of(0, 2)));
    for (String command :
        List.of("build-tag-push", "deploy-env", "db-migrate", "smoke-check", "notify-slack")) {
      all.add(new Scenario(command + " --help", List.of(command, "--help"), Map.of(), Set.of(0)));
    }

    all.add(
        action(
            "smoke-check bad input",
            "smoke-check",
            runner,
            Map.of("INPUT_URL", base + "/health", "INPUT_EXPECT-STATUS", "fine"),
            2));
    all.add(
        action(
            "smoke-check",
            "smoke-check",
            runner,
            Map.of(
                "INPUT_URL",
                base + "/api/version",
                "INPUT_CHECKS-FILE",
                workspace.resolve("checks.yml").toString(),
                "INPUT_EXPECT-VERSION",
                SHA.substring(0, 7),
                "INPUT_HEADERS",
                "X-Training: aot-training-run",
                "INPUT_REPORT-FILE",
                workspace.resolve("smoke.xml").toString(),
                "INPUT_INTERVAL",
                "200ms",
                "INPUT_TIMEOUT",
                "30s"),
            0));

    all.add(
        action(
            "notify-slack bad input",
            "notify-slack",
            runner,
            Map.of("INPUT_STATUS", "sideways", "INPUT_WEBHOOK-URL", base + "/slack/webhook"),
            2));
    all.add(
        action(
            "notify-slack webhook",
            "notify-slack",
            runner,
            Map.of(
                "INPUT_STATUS",
                "success",
                "INPUT_ENVIRONMENT",
                "dev",
                "INPUT_VERSION",
                "v1.2.3",
                "INPUT_ENVIRONMENT-URL",
                base + "/health",
                "INPUT_WEBHOOK-URL",
                base + "/slack/webhook"),
            0));
    all.add(
        action(
            "notify-slack token",
            "notify-slack",
            runner,
            Map.of(
                "INPUT_STATUS",
                "started",
                "INPUT_ENVIRONMENT",
                "dev",
                "INPUT_TOKEN",
                "xoxb-training",
                "INPUT_CHANNEL",
                "C0TRAINING",
                "INPUT_API-URL",
                base + "/slack/api",
                "INPUT_GITHUB-TOKEN",
                "ghs_training"),
            0));

    all.add(
        action("db-migrate bad input", "db-migrate", runner, Map.of("INPUT_MODE", "sideways"), 2));
    all.add(
        action(
            "db-migrate verify",
            "db-migrate",
            runner,
            Map.of("INPUT_MODE", "verify", "INPUT_DIR", migrations.toString()),
            0));

    all.add(
        action("deploy-env bad input", "deploy-env", runner, Map.of("INPUT_MODE", "sideways"), 2));
    // Past this point deploy-env asks Azure, which an image build must not reach: the environments
    // file is read
    // and an unknown environment is refused.
    all.add(
        action(
            "deploy-env unknown environment",
            "deploy-env",
            runner,
            Map.of(
                "INPUT_MODE",
                "plan",
                "INPUT_ENVIRONMENT",
                "nowhere",
                "INPUT_IMAGE",
                "registry.example.com/training:" + SHA,
                "INPUT_CONFIG",
                workspace.resolve(".github/bosun.yml").toString(),
                "INPUT_GITHUB-TOKEN",
                "ghs_training"),
            2));

    all.add(
        action(
            "build-tag-push bad input",
            "build-tag-push",
            runner,
            Map.of("INPUT_MODE", "sideways", "INPUT_IMAGE", "registry.example.com/training"),
            2));
    all.add(
        action(
            "build-tag-push dry run",
            "build-tag-push",
            runner,
            Map.of(
                "INPUT_IMAGE",
                "registry.example.com/training",
                "INPUT_DRY-RUN",
                "true",
                "INPUT_SHA",
                SHA,
                "INPUT_LATEST",
                "true",
                "INPUT_BUILD-ARGS",
                "BOSUN_COMMIT=" + SHA),
            0));
    return all;
  }

  private static Scenario action(
      String name,
      String command,
      Map<String, String> runner,
      Map<String, String> inputs,
      Integer... exits) {
    Map<String, String> env = new HashMap<>(runner);
    env.putAll(inputs);
    return new Scenario(name, List.of(command), env, Set.of(exits));
  }

  /**
   * Just enough of each service for a real run: static health and version, Slack's answers, empty
   * GitHub lists.
   */
  private static void answer(HttpExchange ex) throws IOException {
    try (ex;
        InputStream body = ex.getRequestBody()) {
      body.readNBytes(1 << 20);
      String path = ex.getRequestURI().getPath();
      String reply;
      String type = "application/json";
      if (path.equals("/health")) {
        reply = "ok";
        type = "text/plain";
      } else if (path.equals("/api/version")) {
        reply = "{\"environment\":\"training\",\"commit_sha\":\"" + SHA + "\"}";
      } else if (path.equals("/slack/webhook")) {
        reply = "ok";
        type = "text/plain";
      } else if (path.startsWith("/slack/api/")) {
        reply = "{\"ok\":true,\"channel\":\"C0TRAINING\",\"ts\":\"1700000000.000100\"}";
      } else if (path.startsWith("/github/")) {
        reply = "[]";
      } else {
        reply = "{}";
      }
      byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", type);
      ex.sendResponseHeaders(200, bytes.length);
      ex.getResponseBody().write(bytes);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp directory
    }
  }
}
