package dev.bosun.smoke;

import dev.bosun.support.CappedBody;
import java.net.http.HttpResponse;

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
    return info ->
        HttpResponse.BodySubscribers.mapping(
            CappedBody.prefix(cap).apply(info), p -> new ResponseBody(p.text(), p.cut()));
  }
}
