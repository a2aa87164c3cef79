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
public record Migration(Version version, String name, String script, String sql, String checksum,
    boolean noTransactionHeader) {

  /** The header comment that lets a file with non-transactional statements run outside a transaction. */
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

  private static boolean hasHeader(String sql) {
    for (String line : sql.split("\n", 20)) {
      String t = line.trim();
      if (t.isEmpty()) {
        continue;
      }
      if (!t.startsWith("--")) {
        return false;
      }
      if (t.substring(2).trim().equalsIgnoreCase(NO_TRANSACTION_HEADER)) {
        return true;
      }
    }
    return false;
  }
}
