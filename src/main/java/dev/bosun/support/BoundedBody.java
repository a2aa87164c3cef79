package dev.bosun.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read as UTF-8 text, but never more than a cap: a SaaS API that answers with
 * megabytes (a proxy's error page, a runaway list) is cut off with an {@link IOException} instead
 * of filling the heap.
 */
public final class BoundedBody {

  private BoundedBody() {}

  /**
   * Reads at most {@code maxBytes}; a longer body fails the request with a message that names the
   * cap.
   */
  public static HttpResponse.BodyHandler<String> ofString(int maxBytes) {
    return info -> new Subscriber(maxBytes);
  }

  /** Collects bytes until the cap and cancels the stream when it is passed. */
  private static final class Subscriber implements HttpResponse.BodySubscriber<String> {

    private final int maxBytes;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<String> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    Subscriber(int maxBytes) {
      this.maxBytes = maxBytes;
    }

    @Override
    public CompletionStage<String> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer b : buffers) {
        if (bytes.size() + b.remaining() > maxBytes) {
          subscription.cancel();
          result.completeExceptionally(
              new IOException("response body is larger than " + maxBytes + " bytes"));
          return;
        }
        byte[] chunk = new byte[b.remaining()];
        b.get(chunk);
        bytes.writeBytes(chunk);
      }
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      result.complete(bytes.toString(StandardCharsets.UTF_8));
    }
  }
}
