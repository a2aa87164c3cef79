package dev.bosun.deploy.vercel;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.bosun.deploy.VercelStubs.OLD_SHA;
import static dev.bosun.deploy.VercelStubs.PROJECT;
import static dev.bosun.deploy.VercelStubs.SHA;
import static dev.bosun.deploy.VercelStubs.TEAM;
import static dev.bosun.deploy.VercelStubs.TOKEN;
import static dev.bosun.deploy.VercelStubs.deployment;
import static dev.bosun.deploy.VercelStubs.listed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.bosun.deploy.FakeTime;
import dev.bosun.deploy.VercelStubs;
import dev.bosun.deploy.vercel.Vercel.Deployment;
import dev.bosun.support.Backoff;
import dev.bosun.support.BadInputException;
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
 * The Vercel adapter and promotion against WireMock, shaped as Vercel's REST reference shows it
 * (https://vercel.com/docs/rest-api, pages cited in {@link VercelStubs}); the fake clock moves only
 * when bosun sleeps.
 */
class VercelClientTest {

  static final String DOMAIN = "mayassistant.com";

  WireMockServer wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
  VercelStubs vercel = new VercelStubs(wm);
  FakeTime time = new FakeTime(Instant.parse("2025-11-17T09:00:00Z"));
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

  RestVercel api() {
    HttpRetry retry =
        new HttpRetry(
            HttpClient.newHttpClient(),
            "vercel",
            Backoff.standard(),
            Duration.ofMinutes(5),
            4,
            d -> {
              sleeps.add(d);
              time.sleep(d);
            },
            time,
            progress::add);
    return new RestVercel(vercel.api(), TOKEN, Optional.of(TEAM), retry);
  }

  VercelPromotion promotion() {
    return new VercelPromotion(
        api(),
        time,
        d -> {
          sleeps.add(d);
          time.sleep(d);
        },
        progress::add,
        Duration.ofSeconds(5));
  }

  @Test
  void theCommitsStagedProductionBuildIsChosenOverANewerPreview() {
    vercel.readyDeploymentsOf(
        SHA,
        listed("dpl_Preview", null, null, SHA, 1763369800000L),
        listed("dpl_Staged", "production", "STAGED", SHA, 1763369700000L));

    VercelPromotion.Choice c = promotion().choose("web", PROJECT, Optional.empty(), SHA);

    assertThat(c.deployment().id()).isEqualTo("dpl_Staged");
    assertThat(c.preview()).isFalse();
    wm.verify(
        getRequestedFor(urlPathEqualTo("/v6/deployments"))
            .withQueryParam("teamId", equalTo(TEAM))
            .withQueryParam("limit", equalTo("50"))
            .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
  }

  @Test
  void aPreviewBuildIsChosenWhenThereIsNothingElseAndSaysItIsOne() {
    vercel.readyDeploymentsOf(
        SHA,
        listed("dpl_Preview", null, null, SHA, 1763369800000L),
        listed("dpl_Other", null, null, OLD_SHA, 1763369900000L));

    VercelPromotion.Choice c = promotion().choose("web", PROJECT, Optional.empty(), SHA);

    // the API filters by sha; a deployment of another commit in the answer is still never taken
    assertThat(c.deployment().id()).isEqualTo("dpl_Preview");
    assertThat(c.preview()).isTrue();
  }

  @Test
  void aCommitWithoutAReadyDeploymentIsACheckFailure() {
    vercel.readyDeploymentsOf(SHA);

    assertThatThrownBy(() -> promotion().choose("web", PROJECT, Optional.empty(), SHA))
        .isInstanceOf(CheckFailedException.class)
        .hasMessageContaining("no READY deployment of commit " + SHA);
  }

  @Test
  void aNamedDeploymentIsReadByItsUrl() {
    vercel.deploymentIs(
        "web-abc123-acme.vercel.app",
        deployment("dpl_Named", "READY", "production", "STAGED", SHA));

    VercelPromotion.Choice c =
        promotion().choose("web", PROJECT, Optional.of("https://web-abc123-acme.vercel.app/"), SHA);

    assertThat(c.deployment().id()).isEqualTo("dpl_Named");
  }

  @Test
  void aNamedDeploymentOfAnotherProjectIsBadInput() {
    vercel.deploymentIs(
        "dpl_Elsewhere",
        deployment("dpl_Elsewhere", "READY", "production", "STAGED", SHA)
            .replace(PROJECT, "prj_Other"));

    assertThatThrownBy(() -> promotion().choose("web", PROJECT, Optional.of("dpl_Elsewhere"), SHA))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("belongs to Vercel project prj_Other");
  }

  @Test
  void aPromotionWaitsUntilProductionAndTheDomainServeTheDeployment() {
    vercel.projectGoes("dpl_Old", "dpl_Old", "dpl_New:pending", "dpl_New:succeeded");
    vercel.promoteAccepted();
    vercel.deploymentIs("dpl_New", deployment("dpl_New", "READY", "production", "PROMOTED", SHA));
    vercel.aliasPointsAt(DOMAIN, "dpl_New");
    Deployment staged =
        new Deployment(
            "dpl_New",
            "web-new-acme.vercel.app",
            PROJECT,
            "READY",
            Optional.of("production"),
            Optional.of("STAGED"),
            Optional.of(SHA),
            Optional.of("main"),
            Instant.EPOCH);

    Deployment now =
        promotion()
            .promote(
                "web",
                PROJECT,
                new VercelPromotion.Choice(staged, false),
                Optional.of(DOMAIN),
                Duration.ofMinutes(5));

    assertThat(now.id()).isEqualTo("dpl_New");
    wm.verify(
        postRequestedFor(urlPathEqualTo("/v10/projects/" + PROJECT + "/promote/dpl_New"))
            .withQueryParam("teamId", equalTo(TEAM))
            .withRequestBody(equalToJson("{}")));
    wm.verify(
        getRequestedFor(urlPathEqualTo("/v4/aliases/" + DOMAIN))
            .withQueryParam("projectId", equalTo(PROJECT)));
    assertThat(sleeps).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(5));
  }

  @Test
  void aPromotedPreviewIsFollowedToTheProductionBuildVercelMakesOfIt() {
    vercel.projectGoes("dpl_Old", "dpl_Old", "dpl_Rebuilt:succeeded");
    vercel.promoteAccepted();
    vercel.deploymentIs(
        "dpl_Rebuilt", deployment("dpl_Rebuilt", "READY", "production", "PROMOTED", SHA));
    Deployment preview =
        new Deployment(
            "dpl_Preview",
            "web-preview-acme.vercel.app",
            PROJECT,
            "READY",
            Optional.empty(),
            Optional.empty(),
            Optional.of(SHA),
            Optional.of("main"),
            Instant.EPOCH);

    Deployment now =
        promotion()
            .promote(
                "web",
                PROJECT,
                new VercelPromotion.Choice(preview, true),
                Optional.empty(),
                Duration.ofMinutes(5));

    assertThat(now.id()).isEqualTo("dpl_Rebuilt");
  }

  @Test
  void aFailedPromotionIsACheckFailure() {
    vercel.projectGoes("dpl_Old", "dpl_Old:failed");
    vercel.promoteAccepted();
    Deployment staged =
        new Deployment(
            "dpl_New",
            "u",
            PROJECT,
            "READY",
            Optional.of("production"),
            Optional.of("STAGED"),
            Optional.of(SHA),
            Optional.empty(),
            Instant.EPOCH);

    assertThatThrownBy(
            () ->
                promotion()
                    .promote(
                        "web",
                        PROJECT,
                        new VercelPromotion.Choice(staged, false),
                        Optional.empty(),
                        Duration.ofMinutes(5)))
        .isInstanceOf(CheckFailedException.class)
        .hasMessageContaining("promote failed");
  }

  @Test
  void aPromotionThatNeverLandsHitsTheWaitTimeout() {
    vercel.projectGoes("dpl_Old", "dpl_Old:in-progress");
    vercel.promoteAccepted();
    Deployment staged =
        new Deployment(
            "dpl_New",
            "u",
            PROJECT,
            "READY",
            Optional.of("production"),
            Optional.of("STAGED"),
            Optional.of(SHA),
            Optional.empty(),
            Instant.EPOCH);

    assertThatThrownBy(
            () ->
                promotion()
                    .promote(
                        "web",
                        PROJECT,
                        new VercelPromotion.Choice(staged, false),
                        Optional.empty(),
                        Duration.ofSeconds(12)))
        .isInstanceOf(CheckFailedException.class)
        .hasMessageContaining("wait-timeout");
    assertThat(sleeps)
        .containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(2));
  }

  @Test
  void aRollbackUsesVercelsRollbackWithTheReason() {
    vercel.projectGoes("dpl_Bad", "dpl_Old:succeeded:rollback");
    vercel.rollbackAccepted();
    vercel.deploymentIs(
        "dpl_Old", deployment("dpl_Old", "READY", "production", "PROMOTED", OLD_SHA));

    Deployment now =
        promotion()
            .rollback(
                "web",
                PROJECT,
                "dpl_Old",
                "bosun: smoke failed",
                Optional.empty(),
                Duration.ofMinutes(5));

    assertThat(now.id()).isEqualTo("dpl_Old");
    wm.verify(
        postRequestedFor(urlPathEqualTo("/v1/projects/" + PROJECT + "/rollback/dpl_Old"))
            .withQueryParam("description", equalTo("bosun: smoke failed"))
            .withQueryParam("teamId", equalTo(TEAM)));
  }

  @Test
  void anExpiredTokenSaysSoWithoutShowingIt() {
    vercel.tokenRefused();

    assertThatThrownBy(() -> api().project(PROJECT))
        .isInstanceOf(OutsideSystemException.class)
        .hasMessageContaining("Vercel refused the token in 'vercel-token'")
        .hasMessageContaining("invalid, expired or revoked")
        .hasMessageContaining("team " + TEAM)
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  void aRateLimitedListWaitsAsLongAsRetryAfterSays() {
    vercel.rateLimitedOnce("/v6/deployments", 21);
    vercel.readyDeploymentsOf(
        SHA, listed("dpl_Staged", "production", "STAGED", SHA, 1763369700000L));

    VercelPromotion.Choice c = promotion().choose("web", PROJECT, Optional.empty(), SHA);

    assertThat(c.deployment().id()).isEqualTo("dpl_Staged");
    assertThat(sleeps).containsExactly(Duration.ofSeconds(21));
  }
}
