package dev.bosun.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.smoke.ScriptedServer.Reply;
import dev.bosun.support.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The retry engine against a real HTTP server scripted to misbehave. */
class SmokeServiceTest {

  private static final String SHA = "0123456789abcdef0123456789abcdef01234567";

  private final List<String> progress = Collections.synchronizedList(new ArrayList<>());
  private ScriptedServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private SmokeReport run(List<Check> checks, String timeout, String requestTimeout) {
    SmokeRequest request =
        SmokeRequest.parse(
            checks,
            SmokeRequest.Names.SMOKE_CHECK,
            Durations.positive(timeout),
            Durations.positive("100ms"),
            Durations.positive(requestTimeout),
            8);
    try (Probers probers = Probers.http(request.requestTimeout())) {
      return new SmokeService(probers, progress::add).run(request);
    }
  }

  private static HttpCheck get(String name, String url, Expectations expect) {
    return new HttpCheck(
        name, HttpCheck.parseUrl("url", url), "GET", Map.of(), Optional.empty(), expect);
  }

  private static Expectations version(String sha) {
    return new Expectations(
        StatusSet.ok(), Optional.empty(), List.of(), Optional.of(sha), Optional.empty());
  }

  @Test
  void waitsForAServerThatRefusesConnectionsAtFirst() throws Exception {
    // given a port nobody listens on yet, bound a little later
    server = ScriptedServer.notYetListening().always("/health", 200, "ok");
    ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
    later.schedule(server::bind, 1200, TimeUnit.MILLISECONDS);

    // when
    SmokeReport report =
        run(List.of(get("health", server.url("/health"), Expectations.ok())), "20s", "2s");
    later.shutdown();

    // then
    CheckResult r = report.results().get(0);
    assertThat(r.ok()).as(r.toString()).isTrue();
    assertThat(r.attempts()).isGreaterThan(1);
    assertThat(r.status()).isEqualTo(200);
    assertThat(progress)
        .anyMatch(line -> line.contains("health: attempt 1 failed (connection refused)"));
  }

  @Test
  void retries503UntilTheServiceIsReady() {
    server =
        ScriptedServer.start()
            .on("/ready", (n, ex) -> n <= 2 ? Reply.of(503, "migrating") : Reply.of(200, "ready"));

    SmokeReport report =
        run(List.of(get("ready", server.url("/ready"), Expectations.ok())), "20s", "2s");

    CheckResult r = report.results().get(0);
    assertThat(r.ok()).isTrue();
    assertThat(r.attempts()).isEqualTo(3);
    assertThat(server.hits("/ready")).isEqualTo(3);
    assertThat(progress).anyMatch(line -> line.contains("HTTP 503, expected 200"));
  }

  @Test
  void anAnswerSlowerThanTheRequestTimeoutIsRetried() {
    server =
        ScriptedServer.start()
            .on(
                "/slow-start",
                (n, ex) -> n == 1 ? new Reply(200, "late", 3000) : Reply.of(200, "ok"));

    SmokeReport report =
        run(
            List.of(get("slow-start", server.url("/slow-start"), Expectations.ok())),
            "20s",
            "300ms");

    CheckResult r = report.results().get(0);
    assertThat(r.ok()).isTrue();
    assertThat(r.attempts()).isGreaterThanOrEqualTo(2);
    assertThat(progress).anyMatch(line -> line.contains("no answer within request-timeout 300ms"));
  }

  @Test
  void anAlwaysSlowServiceFailsAtTheDeadline() {
    server = ScriptedServer.start().on("/slow", (n, ex) -> new Reply(200, "late", 2000));

    SmokeReport report =
        run(List.of(get("slow", server.url("/slow"), Expectations.ok())), "2s", "300ms");

    CheckResult r = report.results().get(0);
    assertThat(r.ok()).isFalse();
    assertThat(r.status()).isNull();
    assertThat(r.reason()).isEqualTo("no answer within request-timeout 300ms");
    assertThat(report.elapsedMs()).isLessThan(10_000);
  }

  @Test
  void theWrongVersionFailsAfterRetryingUntilTheDeadline() {
    server =
        ScriptedServer.start()
            .always(
                "/api/version",
                200,
                "{\"environment\":\"staging\",\"commit_sha\":\"fedcba9876543210\",\"deployed_at\":\"2025-01-22T10:30:00Z\"}");

    SmokeReport report =
        run(List.of(get("version", server.url("/api/version"), version(SHA))), "1500ms", "1s");

    CheckResult r = report.results().get(0);
    assertThat(report.passed()).isFalse();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.reason())
        .isEqualTo("version is 'fedcba9876543210' (field commit_sha), expected '" + SHA + "'");
    assertThat(r.excerpt()).contains("\"environment\":\"staging\"");
    assertThat(r.attempts()).isGreaterThan(1);
  }

  @Test
  void malformedJsonFailsTheJsonAssertions() {
    server = ScriptedServer.start().always("/api/version", 200, "{\"commit_sha\": \"0123456");
    Expectations expect =
        new Expectations(
            StatusSet.ok(),
            Optional.empty(),
            List.of(JsonAssertion.parseLine("expect-json", "/environment=staging")),
            Optional.empty(),
            Optional.empty());

    // 3s, not 1s: a cold client's first answer can take over a second on a loaded machine
    SmokeReport report =
        run(List.of(get("version", server.url("/api/version"), expect)), "3s", "3s");

    CheckResult r = report.results().get(0);
    assertThat(r.ok()).isFalse();
    assertThat(r.reason()).isEqualTo("body is not a JSON object or array");
    assertThat(r.excerpt()).isEqualTo("{\"commit_sha\": \"0123456");
  }

  @Test
  void theRightVersionPassesWithAnAbbreviatedSha() {
    server = ScriptedServer.start().always("/api/version", 200, "{\"sha\":\"0123456789ab\"}");

    SmokeReport report =
        run(List.of(get("version", server.url("/api/version"), version(SHA))), "5s", "1s");

    assertThat(report.passed()).isTrue();
    assertThat(report.results().get(0).attempts()).isEqualTo(1);
  }

  @Test
  void checksRunConcurrently() {
    // given three paths that only answer once all three requests are in flight together
    CountDownLatch together = new CountDownLatch(3);
    ScriptedServer.Script gate =
        (n, ex) -> {
          together.countDown();
          return together.await(5, TimeUnit.SECONDS) ? Reply.of(200, "ok") : Reply.of(500, "alone");
        };
    server = ScriptedServer.start().on("/a", gate).on("/b", gate).on("/c", gate);

    // when each attempt may take 3s and there is no time for a second round
    SmokeReport report =
        run(
            List.of(
                get("a", server.url("/a"), Expectations.ok()),
                get("b", server.url("/b"), Expectations.ok()),
                get("c", server.url("/c"), Expectations.ok())),
            "3s",
            "3s");

    // then all passed on their first attempt, which needs all three to be waiting at once
    assertThat(report.passed()).as(report.toString()).isTrue();
    assertThat(report.results()).extracting(CheckResult::attempts).containsOnly(1);
    assertThat(report.results()).extracting(CheckResult::name).containsExactly("a", "b", "c");
  }

  @Test
  void aMaxLatencyIsEnforced() {
    server = ScriptedServer.start().on("/health", (n, ex) -> new Reply(200, "ok", 400));
    Expectations expect =
        new Expectations(
            StatusSet.ok(),
            Optional.empty(),
            List.of(),
            Optional.empty(),
            Optional.of(Duration.ofMillis(100)));

    SmokeReport report = run(List.of(get("health", server.url("/health"), expect)), "1s", "2s");

    assertThat(report.results().get(0).reason())
        .matches("took \\d+ms, more than max-latency 100ms");
  }

  @Test
  void theResultsJsonHasTheDocumentedFields() {
    server = ScriptedServer.start().always("/health", 200, "ok");

    SmokeReport report =
        run(List.of(get("health", server.url("/health"), Expectations.ok())), "5s", "1s");

    assertThat(report.toJson())
        .matches(
            "\\[\\{\"name\":\"health\",\"url\":\"http://127\\.0\\.0\\.1:\\d+/health\","
                + "\"status\":200,\"attempts\":1,\"latency_ms\":\\d+,\"ok\":true,\"reason\":\"\",\"body_cut\":false}]");
  }

  @Test
  void redirectsAreFollowedUnlessTheRedirectItselfIsExpected() {
    server =
        ScriptedServer.start()
            .always("/new", 200, "ok")
            .on(
                "/old",
                (n, ex) -> {
                  ex.getResponseHeaders().set("Location", "/new");
                  return Reply.of(302, "");
                });
    Expectations found =
        new Expectations(
            StatusSet.parse("expect-status", "302"),
            Optional.empty(),
            List.of(),
            Optional.empty(),
            Optional.empty());

    SmokeReport report =
        new SmokeService(Probers.http(Duration.ofSeconds(2)), progress::add)
            .run(
                SmokeRequest.parse(
                    List.of(
                        get("followed", server.url("/old"), Expectations.ok()),
                        get("redirect", server.url("/old"), found)),
                    SmokeRequest.Names.SMOKE_CHECK,
                    Duration.ofSeconds(5),
                    Duration.ofMillis(100),
                    Duration.ofSeconds(2),
                    8));

    assertThat(report.results()).extracting(CheckResult::ok).containsExactly(true, true);
    assertThat(report.results()).extracting(CheckResult::status).containsExactly(200, 302);
    assertThat(server.hits("/new")).isEqualTo(1);
  }

  @Test
  void closingTheProbersStopsTheClientThreads() throws Exception {
    // an idle client's selector thread sits in native code, and the JVM waits 300 ms for such
    // threads at exit
    server = ScriptedServer.start().always("/health", 200, "ok");
    java.util.Set<Thread> before = selectorThreads();
    Probers probers = Probers.http(Duration.ofSeconds(2));

    Outcome outcome =
        probers.probe(
            get("health", server.url("/health"), Expectations.ok()), Duration.ofSeconds(2));
    java.util.Set<Thread> started = selectorThreads();
    started.removeAll(before);
    probers.close();

    assertThat(outcome.ok()).isTrue();
    assertThat(started).hasSize(1);
    assertThat(started).noneMatch(Thread::isAlive);
  }

  private static java.util.Set<Thread> selectorThreads() {
    return new java.util.HashSet<>(
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.isAlive() && t.getName().contains("SelectorManager"))
            .toList());
  }
}
