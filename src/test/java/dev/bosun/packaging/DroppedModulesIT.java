package dev.bosun.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof behind {@code .ci/build-runtime}'s BOSUN_DROP_MODULES: jdeps sees java.desktop,
 * java.prefs and java.datatransfer referenced only from reviewed library classes, and a run of
 * every command (dev.bosun.AotTraining, the AOT training run) on the full JDK loads nothing from
 * those modules but the two annotations Jackson probes for, a probe that expects them to be absent.
 * When this fails after a dependency change, review the new class: add it here with the reason
 * bosun never runs it, or stop dropping the module.
 */
class DroppedModulesIT {

  static final Set<String> DROPPED = Set.of("java.desktop", "java.prefs", "java.datatransfer");

  /**
   * Library classes (or packages, ending in '.') that refer to a dropped module, and why bosun
   * never needs it.
   */
  static final Map<String, String> REVIEWED =
      Map.of(
          "com.sun.jna.",
              "JNA: AWT window handles (Native$AWT) and jna-platform's desktop bindings; azure-identity loads"
                  + " JNA for desktop token caches only",
          "com.fasterxml.jackson.databind.ext.Java7SupportImpl",
              "Jackson's @ConstructorProperties/@Transient support;"
                  + " Java7Support catches its failure and goes on without it, and no class in the jar uses those annotations",
          "com.microsoft.aad.msal4j.AcquireTokenByInteractiveFlowSupplier",
              "MSAL's interactive browser sign-in; bosun"
                  + " signs in with a client secret or OIDC federation",
          "org.apache.commons.compress.harmony.",
              "commons-compress's Pack200; bosun only reads tar.xz",
          "org.apache.commons.compress.java.util.jar.Pack200",
              "commons-compress's Pack200; bosun only reads tar.xz",
          "org.apache.commons.lang3.concurrent.AbstractCircuitBreaker",
              "commons-lang3's circuit breaker, unused",
          "org.postgresql.geometric.PGpoint",
              "PostgreSQL's point type; pgjdbc registers the class but only"
                  + " PGpoint.setLocation(java.awt.Point) needs AWT",
          "org.yaml.snakeyaml.introspector.MethodProperty",
              "SnakeYAML's JavaBean binding; Jackson's YAML reader uses" + " only its parser");

  /** Reviewed classes a run does load; the reasons above say why that reaches no dropped class. */
  static final Set<String> LOADED_AND_HARMLESS =
      Set.of(
          "com.fasterxml.jackson.databind.ext.Java7SupportImpl",
          "org.postgresql.geometric.PGpoint");

  private static final Path JAR = Shell.PROJECT.resolve("target/bosun.jar");

  @TempDir Path dir;

  @Test
  void onlyReviewedLibraryClassesReferToTheDroppedModules() {
    assumeTrue(Files.exists(JAR), "needs target/bosun.jar (runs in `verify`, after `package`)");
    ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElse(null);
    assumeTrue(jdeps != null, "needs a JDK with jdeps");
    StringWriter out = new StringWriter();
    int code =
        jdeps.run(
            new PrintWriter(out),
            new PrintWriter(new StringWriter()),
            "--multi-release",
            Integer.toString(Runtime.version().feature()),
            "--ignore-missing-deps",
            "-verbose:class",
            "-q",
            JAR.toString());
    assertThat(code).as(out.toString()).isZero();

    // lines such as "   com.sun.jna.Native   -> java.awt.Component   java.desktop"
    Pattern edge = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s+(\\S+)\\s*$", Pattern.MULTILINE);
    Set<String> referrers = new TreeSet<>();
    Matcher m = edge.matcher(out.toString());
    while (m.find()) {
      if (DROPPED.contains(m.group(3))) {
        referrers.add(m.group(1));
      }
    }

    assertThat(referrers)
        .as("jdeps found no references at all; has the output format changed?")
        .isNotEmpty();
    assertThat(referrers).noneMatch(c -> c.startsWith("dev.bosun."));
    assertThat(referrers)
        .allSatisfy(
            c ->
                assertThat(REVIEWED.keySet())
                    .as(
                        "%s refers to a module the image leaves out; review it (see this class's Javadoc)",
                        c)
                    .anyMatch(
                        r ->
                            r.endsWith(".")
                                ? c.startsWith(r)
                                : c.equals(r) || c.startsWith(r + "$")));
  }

  @Test
  void aRunOfEveryCommandLoadsNothingFromThem() throws Exception {
    assumeTrue(Files.exists(JAR), "needs target/bosun.jar (runs in `verify`, after `package`)");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path log = dir.resolve("class-load.log");

    Shell run =
        Shell.run(
            dir,
            Map.of(),
            600,
            java.toString(),
            "-Xlog:class+load=info:file=" + log,
            "-cp",
            JAR.toString(),
            "dev.bosun.AotTraining");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    String loaded = Files.readString(log);
    Set<String> fromDropped = new TreeSet<>();
    Set<String> reviewedLoaded = new TreeSet<>();
    Matcher m = Pattern.compile("\\] (\\S+) source: (\\S+)").matcher(loaded);
    while (m.find()) {
      String name = m.group(1);
      if (DROPPED.stream().anyMatch(d -> m.group(2).equals("jrt:/" + d))) {
        fromDropped.add(name);
      }
      if (REVIEWED.keySet().stream()
          .anyMatch(r -> r.endsWith(".") ? name.startsWith(r) : name.equals(r))) {
        reviewedLoaded.add(name);
      }
    }
    assertThat(run.stdout())
        .contains(
            "trained build-tag-push dry run",
            "trained db-migrate verify",
            "trained smoke-check ",
            "trained notify-slack webhook",
            "trained deploy-env unknown environment");
    assertThat(fromDropped)
        .as("classes loaded from the dropped modules")
        .isSubsetOf("java.beans.ConstructorProperties", "java.beans.Transient");
    assertThat(reviewedLoaded).isSubsetOf(LOADED_AND_HARMLESS);
  }
}
