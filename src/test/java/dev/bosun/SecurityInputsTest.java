package dev.bosun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.testing.ActionHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 19 items 2, 3, 4 and 6 on every action, run as the runner runs bosun: URL passwords masked,
 * mistyped flags never echo their values, file inputs confined to the workspace in Actions and read
 * with a size cap.
 */
class SecurityInputsTest {

  static final String PASSWORD = "pw-S3cret-9f2c";

  @TempDir Path dir;

  /**
   * Each action with the inputs that get it past parsing, and one URL input that carries a
   * password.
   */
  @ParameterizedTest
  @CsvSource({
    "smoke-check, url, http://ops:" + PASSWORD + "@127.0.0.1:9/health, timeout=1s",
    "notify-slack, environment-url, https://ops:"
        + PASSWORD
        + "@shop.example.com/, status=succeeded",
    "deploy-env, smoke-url, https://ops:" + PASSWORD + "@shop.example.com/health, environment=dev",
    "db-migrate, dir, https://ops:" + PASSWORD + "@example.com/x, mode=plan",
    "build-tag-push, image, https://ops:" + PASSWORD + "@example.com/acme/web, dry-run=true"
  })
  void aPasswordInAnyUrlInputIsMaskedFirstAndNeverShown(
      String action, String input, String url, String other) {
    ActionHarness.Result r =
        new ActionHarness(dir)
            .input(input, url)
            .input(other.split("=")[0], other.split("=")[1])
            .run(action);

    assertThat(r.stdout().lines().findFirst()).contains("::add-mask::ops:" + PASSWORD);
    assertThat(r.stdout()).contains("::add-mask::" + PASSWORD);
    assertThat(r.everything()).doesNotContain(PASSWORD);
  }

  @Test
  void aMistypedFlagNeverEchoesItsValueAndSuggestsTheNearestOption() {
    ActionHarness local = new ActionHarness(dir).local();

    ActionHarness.Result db =
        local.run("db-migrate", "--database_url", "postgres://u:" + PASSWORD + "@db:5432/app");
    ActionHarness.Result smoke =
        local.run("smoke-check", "--header", "Authorization: Bearer " + PASSWORD);
    ActionHarness.Result joined =
        local.run(
            "notify-slack",
            "--status",
            "started",
            "--webhook_url=https://hooks.slack.com/x/" + PASSWORD);

    assertThat(db.exitCode()).isEqualTo(2);
    assertThat(db.stdout() + db.stderr()).contains("did you mean --database-url?");
    assertThat(smoke.stdout() + smoke.stderr()).contains("did you mean --headers?");
    assertThat(joined.stdout() + joined.stderr()).contains("did you mean --webhook-url?");
    for (ActionHarness.Result r : new ActionHarness.Result[] {db, smoke, joined}) {
      assertThat(r.exitCode()).isEqualTo(2);
      assertThat(r.everything()).doesNotContain(PASSWORD).doesNotContain("Bearer");
    }
  }

  /** Each file input, pointed outside the workspace, is refused in Actions before anything runs. */
  @ParameterizedTest
  @CsvSource({
    "smoke-check, checks-file, /etc/hostname, url=http://127.0.0.1:9/",
    "smoke-check, report-file, ../outside-report.xml, url=http://127.0.0.1:9/",
    "notify-slack, payload-file, /etc/hostname, status=succeeded",
    "deploy-env, config, /etc/hostname, environment=dev",
    "deploy-env, smoke-checks-file, ../../x.yml, environment=dev;image=acrshop.azurecr.io/shop:v1.2.3",
    "db-migrate, dir, /etc, mode=plan",
    "db-migrate, seed, /etc/passwd, mode=plan",
    "build-tag-push, context, /etc, image=localhost:5999/acme/web",
    "build-tag-push, file, ../Dockerfile, image=localhost:5999/acme/web"
  })
  void inActionsAFileInputOutsideTheWorkspaceIsBadInput(
      String action, String input, String path, String other) throws Exception {
    Path workspace = Files.createDirectories(dir.resolve("ws"));
    Files.createDirectories(workspace.resolve(".github"));
    Files.writeString(
        workspace.resolve(".github/bosun.yml"),
        """
        environments:
          dev:
            target: azure-container-apps
            subscription: 00000000-0000-0000-0000-000000000001
            resource-group: rg-shop-dev
            apps: { api: aca-shop-api-dev }
        """);
    ActionHarness h =
        new ActionHarness(workspace)
            .env("RUNNER_TEMP", dir.resolve("tmp").toString())
            .input(input, path)
            .input("dry-run", "true");
    for (String kv : other.split(";")) {
      h.input(kv.split("=")[0], kv.split("=")[1]);
    }
    ActionHarness.Result r = h.run(action);

    assertThat(r.exitCode()).as(r.stdout()).isEqualTo(2);
    assertThat(r.stdout())
        .contains(
            "::error title="
                + input
                + "::Input '"
                + input
                + "' is '"
                + path
                + "', which leads outside the workspace");
    assertThat(dir.resolve("outside-report.xml")).doesNotExist();
  }

  @Test
  void aLinkInsideTheWorkspaceCannotLeadOutOfIt() throws Exception {
    Path workspace = Files.createDirectories(dir.resolve("ws"));
    Files.createSymbolicLink(workspace.resolve("checks.yml"), Path.of("/etc/hostname"));

    ActionHarness.Result r =
        new ActionHarness(workspace).input("checks-file", "checks.yml").run("smoke-check");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout())
        .contains("Input 'checks-file' is 'checks.yml', which leads outside the workspace");
  }

  @Test
  void onALaptopAnyPathIsAllowedAndRunnerTempIsFineInActions() throws Exception {
    Path outside =
        Files.writeString(dir.resolve("checks.yml"), "- name: x\n  url: http://127.0.0.1:9/\n");
    Path workspace = Files.createDirectories(dir.resolve("ws"));

    ActionHarness.Result laptop =
        new ActionHarness(workspace)
            .local()
            .input("checks-file", outside.toString())
            .input("timeout", "1s")
            .run("smoke-check");
    ActionHarness.Result temp =
        new ActionHarness(workspace)
            .env("RUNNER_TEMP", dir.toString())
            .input("checks-file", outside.toString())
            .input("timeout", "1s")
            .run("smoke-check");

    assertThat(laptop.exitCode()).as(laptop.stdout()).isEqualTo(1);
    assertThat(temp.exitCode()).as(temp.stdout()).isEqualTo(1);
  }

  /**
   * {@code /dev/zero} and an oversized file are refused with the limit, before YAML or SQL parsing
   * starts.
   */
  @ParameterizedTest
  @CsvSource({
    "smoke-check, checks-file, /dev/zero, url=",
    "notify-slack, payload-file, /dev/zero, status=succeeded",
    "deploy-env, config, /dev/zero, environment=dev",
    "smoke-check, checks-file, big.yml, url="
  })
  void anEndlessOrHugeFileInputIsBadInputThatStatesTheLimit(
      String action, String input, String path, String other) throws Exception {
    Files.writeString(
        dir.resolve("big.yml"), "- name: x\n  url: http://h/" + "a".repeat(2 * 1024 * 1024) + "\n");
    ActionHarness h = new ActionHarness(dir).local().input(input, path);
    if (other.endsWith("=")) {
      h.input("timeout", "1s");
    } else {
      h.input(other.split("=")[0], other.split("=")[1]);
    }

    ActionHarness.Result r = h.run(action);

    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(2);
    assertThat(r.stdout() + r.stderr()).contains("is larger than the limit of");
  }
}
