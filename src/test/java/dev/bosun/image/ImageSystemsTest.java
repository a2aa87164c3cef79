package dev.bosun.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.actions.ActionEnv;
import dev.bosun.actions.ActionRuntime;
import dev.bosun.azure.AzureCloud;
import dev.bosun.image.login.CloudLogins;
import dev.bosun.image.login.LoginMode;
import dev.bosun.image.login.LoginRequest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The real systems of one build-tag-push run, as far as they can be checked without calling out.
 */
class ImageSystemsTest {

  @Test
  void closingStopsEveryHttpClientTheRunMade() {
    ActionRuntime runtime =
        new ActionRuntime(
            ActionEnv.of(Map.of("HOME", "/nonexistent")),
            new PrintWriter(new StringWriter()),
            new PrintWriter(new StringWriter()));
    LoginRequest login =
        new LoginRequest(
            LoginMode.NONE,
            "registry.example.com",
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            "",
            Optional.empty(),
            Optional.empty(),
            AzureCloud.AZURE_CLOUD);

    ImageSystems systems =
        ImageSystems.real(
            runtime, login, CloudLogins.Settings.NONE, Map.of(), Duration.ofMinutes(1));
    // the sign-in APIs share one client and the registry has its own: each runs a selector thread
    assertThat(systems.clients()).hasSize(2).noneMatch(HttpClient::isTerminated);

    systems.close();

    // an idle client's selector thread in epoll_wait would hold the JVM's exit for up to 300 ms
    assertThat(systems.clients()).allMatch(HttpClient::isTerminated);
  }
}
