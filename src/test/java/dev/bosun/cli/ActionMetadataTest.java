package dev.bosun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.Main;
import dev.bosun.actions.ActionEnv;
import dev.bosun.actions.ActionRuntime;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Keeps every actions/<command>/action.yml equal to what the picocli model generates. */
class ActionMetadataTest {

  private static final Path ACTIONS = Path.of("actions");

  @Test
  void everyActionYmlMatchesItsCommand() throws IOException {
    boolean regenerate = "1".equals(System.getenv("BOSUN_REGENERATE"));
    CommandLine cli = Main.commandLine(new ActionRuntime(ActionEnv.of(Map.of()),
        new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())));
    assertThat(cli.getSubcommands()).containsOnlyKeys("build-tag-push", "deploy-env", "db-migrate", "smoke-check",
        "notify-slack");
    for (var entry : cli.getSubcommands().entrySet()) {
      Path file = ACTIONS.resolve(entry.getKey()).resolve("action.yml");
      String expected = ActionMetadata.actionYml(entry.getValue().getCommandSpec(), BuildInfo.image(), BuildInfo.version());
      if (regenerate) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, expected);
      }
      assertThat(file).as("%s is missing; run BOSUN_REGENERATE=1 ./mvnw test -Dtest=ActionMetadataTest", file).exists();
      assertThat(Files.readString(file))
          .as("%s differs from the command's options; run BOSUN_REGENERATE=1 ./mvnw test -Dtest=ActionMetadataTest", file)
          .isEqualTo(expected);
    }
  }

  @Test
  void actionImagesArePinnedToThePomVersion() throws IOException {
    Matcher m = Pattern.compile("<artifactId>bosun</artifactId>\\s*<version>([^<]+)</version>")
        .matcher(Files.readString(Path.of("pom.xml")));
    assertThat(m.find()).isTrue();
    String pomVersion = m.group(1);
    try (var dirs = Files.list(ACTIONS)) {
      for (Path dir : dirs.toList()) {
        String yml = Files.readString(dir.resolve("action.yml"));
        assertThat(yml).as(dir.toString()).contains("image: 'docker://" + BuildInfo.image() + ":" + pomVersion + "'");
      }
    }
  }
}
