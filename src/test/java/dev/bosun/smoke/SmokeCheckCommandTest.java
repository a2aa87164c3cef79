package dev.bosun.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bosun.smoke.ScriptedServer.Reply;
import dev.bosun.testing.ActionHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** {@code bosun smoke-check} run exactly as the runner runs it, against a real HTTP server. */
class SmokeCheckCommandTest {

  private static final String SHA = "0123456789abcdef0123456789abcdef01234567";
  private static final String VERSION_BODY =
      "{\"environment\":\"staging\",\"slot\":1,\"branch\":\"v1.2.3\",\"commit_sha\":\""
          + SHA
          + "\",\"deployed_at\":\"2025-01-22T10:30:00Z\"}";
  private static final String TOKEN = "s3cr3t-token-6f1d2c";

  @TempDir Path dir;
  private ScriptedServer server;
  private ActionHarness action;

  @BeforeEach
  void given() {
    server =
        ScriptedServer.start()
            .always("/health", 200, "ok")
            .on(
                "/ready",
                (n, ex) ->
                    n == 1 ? Reply.of(503, "{\"db\":\"down\"}") : Reply.of(200, "{\"db\":\"up\"}"))
            .always("/api/version", 200, VERSION_BODY);
    action = new ActionHarness(dir);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void passingChecksSetOutputsAndTheSummary() throws Exception {
    // given
    action
        .input("url", server.url("/health") + "\n\n  " + server.url("/api/version") + "  \n")
        .input("expect-version", SHA)
        .input("expect-json", "/environment=staging\n/deployed_at~=^2025-")
        .input("interval", "100ms");
    server.always(
        "/health",
        200,
        "{\"environment\":\"staging\",\"version\":\""
            + SHA.substring(0, 7)
            + "\",\"deployed_at\":\"2025-01-01\"}");

    // when
    ActionHarness.Result r = action.run("smoke-check");

    // then
    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.outputs()).containsEntry("passed", "true");
    JsonNode results = new ObjectMapper().readTree(r.outputs().get("results"));
    assertThat(results).hasSize(2);
    assertThat(results.get(1).get("name").asText()).isEqualTo(server.url("/api/version"));
    assertThat(results.get(1).get("url").asText()).isEqualTo(server.url("/api/version"));
    assertThat(results.get(1).get("status").asInt()).isEqualTo(200);
    assertThat(results.get(1).get("attempts").asInt()).isEqualTo(1);
    assertThat(results.get(1).get("ok").asBoolean()).isTrue();
    assertThat(results.get(1).has("latency_ms")).isTrue();
    assertThat(results.get(1).get("reason").asText()).isEmpty();
    assertThat(r.summary())
        .contains("### smoke-check: ✅ passed")
        .contains("| Check | URL | Status | Attempts | Latency | Result |")
        .contains(
            "| "
                + server.url("/api/version")
                + " | "
                + server.url("/api/version")
                + " | 200 | 1 |");
    assertThat(r.stdout()).doesNotContain("::error");
  }

  @Test
  void aTagIsComparedWithTheVersionFieldsOfSeed003sVersionEndpoint() {
    // seed 003's /api/version: {"branch": "v1.2.3", "commit_sha": "…"}; the tag is the branch, v
    // optional
    action
        .input("url", server.url("/api/version"))
        .input("expect-version", "1.2.3")
        .input("timeout", "5s");

    ActionHarness.Result r = action.run("smoke-check");

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.outputs()).containsEntry("passed", "true");
  }

  @Test
  void theWrongVersionFailsWithOneErrorPerFailedCheck() {
    action
        .input("url", server.url("/health") + "\n" + server.url("/api/version"))
        .input("expect-version", "v9.9.9")
        .input("timeout", "1s")
        .input("interval", "200ms");

    ActionHarness.Result r = action.run("smoke-check");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.outputs()).containsEntry("passed", "false");
    assertThat(r.stdout().lines().filter(l -> l.startsWith("::error"))).hasSize(2);
    assertThat(r.stdout())
        .contains(
            "::error title=smoke-check::"
                + server.url("/api/version")
                + " failed: version is 'v1.2.3' (field branch), expected 'v9.9.9'. Last status 200 after ")
        .contains("Body: {\"environment\":\"staging\"")
        .contains(
            "::error title=smoke-check::"
                + server.url("/health")
                + " failed: body is not a JSON object or array. Last status 200");
    assertThat(r.summary()).contains("### smoke-check: ❌ failed").contains("❌ version is '");
  }

  @Test
  void aChecksFileRunsNamedChecksWithTheirOwnExpectations() throws Exception {
    // given
    Files.writeString(
        dir.resolve("smoke.yml"),
        """
        - name: health
          url: ${BASE}/health
          body-contains: ok
        - name: ready
          url: ${BASE}/ready
          expect-status: [200, 204]
          json:
            /db: up
        - name: version
          url: ${BASE}/api/version
          headers:
            Accept: application/json
          expect-version: true
          json:
            /environment: { matches: "^stag" }
            /slot: 1
          max-latency: 5s
        """);
    action
        .env("BASE", "http://127.0.0.1:" + server.port())
        .input("checks-file", dir.resolve("smoke.yml").toString())
        .input("expect-version", SHA.substring(0, 12))
        .input("interval", "100ms")
        .input("report-file", dir.resolve("reports/smoke.xml").toString());

    // when
    ActionHarness.Result r = action.run("smoke-check");

    // then
    assertThat(r.exitCode()).as(r.stdout()).isZero();
    JsonNode results = new ObjectMapper().readTree(r.outputs().get("results"));
    assertThat(results.findValuesAsText("name")).containsExactly("health", "ready", "version");
    assertThat(results.get(1).get("attempts").asInt()).isEqualTo(2);
    Document xml =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(dir.resolve("reports/smoke.xml").toFile());
    assertThat(xml.getElementsByTagName("testcase").getLength()).isEqualTo(3);
    assertThat(xml.getDocumentElement().getAttribute("failures")).isEqualTo("0");
  }

  @Test
  void theJunitReportRecordsFailures() throws Exception {
    server.always("/broken", 500, "<html>boom & bust</html>");
    action
        .input("url", server.url("/broken") + "\n" + server.url("/health"))
        .input("timeout", "3s")
        .input("interval", "200ms")
        .input("report-file", "smoke.xml");
    Path report = dir.resolve("smoke.xml"); // relative to the workspace

    try {
      ActionHarness.Result r = action.run("smoke-check");

      assertThat(r.exitCode()).isEqualTo(1);
      Document xml =
          DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile());
      assertThat(xml.getDocumentElement().getAttribute("tests")).isEqualTo("2");
      assertThat(xml.getDocumentElement().getAttribute("failures")).isEqualTo("1");
      var failure = (org.w3c.dom.Element) xml.getElementsByTagName("failure").item(0);
      assertThat(failure.getAttribute("message")).isEqualTo("HTTP 500, expected 200");
      assertThat(failure.getTextContent()).contains("body: <html>boom & bust</html>");
    } finally {
      Files.deleteIfExists(report);
    }
  }

  @Test
  void aSecretHeaderNeverAppearsAnywhere() throws Exception {
    // given a service that echoes the Authorization header back in a failing answer
    server.on(
        "/echo",
        (n, ex) ->
            Reply.of(
                500,
                "{\"saw\":\""
                    + ex.getRequestHeaders().getFirst("Authorization")
                    + "\",\"key\":\""
                    + ex.getRequestHeaders().getFirst("X-Api-Key")
                    + "\"}"));
    action
        .input("url", server.url("/echo"))
        .input("headers", "Authorization: Bearer " + TOKEN + "\nX-Api-Key: key-" + TOKEN)
        .input("timeout", "1s")
        .input("interval", "200ms")
        .input("report-file", dir.resolve("smoke.xml").toString());

    // when
    ActionHarness.Result r = action.run("smoke-check");

    // then the header was sent (the body echoes it, masked) and the secret is nowhere
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout()).contains("::add-mask::Bearer " + TOKEN).contains("::add-mask::" + TOKEN);
    int firstMask = r.stdout().indexOf("::add-mask::");
    assertThat(r.stdout().substring(0, firstMask)).isEmpty();
    assertThat(r.stdout()).contains("Body: {\"saw\":\"***\"");
    assertThat(r.everything()).doesNotContain(TOKEN);
    assertThat(Files.readString(dir.resolve("smoke.xml"))).contains("***").doesNotContain(TOKEN);
  }

  @Test
  void aSecretFromTheEnvironmentInAChecksFileHeaderIsMasked() throws Exception {
    server.on(
        "/echo", (n, ex) -> Reply.of(401, "token " + ex.getRequestHeaders().getFirst("X-Smoke")));
    Files.writeString(
        dir.resolve("smoke.yml"),
        """
        - name: echo
          url: %s
          headers:
            X-Smoke: "${SMOKE_TOKEN}"
        """
            .formatted(server.url("/echo")));
    action
        .env("SMOKE_TOKEN", TOKEN)
        .input("checks-file", dir.resolve("smoke.yml").toString())
        .input("timeout", "1s")
        .input("interval", "200ms");

    ActionHarness.Result r = action.run("smoke-check");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout()).contains("Body: token ***");
    assertThat(r.everything()).doesNotContain(TOKEN);
  }

  @Test
  void localRunsPrintOutputsAndWriteTheSummaryFile() throws Exception {
    Path summary = dir.resolve("local-summary.md");

    ActionHarness.Result r =
        action
            .local()
            .run(
                "smoke-check",
                "--url",
                server.url("/health"),
                "--summary-file",
                summary.toString());

    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).contains("passed=true").containsPattern("results=\\[\\{\"name\":");
    assertThat(Files.readString(summary)).contains("### smoke-check: ✅ passed");
  }
}
