package dev.bosun.migrate;

import dev.bosun.testing.ActionHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the db-migrate end-to-end tests: a fresh database and an empty migrations folder per
 * test.
 */
abstract class MigrationWorkspace {

  @TempDir Path tmp;
  Path dir;
  TestDatabase db;

  @BeforeEach
  final void createDatabaseAndFolder() throws Exception {
    db = TestDatabase.create();
    dir = Files.createDirectories(tmp.resolve("migrations"));
  }

  @AfterEach
  final void dropDatabase() {
    if (db != null) {
      db.close();
    }
  }

  /** db-migrate as the runner would run it, on this test's folder and database. */
  ActionHarness action() {
    return new ActionHarness(tmp).input("dir", dir.toString()).input("database-url", db.url());
  }
}
