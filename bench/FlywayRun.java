import org.flywaydb.core.Flyway;

/** Benchmark helper: one Flyway migrate of a directory, as its CLI would do it. */
public final class FlywayRun {
  public static void main(String[] args) {
    var result = Flyway.configure()
        .dataSource(args[0], args[1], "")
        .locations("filesystem:" + args[2])
        .load()
        .migrate();
    System.out.println("flyway applied " + result.migrationsExecuted);
  }
}
