package dev.bosun.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.jspecify.annotations.Nullable;

/**
 * Reads an HTTP answer's body with a size cap, so a broken or hostile server (a proxy's error page,
 * a runaway list) cannot fill the memory: {@link #read} for an answer taken as a stream, {@link
 * #ofString} as the body handler of a request.
 */
public final class CappedBody {

  /** API answers bosun reads are objects of a few kilobytes; a Deployment list is the largest. */
  public static final int DEFAULT_CAP = 4 * 1024 * 1024;

  private CappedBody() {}

  /**
   * The body as UTF-8, failing with an {@link OutsideSystemException} naming {@code system} past
   * {@code cap} bytes.
   */
  public static String read(HttpResponse<InputStream> response, int cap, String system) {
    try (InputStream in = response.body()) {
      byte[] bytes = in.readNBytes(cap + 1);
      if (bytes.length > cap) {
        throw new OutsideSystemException(
            system,
            system
                + " answered "
                + response.request().method()
                + " "
                + HttpRetry.safeUri(response.request())
                + " with more than "
                + cap
                + " bytes; bosun reads at most that.");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new OutsideSystemException(
          system,
          "Reading "
              + system
              + "'s answer to "
              + HttpRetry.safeUri(response.request())
              + " failed: "
              + e.getMessage(),
          e);
    }
  }

  /**
   * The first {@code cap} bytes of a body as UTF-8 and whether there was more: the stream is
   * cancelled after them, so a 2 GB answer or an endless chunked stream costs {@code cap} bytes.
   *
   * @param text the body read
   * @param cut whether the answer was longer than the cap and the rest was not read
   */
  public record Prefix(String text, boolean cut) {}

  /** A body handler that keeps the first {@code cap} bytes and cancels the stream after them. */
  public static HttpResponse.BodyHandler<Prefix> prefix(int cap) {
    return info -> new Subscriber(cap, false);
  }

  /**
   * A body handler that reads at most {@code maxBytes} as UTF-8 while the answer streams in; a
   * longer body fails the request with an {@link IOException} that names the cap.
   */
  public static HttpResponse.BodyHandler<String> ofString(int maxBytes) {
    return info ->
        HttpResponse.BodySubscribers.mapping(new Subscriber(maxBytes, true), Prefix::text);
  }

  /**
   * Collects up to the cap, then cancels (the connection is dropped instead of drained) and either
   * fails or completes with what it has.
   */
  private static final class Subscriber implements HttpResponse.BodySubscriber<Prefix> {

    private final int cap;
    private final boolean failPastCap;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<Prefix> result = new CompletableFuture<>();
    private Flow.@Nullable Subscription subscription;

    Subscriber(int cap, boolean failPastCap) {
      this.cap = cap;
      this.failPastCap = failPastCap;
    }

    @Override
    public CompletionStage<Prefix> getBody() {
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
          if (failPastCap) {
            result.completeExceptionally(
                new IOException("response body is larger than " + cap + " bytes"));
          } else {
            byte[] chunk = new byte[room];
            b.get(chunk);
            bytes.writeBytes(chunk);
            result.complete(new Prefix(bytes.toString(StandardCharsets.UTF_8), true));
          }
          if (subscription != null) {
            subscription.cancel();
          }
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
      result.complete(new Prefix(bytes.toString(StandardCharsets.UTF_8), false));
    }
  }
}
