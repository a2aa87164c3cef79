package dev.bosun.smoke;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * The start of a response body, as far as the assertions need it: at most {@link #CAP} bytes are
 * kept, and the stream is cancelled after them, so a 2 GB answer or an endless chunked stream costs
 * 1 MiB and not the heap.
 *
 * @param text the body read, as UTF-8
 * @param cut whether the answer was longer than {@link #CAP} and the rest was not read
 */
record ResponseBody(String text, boolean cut) {

  /** How much of a body smoke-check reads (documented in docs/actions/smoke-check.md). */
  static final int CAP = 1024 * 1024;

  /** The cap as people read it, for messages. */
  static final String CAP_TEXT = "1 MiB";

  /** A handler that keeps the first {@code cap} bytes and cancels the stream after them. */
  static HttpResponse.BodyHandler<ResponseBody> handler(int cap) {
    return info -> new Subscriber(cap);
  }

  /** Collects up to the cap, then cancels: the connection is dropped instead of drained. */
  private static final class Subscriber implements HttpResponse.BodySubscriber<ResponseBody> {

    private final int cap;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<ResponseBody> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    Subscriber(int cap) {
      this.cap = cap;
    }

    @Override
    public CompletionStage<ResponseBody> getBody() {
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
        int room = cap - bytes.size();
        if (b.remaining() > room) {
          byte[] chunk = new byte[room];
          b.get(chunk);
          bytes.writeBytes(chunk);
          result.complete(new ResponseBody(bytes.toString(StandardCharsets.UTF_8), true));
          subscription.cancel();
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
      result.complete(new ResponseBody(bytes.toString(StandardCharsets.UTF_8), false));
    }
  }
}
