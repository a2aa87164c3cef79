package dev.bosun.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.bosun.support.Backoff;
import dev.bosun.support.HttpRetry;
import dev.bosun.support.OutsideSystemException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The deployment search against a WireMock GitHub: its budget and its retries. */
class GitHubCommitHistoryTest {

  WireMockServer github;

  @BeforeEach
  void start() {
    github = new WireMockServer(options().dynamicPort());
    github.start();
  }

  @AfterEach
  void stop() {
    github.stop();
  }

  GitHubCommitHistory history(Duration budget) {
    return new GitHubCommitHistory(
        left ->
            new HttpRetry(
                HttpClient.newHttpClient(),
                "GitHub",
                new Backoff(Duration.ZERO, Duration.ZERO, 1, 0),
                left,
                3,
                d -> {},
                Clock.systemUTC(),
                m -> {}),
        () -> budget,
        github.baseUrl(),
        "ghs_x");
  }

  @Test
  void noTimeLeftMeansNoCallAndAClearFailure() {
    assertThatThrownBy(() -> history(Duration.ZERO).since("acme/shop", "production", "abc1234"))
        .isInstanceOf(OutsideSystemException.class)
        .hasMessageContaining("share of 'timeout'");
    assertThat(github.getAllServeEvents()).isEmpty();
  }

  @Test
  void serverErrorsAreRetriedThenReported() {
    github.stubFor(
        get(urlPathEqualTo("/repos/acme/shop/deployments"))
            .willReturn(aResponse().withStatus(502)));

    assertThatThrownBy(
            () -> history(Duration.ofSeconds(10)).since("acme/shop", "production", "abc1234"))
        .isInstanceOf(OutsideSystemException.class)
        .hasMessageContaining("GitHub answered HTTP 502");
    assertThat(github.getAllServeEvents()).hasSize(3);
  }

  @Test
  void onlyRedeploysOfThisShaMeanNothingToCompare() {
    github.stubFor(
        get(urlPathEqualTo("/repos/acme/shop/deployments"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "[{\"id\":5,\"sha\":\"abc1234abc1234abc1234abc1234abc1234abc12\",\"environment\":\"production\"}]")));

    assertThat(
            history(Duration.ofSeconds(10))
                .since("acme/shop", "production", "abc1234abc1234abc1234abc1234abc1234abc12"))
        .isEmpty();
    assertThat(github.getAllServeEvents()).hasSize(1);
  }
}
