package dev.bosun.migrate;

import static dev.bosun.migrate.MigrationFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.support.BadInputException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationSourceTest {

  @TempDir Path dir;

  @Test
  void numberedFilesAreOrderedNumericallyNotAlphabetically() {
    write(dir, "10_c.sql", "SELECT 3;");
    write(dir, "9_b.sql", "SELECT 2;");
    write(dir, "001_a.sql", "SELECT 1;");
    write(dir, "README.md", "not a migration");

    MigrationSource.Scan scan = MigrationSource.scan(dir, null);

    assertThat(scan.format()).isEqualTo(MigrationFormat.NUMBERED);
    assertThat(scan.versioned()).extracting(Migration::name).containsExactly("a", "b", "c");
  }

  @Test
  void flywayVersionedAndRepeatableAreDetected() {
    write(dir, "V1.10__later.sql", "SELECT 3;");
    write(dir, "V1.2__add_users.sql", "SELECT 2;");
    write(dir, "V1__init.sql", "SELECT 1;");
    write(dir, "R__views.sql", "SELECT 4;");

    MigrationSource.Scan scan = MigrationSource.scan(dir, null);

    assertThat(scan.format()).isEqualTo(MigrationFormat.FLYWAY);
    assertThat(scan.versioned())
        .extracting(m -> m.version().text())
        .containsExactly("1", "1.2", "1.10");
    assertThat(scan.versioned().get(1).name()).isEqualTo("add users");
    assertThat(scan.repeatable()).extracting(Migration::name).containsExactly("views");
  }

  @Test
  void prismaDirectoriesAreDetected() {
    write(dir, "20240102000000_second/migration.sql", "SELECT 2;");
    write(dir, "20240101000000_init/migration.sql", "SELECT 1;");
    write(dir, "migration_lock.toml", "provider = \"postgresql\"");

    MigrationSource.Scan scan = MigrationSource.scan(dir, null);

    assertThat(scan.format()).isEqualTo(MigrationFormat.PRISMA);
    assertThat(scan.versioned())
        .extracting(Migration::script)
        .containsExactly(
            dir + "/20240101000000_init/migration.sql",
            dir + "/20240102000000_second/migration.sql");
  }

  @Test
  void explicitFormatRejectsFilesOfAnotherLayoutWithTheExpectedForm() {
    write(dir, "001_init.sql", "SELECT 1;");

    assertThatThrownBy(() -> MigrationSource.scan(dir, MigrationFormat.FLYWAY))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("001_init.sql")
        .hasMessageContaining("Expected V<version>__name.sql");
  }

  @Test
  void duplicateFlywayVersionsAreRejected() {
    write(dir, "V1.0__a.sql", "SELECT 1;");
    write(dir, "V1__b.sql", "SELECT 1;");

    assertThatThrownBy(() -> MigrationSource.scan(dir, null))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("duplicate migration version");
  }

  @Test
  void missingDirectoryIsBadInput() {
    assertThatThrownBy(() -> MigrationSource.scan(dir.resolve("nope"), null))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("is not a directory");
  }

  @Test
  void checksumIgnoresLineEndingsAndBomButNotContent() {
    assertThat(Checksum.of("\uFEFFSELECT 1;\r\nSELECT 2;\r\n"))
        .isEqualTo(Checksum.of("SELECT 1;\nSELECT 2;\n"));
    assertThat(Checksum.of("SELECT 1;\rSELECT 2;")).isEqualTo(Checksum.of("SELECT 1;\nSELECT 2;"));
    assertThat(Checksum.of("SELECT 1;")).isNotEqualTo(Checksum.of("SELECT 2;"));
  }

  @Test
  void versionsCompareNumerically() {
    assertThat(Version.parseOrNull("015")).isEqualTo(Version.parseOrNull("15"));
    assertThat(Version.parseOrNull("1.0")).isEqualTo(Version.parseOrNull("1"));
    assertThat(Version.parseOrNull("2")).isLessThan(Version.parseOrNull("10"));
    assertThat(Version.parseOrNull("1.9")).isLessThan(Version.parseOrNull("1.10"));
    assertThat(Version.parseOrNull("v1")).isNull();
  }
}
