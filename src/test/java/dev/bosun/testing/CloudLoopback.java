package dev.bosun.testing;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import reactor.core.publisher.Mono;

/**
 * A test-only endpoint override for the Azure SDK: every request to a cloud host ({@code
 * management.azure.com}, {@code login.microsoftonline.us}, …) goes to WireMock on loopback instead,
 * with the same path and query, and the host it was meant for in the header {@value
 * #ORIGINAL_HOST}. bosun keeps the clouds' real endpoints, the tests see which ones it used, and no
 * public name is ever resolved.
 */
public final class CloudLoopback implements HttpClient {

  /** The host a request was addressed to before it was sent to loopback. */
  public static final String ORIGINAL_HOST = "X-Test-Original-Host";

  private final HttpClient delegate;
  private final int httpsPort;

  public CloudLoopback(HttpClient delegate, int httpsPort) {
    this.delegate = delegate;
    this.httpsPort = httpsPort;
  }

  @Override
  public Mono<HttpResponse> send(HttpRequest request) {
    return delegate.send(toLoopback(request));
  }

  @Override
  public Mono<HttpResponse> send(HttpRequest request, Context context) {
    return delegate.send(toLoopback(request), context);
  }

  @Override
  public HttpResponse sendSync(HttpRequest request, Context context) {
    return delegate.sendSync(toLoopback(request), context);
  }

  private HttpRequest toLoopback(HttpRequest request) {
    URL url = request.getUrl();
    String host = url.getHost();
    if (host.equals("localhost") || host.equals("127.0.0.1")) {
      return request; // a URL WireMock itself handed out (an operation to poll)
    }
    try {
      URL local = URI.create("https://localhost:" + httpsPort + url.getFile()).toURL();
      return request.setUrl(local).setHeader(ORIGINAL_HOST, host);
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }
}
