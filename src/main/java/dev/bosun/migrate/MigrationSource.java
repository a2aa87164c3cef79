package dev.bosun.migrate;

import dev.bosun.support.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a migrations directory in one of the {@link MigrationFormat}s into versioned migrations
 * (ordered) and repeatables.
 */
public final class MigrationSource {

  private static final Pattern NUMBERED = Pattern.compile("(\\d+)_(.+)\\.sql");
  private static final Pattern NUMBERED_DOWN = Pattern.compile("(\\d+)_(.+)\\.down\\.sql");
  private static final Pattern FLYWAY_UNDO = Pattern.compile("U(\\d+(?:[._]\\d+)*)__(.+)\\.sql");
  private static final Pattern FLYWAY = Pattern.compile("V(\\d+(?:[._]\\d+)*)__(.+)\\.sql");
  private static final Pattern REPEATABLE = Pattern.compile("R__(.+)\\.sql");
  private static final Pattern PRISMA = Pattern.compile("(\\d+)_(.+)");

  /**
   * What was read: the format used and the migrations, versioned first in version order, then
   * repeatables by name.
   *
   * @param downs the down (undo) file of each version that has one
   */
  public record Scan(
      MigrationFormat format,
      List<Migration> versioned,
      List<Migration> repeatable,
      Map<Version, DownFile> downs) {

    public Scan {
      downs = Map.copyOf(downs);
    }

    public List<Migration> all() {
      List<Migration> all = new ArrayList<>(versioned);
      all.addAll(repeatable);
      return all;
    }
  }

  /**
   * A down migration ({@code NNN_name.down.sql} or Flyway's {@code U<version>__name.sql}); read
   * only when it is run, so status over thousands of files does not read them.
   */
  public record DownFile(Version version, String name, String script, Path file) {
    public Migration read() {
      return Migration.of(version, name, script, MigrationSource.read(file));
    }
  }

  private record Pending(Version version, String name, String script, Path file) {}

  private MigrationSource() {}

  /**
   * Scans {@code dir}; {@code format} null means detect it. Bad names and duplicate versions are
   * bad input for {@code dir}.
   */
  public static Scan scan(Path dir, MigrationFormat format) {
    if (!Files.isDirectory(dir)) {
      throw new BadInputException(
          "dir",
          "Input 'dir': '"
              + dir
              + "' is not a directory. Point it at the folder that holds "
              + "the migration files (for example migrations or db/migrations).");
    }
    List<Path> entries;
    try (Stream<Path> s = Files.list(dir)) {
      entries = s.sorted().toList();
    } catch (IOException e) {
      throw new BadInputException(
          "dir", "Input 'dir': cannot list '" + dir + "': " + e.getMessage());
    }
    MigrationFormat used = format != null ? format : detect(entries);
    List<Pending> found = new ArrayList<>();
    Map<Version, DownFile> downs = new HashMap<>();
    for (Path entry : entries) {
      String file = entry.getFileName().toString();
      if (used == MigrationFormat.PRISMA) {
        if (!Files.isDirectory(entry)) {
          continue; // migration_lock.toml and the like
        }
        Matcher m = PRISMA.matcher(file);
        Path sql = entry.resolve("migration.sql");
        if (!m.matches() || !Files.isRegularFile(sql)) {
          throw unparseable(dir, file, used);
        }
        found.add(
            new Pending(
                Version.parseOrNull(m.group(1)),
                m.group(2),
                display(dir, file + "/migration.sql"),
                sql));
        continue;
      }
      if (!file.toLowerCase(java.util.Locale.ROOT).endsWith(".sql")) {
        continue; // a directory named *.sql is not expected; reading it fails clearly
      }
      Matcher down = (used == MigrationFormat.NUMBERED ? NUMBERED_DOWN : FLYWAY_UNDO).matcher(file);
      if (down.matches()) {
        addDown(
            downs,
            new DownFile(
                Version.parseOrNull(down.group(1)), down.group(2), display(dir, file), entry));
        continue;
      }
      if (used == MigrationFormat.NUMBERED) {
        Matcher m = NUMBERED.matcher(file);
        if (!m.matches()) {
          throw unparseable(dir, file, used);
        }
        found.add(
            new Pending(Version.parseOrNull(m.group(1)), m.group(2), display(dir, file), entry));
      } else {
        Matcher v = FLYWAY.matcher(file);
        Matcher r = REPEATABLE.matcher(file);
        if (v.matches()) {
          found.add(
              new Pending(
                  Version.parseOrNull(v.group(1)),
                  v.group(2).replace('_', ' '),
                  display(dir, file),
                  entry));
        } else if (r.matches()) {
          found.add(new Pending(null, r.group(1).replace('_', ' '), display(dir, file), entry));
        } else {
          throw unparseable(dir, file, used);
        }
      }
    }
    // reading and hashing thousands of files is the slow part of status: spread it over the cores
    List<Migration> read =
        found.parallelStream()
            .map(p -> Migration.of(p.version(), p.name(), p.script(), read(p.file())))
            .toList();
    List<Migration> versioned =
        new ArrayList<>(read.stream().filter(m -> !m.repeatable()).toList());
    List<Migration> repeatable =
        new ArrayList<>(read.stream().filter(Migration::repeatable).toList());
    versioned.sort(Comparator.comparing(Migration::version));
    repeatable.sort(Comparator.comparing(Migration::name));
    rejectDuplicates(versioned, repeatable);
    rejectOrphanDowns(versioned, downs);
    return new Scan(used, List.copyOf(versioned), List.copyOf(repeatable), downs);
  }

  private static void addDown(Map<Version, DownFile> downs, DownFile d) {
    DownFile other = downs.putIfAbsent(d.version(), d);
    if (other != null) {
      throw new BadInputException(
          "dir",
          "Input 'dir': two down migrations for version "
              + d.version()
              + ": "
              + other.script()
              + " and "
              + d.script()
              + ". Keep one.");
    }
  }

  private static void rejectOrphanDowns(List<Migration> versioned, Map<Version, DownFile> downs) {
    if (downs.isEmpty()) {
      return;
    }
    java.util.Set<Version> ups = new java.util.HashSet<>();
    versioned.forEach(m -> ups.add(m.version()));
    for (DownFile d :
        downs.values().stream().sorted(Comparator.comparing(DownFile::version)).toList()) {
      if (!ups.contains(d.version())) {
        throw new BadInputException(
            "dir",
            "Input 'dir': "
                + d.script()
                + " undoes version "
                + d.version()
                + ", but no migration has that version. Rename it after the migration it undoes, or delete it.");
      }
    }
  }

  static MigrationFormat detect(List<Path> entries) {
    boolean prisma = false;
    boolean flyway = false;
    for (Path e : entries) {
      String name = e.getFileName().toString();
      if (name.endsWith(".sql")) {
        // one Flyway name decides it: no need to match the other 10,000
        flyway =
            flyway
                || FLYWAY.matcher(name).matches()
                || REPEATABLE.matcher(name).matches()
                || FLYWAY_UNDO.matcher(name).matches();
      } else if (Files.isRegularFile(e.resolve("migration.sql"))) {
        prisma = true;
      }
    }
    return prisma
        ? MigrationFormat.PRISMA
        : flyway ? MigrationFormat.FLYWAY : MigrationFormat.NUMBERED;
  }

  private static void rejectDuplicates(List<Migration> versioned, List<Migration> repeatable) {
    for (int i = 1; i < versioned.size(); i++) {
      Migration a = versioned.get(i - 1);
      Migration b = versioned.get(i);
      if (a.version().equals(b.version())) {
        throw new BadInputException(
            "dir",
            "Input 'dir': duplicate migration version "
                + b.version()
                + " in "
                + a.script()
                + " and "
                + b.script()
                + ". Each version must belong to exactly one file; renumber one of them.");
      }
    }
    Map<String, Migration> byName = new HashMap<>();
    for (Migration r : repeatable) {
      Migration other = byName.putIfAbsent(r.name(), r);
      if (other != null) {
        throw new BadInputException(
            "dir",
            "Input 'dir': duplicate repeatable migration '"
                + r.name()
                + "' in "
                + other.script()
                + " and "
                + r.script()
                + ".");
      }
    }
  }

  private static BadInputException unparseable(Path dir, String file, MigrationFormat format) {
    return new BadInputException(
        "dir",
        "Input 'dir': cannot read a version from '"
            + display(dir, file)
            + "' ("
            + format.name().toLowerCase(java.util.Locale.ROOT)
            + " format). Expected "
            + format.expected()
            + ". Rename the file, or set 'format' if the layout was detected wrongly.");
  }

  private static String display(Path dir, String file) {
    String d = dir.toString().replace('\\', '/');
    if (d.equals(".") || d.isEmpty()) {
      return file;
    }
    return (d.endsWith("/") ? d : d + "/") + file;
  }

  static String read(Path file) {
    try {
      return dev.bosun.actions.FileInputs.readText(
          "dir", file, dev.bosun.actions.FileInputs.SQL_LIMIT);
    } catch (IOException e) {
      throw new BadInputException(
          "dir", "Input 'dir': cannot read '" + file + "' as UTF-8 text: " + e);
    }
  }
}
