package dev.bosun.migrate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes migration files for tests. */
final class MigrationFiles {

  private MigrationFiles() {}

  static Path write(Path dir, String name, String sql) {
    try {
      Path file = dir.resolve(name);
      Files.createDirectories(file.getParent());
      Files.writeString(file, sql);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
