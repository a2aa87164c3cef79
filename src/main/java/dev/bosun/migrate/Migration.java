package dev.bosun.migrate;

/**
 * One migration file.
 *
 * @param version null for a repeatable migration
 * @param name the description part of the file name
 * @param script the path shown to users and used in annotations ({@code dir/015_users.sql})
 * @param sql the file's text, BOM removed
 * @param noTransactionHeader the file starts with {@code -- bosun:no-transaction}
 */
public record Migration(
    Version version,
    String name,
    String script,
    String sql,
    String checksum,
    boolean noTransactionHeader) {

  /**
   * The header comment that lets a file with non-transactional statements run outside a
   * transaction.
   */
  public static final String NO_TRANSACTION_HEADER = "bosun:no-transaction";

  public static Migration of(Version version, String name, String script, String text) {
    String sql = text.startsWith("\uFEFF") ? text.substring(1) : text;
    return new Migration(version, name, script, sql, Checksum.of(sql), hasHeader(sql));
  }

  public boolean repeatable() {
    return version == null;
  }

  /** The version shown in tables: the version, or {@code R} for a repeatable migration. */
  public String label() {
    return repeatable() ? "R" : version.text();
  }

  /**
   * Looks only at the leading comment lines, without splitting the file: status reads thousands of
   * files.
   */
  private static boolean hasHeader(String sql) {
    int i = 0;
    int n = sql.length();
    while (i < n) {
      int end = sql.indexOf('\n', i);
      if (end < 0) {
        end = n;
      }
      String t = sql.substring(i, end).trim();
      if (!t.isEmpty()) {
        if (!t.startsWith("--")) {
          return false;
        }
        if (t.substring(2).trim().equalsIgnoreCase(NO_TRANSACTION_HEADER)) {
          return true;
        }
      }
      i = end + 1;
    }
    return false;
  }
}
