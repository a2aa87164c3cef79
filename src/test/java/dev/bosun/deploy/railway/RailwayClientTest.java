package dev.bosun.deploy.railway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.bosun.deploy.RailwayStubs.ENVIRONMENT;
import static dev.bosun.deploy.RailwayStubs.SERVICE;
import static dev.bosun.deploy.RailwayStubs.TOKEN;
import static dev.bosun.deploy.RailwayStubs.deployment;
import static dev.bosun.deploy.RailwayStubs.sent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.bosun.deploy.FakeTime;
import dev.bosun.deploy.RailwayStubs;
import dev.bosun.deploy.railway.Railway.Deployment;
import dev.bosun.deploy.railway.Railway.Status;
import dev.bosun.image.registry.RegistryCredential;
import dev.bosun.support.Backoff;
import dev.bosun.support.CheckFailedException;
import dev.bosun.support.HttpRetry;
import dev.bosun.support.OutsideSystemException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Railway adapter and rollout against WireMock, shaped as Railway's public API reference
 * (https://docs.railway.com/reference/public-api) and its published schema (railwayapp/cli
 * src/gql/schema.json) show it; the fake clock moves only when bosun sleeps, so 10-second polls
 * take no time.
 */
class RailwayClientTest {

  static final String DIGEST = "sha256:" + "b".repeat(64);
  static final String IMAGE = "ghcr.io/acme/backend@" + DIGEST;
  static final String OLD = "ghcr.io/acme/backend@sha256:" + "0".repeat(64);

  WireMockServer wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
  RailwayStubs railway = new RailwayStubs(wm);
  FakeTime time = new FakeTime(Instant.parse("2026-11-17T09:00:00Z"));
  List<Duration> sleeps = new ArrayList<>();
  List<String> progress = new ArrayList<>();

  @BeforeEach
  void start() {
    wm.start();
  }

  @AfterEach
  void stop() {
    wm.stop();
  }

  GraphQlRailway api(RailwayToken token) {
    HttpRetry retry =
        new HttpRetry(
            HttpClient.newHttpClient(),
            "railway",
            Backoff.standard(),
            Duration.ofMinutes(5),
            4,
            d -> {
              sleeps.add(d);
              time.sleep(d);
            },
            time,
            progress::add);
    return new GraphQlRailway(railway.endpoint(), token, retry);
  }

  RailwayRollout rollout(Duration poll) {
    return new RailwayRollout(
        api(new RailwayToken(RailwayToken.Kind.PROJECT, TOKEN)),
        time,
        d -> {
          sleeps.add(d);
          time.sleep(d);
        },
        progress::add,
        poll);
  }

  @Test
  void aProjectTokenGoesInProjectAccessTokenAndTheImageWithItsRegistryLogin() {
    railway.updateAccepted();

    api(new RailwayToken(RailwayToken.Kind.PROJECT, TOKEN))
        .setImage(
            ENVIRONMENT,
            SERVICE,
            IMAGE,
            Optional.of(new RegistryCredential("acme-bot", "ghp_registryPassw0rd")));

    wm.verify(
        sent("serviceInstanceUpdate")
            .withHeader("Project-Access-Token", equalTo(TOKEN))
            .withHeader("Authorization", absent())
            .withRequestBody(matchingJsonPath("$.variables.serviceId", equalTo(SERVICE)))
            .withRequestBody(matchingJsonPath("$.variables.environmentId", equalTo(ENVIRONMENT)))
            .withRequestBody(matchingJsonPath("$.variables.input.source.image", equalTo(IMAGE)))
            .withRequestBody(
                matchingJsonPath(
                    "$.variables.input.registryCredentials.username", equalTo("acme-bot")))
            .withRequestBody(
                matchingJsonPath(
                    "$.variables.input.registryCredentials.password",
                    equalTo("ghp_registryPassw0rd"))));
  }

  @Test
  void anAccountTokenIsABearerToken() {
    railway.deployStarts("d-1");

    String id =
        api(new RailwayToken(RailwayToken.Kind.ACCOUNT, TOKEN)).deploy(ENVIRONMENT, SERVICE);

    assertThat(id).isEqualTo("d-1");
    wm.verify(
        sent("serviceInstanceDeployV2")
            .withHeader("Authorization", equalTo("Bearer " + TOKEN))
            .withHeader("Project-Access-Token", absent()));
  }

  @Test
  void aRefusedTokenComesBackWithHttp200AndIsExplainedWithoutShowingIt() {
    railway.tokenRefused();

    assertThatThrownBy(
            () ->
                api(new RailwayToken(RailwayToken.Kind.PROJECT, TOKEN))
                    .serviceInstance(ENVIRONMENT, SERVICE))
        .isInstanceOf(OutsideSystemException.class)
        .hasMessageContaining("Railway refused the project token in 'railway-token'")
        .hasMessageContaining("Not Authorized")
        .hasMessageContaining("invalid, expired or revoked")
        .hasMessageContaining("Create a new project token")
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  void aRateLimitedCallWaitsAsLongAsRetryAfterSays() {
    railway.rateLimitedOnce("deployment", 37);
    railway.deploymentGoes("d-1", IMAGE, "SUCCESS");

    Deployment d = api(new RailwayToken(RailwayToken.Kind.PROJECT, TOKEN)).deployment("d-1");

    assertThat(d.status()).isEqualTo(Status.SUCCESS);
    assertThat(d.image()).contains(IMAGE);
    assertThat(sleeps).containsExactly(Duration.ofSeconds(37));
    assertThat(progress).anyMatch(p -> p.contains("HTTP 429") && p.contains("retry 1 in 37"));
  }

  @Test
  void aRateLimitThatOutlastsTheRetriesSaysSo() {
    wm.stubFor(
        post(urlPathEqualTo(RailwayStubs.PATH))
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "3600")
                    .withBody("{\"errors\":[{\"message\":\"Rate limit exceeded\"}]}")));

    assertThatThrownBy(
            () -> api(new RailwayToken(RailwayToken.Kind.PROJECT, TOKEN)).deployment("d-1"))
        .isInstanceOf(OutsideSystemException.class)
        .hasMessageContaining("rate limiting")
        .hasMessageContaining("3600");
  }

  @Test
  void anOversizedAnswerIsCutOff() {
    wm.stubFor(
        post(urlPathEqualTo(RailwayStubs.PATH))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody(
                        "{\"data\":{\"x\":\"" + "a".repeat(GraphQlRailway.MAX_BODY) + "\"}}")));

    assertThatThrownBy(
            () ->
                new GraphQlRailway(
                        railway.endpoint(),
                        new RailwayToken(RailwayToken.Kind.PROJECT, TOKEN),
                        new HttpRetry(
                            HttpClient.newHttpClient(),
                            "railway",
                            Backoff.standard(),
                            Duration.ofSeconds(30),
                            1,
                            d -> {},
                            time,
                            s -> {}))
                    .deployment("d-1"))
        .isInstanceOf(OutsideSystemException.class)
        .hasMessageContaining("larger than " + GraphQlRailway.MAX_BODY);
  }

  @Test
  void aRolloutPollsEveryTenSecondsAtTheFastestUntilTheNewImageRuns() {
    railway.updateAccepted();
    railway.deployStarts("d-2");
    railway.deploymentGoes("d-2", IMAGE, "INITIALIZING", "BUILDING", "DEPLOYING", "SUCCESS");

    Deployment d =
        rollout(Duration.ofSeconds(1))
            .deploy(
                ENVIRONMENT, SERVICE, "backend", IMAGE, Optional.empty(), Duration.ofMinutes(10));

    assertThat(d.id()).isEqualTo("d-2");
    assertThat(sleeps)
        .containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(10));
    assertThat(railway.requests("deployment")).hasSize(4);
    wm.verify(
        1,
        sent("serviceInstanceUpdate")
            .withRequestBody(matchingJsonPath("$.variables.input.registryCredentials", absent())));
  }

  @Test
  void aSuccessfulDeploymentOfTheOldImageIsNotTakenForTheNewOne() {
    railway.updateAccepted();
    railway.deployStarts("d-2");
    railway.deploymentGoes("d-2", OLD, "SUCCESS");

    assertThatThrownBy(
            () ->
                rollout(RailwayRollout.MIN_POLL)
                    .deploy(
                        ENVIRONMENT,
                        SERVICE,
                        "backend",
                        IMAGE,
                        Optional.empty(),
                        Duration.ofMinutes(10)))
        .isInstanceOf(CheckFailedException.class)
        .hasMessageContaining("succeeded but runs " + OLD)
        .hasMessageContaining("not " + IMAGE);
  }

  @Test
  void aCrashedDeploymentFailsTheRolloutAndSaysWhereTheLogsAre() {
    railway.updateAccepted();
    railway.deployStarts("d-2");
    railway.deploymentGoes("d-2", IMAGE, "DEPLOYING", "CRASHED");

    assertThatThrownBy(
            () ->
                rollout(RailwayRollout.MIN_POLL)
                    .deploy(
                        ENVIRONMENT,
                        SERVICE,
                        "backend",
                        IMAGE,
                        Optional.empty(),
                        Duration.ofMinutes(10)))
        .isInstanceOf(CheckFailedException.class)
        .hasMessageContaining("ended CRASHED")
        .hasMessageContaining("railway logs --deployment d-2");
  }

  @Test
  void aDeploymentThatNeverFinishesHitsTheWaitTimeout() {
    railway.updateAccepted();
    railway.deployStarts("d-2");
    railway.deploymentGoes("d-2", IMAGE, "BUILDING");

    assertThatThrownBy(
            () ->
                rollout(RailwayRollout.MIN_POLL)
                    .deploy(
                        ENVIRONMENT,
                        SERVICE,
                        "backend",
                        IMAGE,
                        Optional.empty(),
                        Duration.ofSeconds(45)))
        .isInstanceOf(CheckFailedException.class)
        .hasMessageContaining("wait-timeout");
    assertThat(sleeps)
        .containsExactly(
            Duration.ofSeconds(10),
            Duration.ofSeconds(10),
            Duration.ofSeconds(10),
            Duration.ofSeconds(10),
            Duration.ofSeconds(5));
  }

  @Test
  void restoringAnImageThatRanRecentlyUsesRailwaysRollback() {
    railway.deployments(
        SERVICE,
        deployment("d-2", "CRASHED", IMAGE, false),
        deployment("d-1", "REMOVED", OLD, true),
        deployment("d-0", "REMOVED", "ghcr.io/acme/backend@sha256:" + "9".repeat(64), true));
    railway.serviceInstanceSequence(
        SERVICE,
        IMAGE,
        deployment("d-2", "CRASHED", IMAGE, false),
        deployment("d-2", "CRASHED", IMAGE, false),
        deployment("d-3", "DEPLOYING", OLD, true));
    railway.rollbackAccepted();
    railway.deploymentGoes("d-3", OLD, "DEPLOYING", "SUCCESS");

    Deployment d =
        rollout(RailwayRollout.MIN_POLL)
            .restore(
                ENVIRONMENT, SERVICE, "backend", OLD, Optional.empty(), Duration.ofMinutes(10));

    assertThat(d.id()).isEqualTo("d-3");
    wm.verify(
        1,
        sent("deploymentRollback")
            .withRequestBody(matchingJsonPath("$.variables.id", equalTo("d-1"))));
    wm.verify(0, sent("serviceInstanceUpdate"));
  }

  @Test
  void restoringAnImageRailwayCannotRollBackToDeploysItAfresh() {
    railway.deployments(SERVICE, deployment("d-2", "FAILED", IMAGE, false));
    railway.updateAccepted();
    railway.deployStarts("d-3");
    railway.deploymentGoes("d-3", OLD, "SUCCESS");

    Deployment d =
        rollout(RailwayRollout.MIN_POLL)
            .restore(
                ENVIRONMENT, SERVICE, "backend", OLD, Optional.empty(), Duration.ofMinutes(10));

    assertThat(d.id()).isEqualTo("d-3");
    wm.verify(0, sent("deploymentRollback"));
    wm.verify(
        1,
        sent("serviceInstanceUpdate")
            .withRequestBody(matchingJsonPath("$.variables.input.source.image", equalTo(OLD))));
  }
}
