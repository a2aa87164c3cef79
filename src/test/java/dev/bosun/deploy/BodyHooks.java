package dev.bosun.deploy;

import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A WireMock transformer ({@code withTransformers("hooks")}) that replaces {@code {{hook:NAME}}} in
 * a stub's body with what the test's supplier gives at the moment of the request: the place where a
 * test plays the SaaS's side effect (GitHub merging a pull request into a real repository).
 */
final class BodyHooks implements ResponseTransformerV2 {

  final Map<String, Supplier<String>> hooks = new ConcurrentHashMap<>();

  @Override
  public Response transform(Response response, ServeEvent event) {
    String body = response.getBodyAsString();
    for (var e : hooks.entrySet()) {
      String mark = "{{hook:" + e.getKey() + "}}";
      if (body.contains(mark)) {
        body = body.replace(mark, e.getValue().get());
      }
    }
    return Response.Builder.like(response).but().body(body).build();
  }

  @Override
  public boolean applyGlobally() {
    return false;
  }

  @Override
  public String getName() {
    return "hooks";
  }
}
