package dev.bosun.migrate;

import dev.bosun.support.BadInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * A migration split into statements and checked for how it must run: a wrapping {@code
 * BEGIN}/{@code COMMIT} is dropped (bosun runs each migration in its own transaction), other
 * transaction control is refused, and a file with statements PostgreSQL cannot run in a transaction
 * is marked non-transactional.
 *
 * @param nonTransactionalLine the line of the first such statement, or 0
 */
public record PreparedMigration(
    Migration migration,
    List<SqlScript.Statement> statements,
    int nonTransactionalLine,
    String nonTransactionalStatement) {

  public boolean nonTransactional() {
    return nonTransactionalLine > 0;
  }

  public static PreparedMigration of(Migration m) {
    List<SqlScript.Statement> all = new ArrayList<>(SqlScript.parse(m.sql()));
    if (all.size() >= 2
        && SqlKinds.begin(all.get(0).code())
        && SqlKinds.commit(all.get(all.size() - 1).code())) {
      all.remove(all.size() - 1);
      all.remove(0);
    }
    int line = 0;
    String head = null;
    for (SqlScript.Statement s : all) {
      if (SqlKinds.transactionControl(s.code())) {
        throw new BadInputException(
            "dir",
            m.script()
                + " line "
                + s.line()
                + ": '"
                + SqlKinds.head(s.code())
                + "' controls the transaction, but bosun runs each migration and its history row in one transaction of "
                + "its own. Remove it (a BEGIN on the first statement with COMMIT on the last is accepted and ignored).");
      }
      if (line == 0 && SqlKinds.nonTransactional(s.code())) {
        line = s.line();
        head = SqlKinds.head(s.code());
      }
    }
    return new PreparedMigration(m, List.copyOf(all), line, head);
  }
}
