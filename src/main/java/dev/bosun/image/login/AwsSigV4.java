package dev.bosun.image.login;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for one request with no query string, as documented at
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html. A pure function: the
 * same request, keys and time give the same signature, which the test checks against AWS's
 * published example.
 */
public final class AwsSigV4 {

  static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private AwsSigV4() {}

  /** Temporary or long-lived keys; {@code sessionToken} may be null. */
  public record Keys(String accessKeyId, String secretAccessKey, String sessionToken) {
    @Override
    public String toString() {
      return "Keys[" + accessKeyId + "]";
    }
  }

  /**
   * The headers to send: the given ones plus {@code X-Amz-Date}, {@code X-Amz-Security-Token} (with
   * a session token) and {@code Authorization}. Every given header is signed; {@code host} must be
   * among them.
   */
  public static Map<String, String> sign(
      String method,
      String path,
      Map<String, String> headers,
      byte[] body,
      Keys keys,
      String region,
      String service,
      Instant now) {
    String amzDate = STAMP.format(now);
    String day = amzDate.substring(0, 8);
    TreeMap<String, String> signed = new TreeMap<>();
    headers.forEach(
        (k, v) -> signed.put(k.toLowerCase(Locale.ROOT), v.trim().replaceAll(" +", " ")));
    signed.put("x-amz-date", amzDate);
    if (keys.sessionToken() != null) {
      signed.put("x-amz-security-token", keys.sessionToken());
    }
    String signedHeaders = String.join(";", signed.keySet());
    String canonical =
        method
            + "\n"
            + path
            + "\n"
            + "\n"
            + signed.entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue() + "\n")
                .collect(Collectors.joining())
            + "\n"
            + signedHeaders
            + "\n"
            + hex(sha256(body));
    String scope = day + "/" + region + "/" + service + "/aws4_request";
    String toSign =
        "AWS4-HMAC-SHA256\n"
            + amzDate
            + "\n"
            + scope
            + "\n"
            + hex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
    byte[] key = hmac(("AWS4" + keys.secretAccessKey()).getBytes(StandardCharsets.UTF_8), day);
    key = hmac(key, region);
    key = hmac(key, service);
    key = hmac(key, "aws4_request");
    String signature = hex(hmac(key, toSign));
    Map<String, String> out = new TreeMap<>(headers);
    out.put("X-Amz-Date", amzDate);
    if (keys.sessionToken() != null) {
      out.put("X-Amz-Security-Token", keys.sessionToken());
    }
    out.put(
        "Authorization",
        "AWS4-HMAC-SHA256 Credential="
            + keys.accessKeyId()
            + "/"
            + scope
            + ", SignedHeaders="
            + signedHeaders
            + ", Signature="
            + signature);
    return out;
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
