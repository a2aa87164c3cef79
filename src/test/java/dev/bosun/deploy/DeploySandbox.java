package dev.bosun.deploy;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the deploy-env end-to-end tests: one WireMock standing in for Entra ID, ARM and GitHub, a
 * fake clock on a Tuesday morning, and a workspace whose {@code .github/} folder the test fills
 * with its environments file.
 */
abstract class DeploySandbox {

  @TempDir Path dir;
  final BodyHooks hooks = new BodyHooks();
  WireMockServer wm =
      new WireMockServer(options().dynamicPort().dynamicHttpsPort().extensions(hooks));
  AzureStubs azure = new AzureStubs(wm);
  GitHubStubs github = new GitHubStubs(wm);
  AcaStubs aca = new AcaStubs(wm);
  FakeTime time = new FakeTime(DeployEnvCommandTest.TUESDAY_MORNING);

  @BeforeEach
  final void startStubs() throws IOException {
    wm.start();
    azure.tokenEndpoint();
    github.basics();
    Files.createDirectories(dir.resolve(".github"));
  }

  @AfterEach
  final void stopStubs() {
    try {
      // a job's GITHUB_TOKEN is no user: GET /user answers 403, and bosun has no reason to ask
      // (issue 13, item 8)
      wm.verify(0, getRequestedFor(urlPathEqualTo("/user")));
    } finally {
      wm.stop();
    }
  }
}
