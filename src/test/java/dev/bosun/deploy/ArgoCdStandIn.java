package dev.bosun.deploy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.eclipse.jgit.api.Git;

/**
 * Argo CD's REST API in WireMock, shaped as its published OpenAPI shows {@code GET
 * /api/v1/applications/{name}} (v1alpha1Application: status.sync.status/revision,
 * status.health.status/message, status.operationState; see
 * https://argo-cd.readthedocs.io/en/stable/developer-guide/api-docs/ and
 * https://github.com/argoproj/argo-cd/blob/master/assets/swagger.json). {@code HEAD} in a body
 * becomes the GitOps repository's current tip when answered, as Argo CD would resolve the tracked
 * branch.
 */
final class ArgoCdStandIn {

  static final String TOKEN = "argocd-api-token-5f2e9c";
  static final String OLD_REVISION = "0".repeat(40);
  final WireMockServer server;

  ArgoCdStandIn(Path bareRepo) {
    server = new WireMockServer(options().dynamicPort().extensions(new Head(() -> head(bareRepo))));
  }

  String url() {
    return server.baseUrl();
  }

  static String head(Path bare) {
    try (Git git = Git.open(bare.toFile())) {
      return git.getRepository().resolve("refs/heads/main").name();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** An Application answer in the API's shape. */
  static String app(
      String sync,
      String revision,
      String health,
      String healthMessage,
      String phase,
      String opMessage) {
    return """
        {"metadata": {"name": "api-prod", "namespace": "argocd"},
         "spec": {"project": "default",
                  "source": {"repoURL": "https://github.com/acme/deploy.git", "path": "apps/api/overlays/prod",
                             "targetRevision": "main"},
                  "destination": {"server": "https://kubernetes.default.svc", "namespace": "api"}},
         "status": {"sync": {"status": "%s", "revision": "%s"},
                    "health": {"status": "%s", "message": "%s"},
                    "operationState": {"phase": "%s", "message": "%s",
                                       "operation": {"sync": {"revision": "%s"}},
                                       "syncResult": {"revision": "%s"}}}}
        """
        .formatted(sync, revision, health, healthMessage, phase, opMessage, revision, revision);
  }

  /**
   * Answers in order, the last one repeated: the application as Argo CD shows it on successive
   * polls.
   */
  void answers(String... bodies) {
    for (int i = 0; i < bodies.length; i++) {
      String state =
          i == 0 ? com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED : "poll-" + i;
      var stub =
          get(urlPathEqualTo("/api/v1/applications/api-prod"))
              .inScenario("argo")
              .whenScenarioStateIs(state);
      if (i + 1 < bodies.length) {
        stub = stub.willSetStateTo("poll-" + (i + 1));
      }
      server.stubFor(
          stub.willReturn(
              aResponse()
                  .withStatus(200)
                  .withHeader("Content-Type", "application/json")
                  .withBody(bodies[i])
                  .withTransformers("head")));
    }
  }

  /** Replaces HEAD in the body with the repository's tip at the moment of the request. */
  private record Head(Supplier<String> head) implements ResponseTransformerV2 {
    @Override
    public Response transform(Response response, ServeEvent event) {
      return Response.Builder.like(response)
          .but()
          .body(response.getBodyAsString().replace("HEAD", head.get()))
          .build();
    }

    @Override
    public boolean applyGlobally() {
      return false;
    }

    @Override
    public String getName() {
      return "head";
    }
  }
}
