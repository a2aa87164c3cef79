package dev.bosun.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * Reads an HTTP answer's body with a size cap, so a broken or hostile server cannot fill the
 * memory.
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
}
