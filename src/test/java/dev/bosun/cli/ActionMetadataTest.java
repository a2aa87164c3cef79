package dev.bosun.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.Main;
import dev.bosun.actions.ActionEnv;
import dev.bosun.actions.ActionRuntime;
import dev.bosun.support.BuildInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Keeps every actions/<command>/action.yml equal to what the picocli model generates. */
class ActionMetadataTest {

  private static final Path ACTIONS = Path.of("actions");

  @Test
  void everyActionYmlMatchesItsCommand() throws IOException {
    boolean regenerate = "1".equals(System.getenv("BOSUN_REGENERATE"));
    CommandLine cli =
        Main.commandLine(
            new ActionRuntime(
                ActionEnv.of(Map.of()),
                new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter())));
    assertThat(cli.getSubcommands())
        .containsOnlyKeys(
            "build-tag-push", "deploy-env", "db-migrate", "smoke-check", "notify-slack");
    for (var entry : cli.getSubcommands().entrySet()) {
      Path file = ACTIONS.resolve(entry.getKey()).resolve("action.yml");
      String expected =
          ActionMetadata.actionYml(
              entry.getValue().getCommandSpec(),
              ActionImages.read(ActionImages.FILE, BuildInfo.image(), BuildInfo.version()));
      if (regenerate) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, expected);
      }
      assertThat(file)
          .as("%s is missing; run BOSUN_REGENERATE=1 ./mvnw test -Dtest=ActionMetadataTest", file)
          .exists();
      assertThat(Files.readString(file))
          .as(
              "%s differs from the command's options; run BOSUN_REGENERATE=1 ./mvnw test -Dtest=ActionMetadataTest",
              file)
          .isEqualTo(expected);
    }
  }

  @Test
  void actionsRunTheReleasedDigestOrThePomVersion() throws IOException {
    Matcher m =
        Pattern.compile("<artifactId>bosun</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(Files.readString(Path.of("pom.xml")));
    assertThat(m.find()).isTrue();
    String pomVersion = m.group(1);
    String image = BuildInfo.image();
    try (var dirs = Files.list(ACTIONS)) {
      for (Path dir : dirs.filter(Files::isDirectory).toList()) {
        String yml = Files.readString(dir.resolve("action.yml"));
        String repo = dir.endsWith("build-tag-push") ? image + "-build" : image;
        assertThat(yml)
            .as(dir.toString())
            .containsPattern(
                "image: 'docker://"
                    + Pattern.quote(repo)
                    + "(:"
                    + Pattern.quote(pomVersion)
                    + "|@sha256:[0-9a-f]{64})'");
      }
    }
  }

  @Test
  void aReleaseCommitRunsEachImageByItsDigest(@TempDir Path dir) throws IOException {
    String lean = "sha256:" + "a".repeat(64);
    String build = "sha256:" + "b".repeat(64);
    Path file = dir.resolve("images.properties");
    Files.writeString(file, "image=" + lean + "\nbuild-image=" + build + "\n");

    ActionImages images = ActionImages.read(file, "ghcr.io/bosun-dev/bosun", "1.2.3");

    assertThat(images.reference("smoke-check"))
        .isEqualTo("docker://ghcr.io/bosun-dev/bosun@" + lean);
    assertThat(images.reference("build-tag-push"))
        .isEqualTo("docker://ghcr.io/bosun-dev/bosun-build@" + build);
    assertThat(
            ActionImages.read(dir.resolve("absent"), "ghcr.io/bosun-dev/bosun", "1.2.3")
                .reference("db-migrate"))
        .isEqualTo("docker://ghcr.io/bosun-dev/bosun:1.2.3");
  }

  @Test
  void aMangledDigestIsRefused(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("images.properties");
    Files.writeString(file, "image=sha256:abc\nbuild-image=sha256:" + "b".repeat(64) + "\n");

    assertThatThrownBy(() -> ActionImages.read(file, "ghcr.io/bosun-dev/bosun", "1.2.3"))
        .hasMessageContaining("'sha256:abc'")
        .hasMessageContaining("is not a digest");
  }
}
