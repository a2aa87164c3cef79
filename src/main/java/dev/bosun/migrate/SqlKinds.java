package dev.bosun.migrate;

import java.util.regex.Pattern;

/**
 * Pure classifiers over a statement's {@link SqlScript.Statement#code()}: what cannot run in a
 * transaction, and transaction control.
 */
public final class SqlKinds {

  private static final Pattern[] NON_TRANSACTIONAL = {
    Pattern.compile("^CREATE (UNIQUE )?INDEX CONCURRENTLY\\b.*"),
    Pattern.compile("^DROP INDEX CONCURRENTLY\\b.*"),
    Pattern.compile("^REINDEX\\b.*\\bCONCURRENTLY\\b.*"),
    Pattern.compile("^REINDEX (SYSTEM|DATABASE)\\b.*"),
    Pattern.compile("^VACUUM\\b.*"),
    Pattern.compile("^(CREATE|DROP) DATABASE\\b.*"),
    Pattern.compile("^ALTER DATABASE \\S+ SET TABLESPACE\\b.*"),
    Pattern.compile("^(CREATE|DROP) TABLESPACE\\b.*"),
    Pattern.compile("^ALTER SYSTEM\\b.*"),
    Pattern.compile("^(CREATE|DROP) SUBSCRIPTION\\b.*"),
    Pattern.compile("^ALTER TABLE .*\\bDETACH PARTITION \\S+ (CONCURRENTLY|FINALIZE)\\b.*"),
    Pattern.compile("^CLUSTER$"),
  };
  private static final Pattern BEGIN =
      Pattern.compile(
          "^(BEGIN|START TRANSACTION)( (WORK|TRANSACTION)\\b.*| ISOLATION\\b.*| READ\\b.*)?$");
  private static final Pattern COMMIT =
      Pattern.compile("^(COMMIT|END)( (WORK|TRANSACTION)( AND (NO )?CHAIN)?)?$");
  private static final Pattern OTHER_CONTROL =
      Pattern.compile(
          "^(ROLLBACK( (WORK|TRANSACTION))?( AND (NO )?CHAIN)?|ABORT\\b.*|COMMIT PREPARED\\b.*|ROLLBACK PREPARED\\b.*|PREPARE TRANSACTION\\b.*)$");

  private SqlKinds() {}

  /** Whether PostgreSQL refuses to run this statement inside a transaction block. */
  public static boolean nonTransactional(String code) {
    for (Pattern p : NON_TRANSACTIONAL) {
      if (p.matcher(code).matches()) {
        return true;
      }
    }
    return false;
  }

  public static boolean begin(String code) {
    return BEGIN.matcher(code).matches();
  }

  public static boolean commit(String code) {
    return COMMIT.matcher(code).matches();
  }

  /** BEGIN, COMMIT, ROLLBACK and friends: they would end bosun's own per-migration transaction. */
  public static boolean transactionControl(String code) {
    return begin(code) || commit(code) || OTHER_CONTROL.matcher(code).matches();
  }

  /** The first words of a statement, for messages. */
  public static String head(String code) {
    String[] words = code.replace(" IF NOT EXISTS", "").replace(" IF EXISTS", "").split(" ");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(4, words.length); i++) {
      sb.append(i == 0 ? "" : " ").append(words[i]);
    }
    return sb.toString();
  }
}
