package dev.bosun.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.testing.ActionHarness;
import dev.bosun.testing.HostileInput;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Values that try to inject workflow commands through build-tag-push's dry-run plan and errors
 * (issue 19, item 1).
 */
class BuildTagPushHostileInputTest {

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(
      strings = {"file", "build-args", "labels", "extra-tags", "target", "platforms", "image"})
  void thePlanNeverCarriesAnInjectedCommand(String input) throws Exception {
    Path context = Files.createDirectories(dir.resolve("ctx"));
    Files.writeString(context.resolve("Dockerfile"), "FROM scratch\n");
    // a Dockerfile whose name is the hostile value (Linux allows line breaks in names), so the plan
    // shows it
    String value =
        input.equals("file")
            ? Files.writeString(context.resolve(HostileInput.VALUE), "FROM scratch\n").toString()
            : HostileInput.VALUE;
    ActionHarness.Result r =
        new ActionHarness(dir)
            .env("GITHUB_EVENT_NAME", "push")
            .env("GITHUB_REF", "refs/heads/main")
            .env("PATH", Files.createDirectories(dir.resolve("empty-bin")).toString())
            .input("context", context.toString())
            .input("image", "localhost:5999/acme/web")
            .input("dry-run", "true")
            .input(input, value)
            .run("build-tag-push");

    if (input.equals("file") || input.equals("target")) {
      assertThat(r.exitCode()).as(r.stdout()).isZero();
      assertThat(r.stdout()).contains("\\n::error::PWNED\\n::set-output name=pwned::1");
    }
    HostileInput.assertNoInjectedCommands(r);
  }
}
