package dev.bosun.deploy.github;

import dev.bosun.support.HttpRetry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.kohsuke.github.connector.GitHubConnector;
import org.kohsuke.github.connector.GitHubConnectorRequest;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * Lets github-api send through {@link HttpRetry}, so GitHub calls get bosun's timeouts and 429/5xx
 * retries.
 */
final class RetryingConnector implements GitHubConnector {

  /** Headers the JDK client sets itself and refuses from callers. */
  private static final Set<String> RESTRICTED =
      Set.of("connection", "content-length", "expect", "host", "upgrade");

  private final HttpRetry http;
  private final Duration timeout;

  RetryingConnector(HttpRetry http, Duration timeout) {
    this.http = http;
    this.timeout = timeout;
  }

  @Override
  public GitHubConnectorResponse send(GitHubConnectorRequest request) throws IOException {
    HttpRequest.Builder builder;
    try {
      builder = HttpRequest.newBuilder(request.url().toURI()).timeout(timeout);
    } catch (URISyntaxException e) {
      throw new IOException("Bad GitHub URL " + request.url(), e);
    }
    request
        .allHeaders()
        .forEach(
            (name, values) -> {
              if (name != null && !RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> builder.header(name, v));
              }
            });
    byte[] body = request.hasBody() ? request.body().readAllBytes() : new byte[0];
    builder.method(
        request.method(),
        request.hasBody()
            ? HttpRequest.BodyPublishers.ofByteArray(body)
            : HttpRequest.BodyPublishers.noBody());
    HttpResponse<byte[]> response =
        http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.putAll(response.headers().map());
    return new GitHubConnectorResponse.ByteArrayResponse(request, response.statusCode(), headers) {
      @Override
      protected InputStream rawBodyStream() {
        return new ByteArrayInputStream(response.body());
      }
    };
  }
}
