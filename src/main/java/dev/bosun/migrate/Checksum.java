package dev.bosun.migrate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The checksum of a migration: SHA-256 of its text with a BOM dropped and line endings made {@code
 * \n}, so a checkout on Windows is no drift.
 */
public final class Checksum {

  private Checksum() {}

  public static String of(String sql) {
    String text = normalize(sql);
    MessageDigest sha = SHA256.get();
    sha.reset();
    return HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)), 0, 16);
  }

  /**
   * One digest per thread: looking the algorithm up for each of thousands of files is measurable.
   */
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException(e);
            }
          });

  static String normalize(String sql) {
    String text = sql.startsWith("\uFEFF") ? sql.substring(1) : sql;
    return text.indexOf('\r') < 0 ? text : text.replace("\r\n", "\n").replace('\r', '\n');
  }
}
