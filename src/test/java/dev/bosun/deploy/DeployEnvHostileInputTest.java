package dev.bosun.deploy;

import static dev.bosun.deploy.AzureStubs.CLIENT_ID;
import static dev.bosun.deploy.AzureStubs.SUBSCRIPTION;
import static dev.bosun.deploy.AzureStubs.TENANT;

import dev.bosun.cli.Composition;
import dev.bosun.deploy.AcaStubs.Ends;
import dev.bosun.testing.ActionHarness;
import dev.bosun.testing.HostileInput;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Values that try to inject workflow commands through deploy-env's plan lines and errors (issue 19,
 * item 1).
 */
class DeployEnvHostileInputTest extends DeploySandbox {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "override-window",
        "ref",
        "sha",
        "apps",
        "image",
        "environment",
        "repository",
        "to",
        "smoke-url",
        "smoke-checks-file",
        "config",
        "wait-timeout",
        "mode"
      })
  void thePlanAndItsErrorsNeverCarryAnInjectedCommand(String input) throws Exception {
    Files.writeString(dir.resolve(".github/bosun.yml"), DeployEnvCommandTest.CONFIG);
    aca.app(
        SUBSCRIPTION,
        "rg-shop-dev",
        "aca-shop-api-dev",
        "Single",
        DeployEnvCommandTest.OLD,
        DeployEnvCommandTest.PINNED,
        Ends.HEALTHY);
    aca.app(
        SUBSCRIPTION,
        "rg-shop-dev",
        "aca-shop-worker-dev",
        "Single",
        DeployEnvCommandTest.OLD,
        DeployEnvCommandTest.PINNED,
        Ends.HEALTHY);
    DeploySystems wiring =
        new DeploySystems(
            azure.settings(),
            time,
            time,
            dev.bosun.deploy.target.Polling.standard(),
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
            (rt, access, az) ->
                new FakeImages()
                    .with(DeployEnvCommandTest.IMAGE, DeployEnvCommandTest.DIGEST, Map.of()),
            rt -> new EngineSmokeRunner(rt, time, time));
    ActionHarness h =
        new ActionHarness(dir)
            .env("GITHUB_API_URL", github.api())
            .input("environment", "dev")
            .input("mode", "plan")
            .input("image", DeployEnvCommandTest.IMAGE)
            .input("github-token", GitHubStubs.TOKEN)
            .input("azure-client-id", CLIENT_ID)
            .input("azure-tenant-id", TENANT)
            .input("azure-client-secret", DeployEnvCommandTest.CLIENT_SECRET)
            .input(input, HostileInput.VALUE);

    HostileInput.assertNoInjectedCommands(
        h.run(Composition.real().withDeploy(wiring), "deploy-env"));
  }
}
