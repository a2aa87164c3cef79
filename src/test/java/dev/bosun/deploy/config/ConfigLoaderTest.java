package dev.bosun.deploy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.deploy.azure.ContainerAppsTarget;
import dev.bosun.deploy.target.DeployTarget;
import dev.bosun.deploy.target.TargetContext;
import dev.bosun.deploy.target.TargetKind;
import dev.bosun.deploy.target.Targets;
import dev.bosun.support.BadInputException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The environments file: the issue's example reads, and every mistake is named by its key path. */
class ConfigLoaderTest {

  static final String MOTIUM =
      """
      registry: acrmotiumprod.azurecr.io
      environments:
        dev:
          target: azure-container-apps
          subscription: 250423f6-1a79-4c0b-bddb-885fbfa85b53
          resource-group: rg-motium-dev
          apps: { cortex-api: aca-motium-cortex-api-dev, cortex-web: aca-motium-cortex-web-dev }
          url: https://api.dev.cortex.motium.ai
        test:
          target: azure-container-apps
          subscription: 250423f6-1a79-4c0b-bddb-885fbfa85b53
          resource-group: rg-motium-dev
          apps: { cortex-api: aca-motium-cortex-api-test, cortex-web: aca-motium-cortex-web-test }
        prod:
          target: azure-container-apps
          subscription: 00000000-0000-0000-0000-000000000000
          resource-group: rg-motium-prod
          apps: { cortex-api: aca-motium-cortex-api-prod, cortex-web: aca-motium-cortex-web-prod }
          protected: true
          require-reviewers: true
          promote-from: [test]
          tags-only: true
          build-per-environment: [cortex-web]
          windows: ["Mon-Thu 09:00-16:00 Europe/Amsterdam"]
      """;

  @Test
  void readsTheIssueExample() {
    BosunConfig config = ConfigLoader.parse("bosun.yml", MOTIUM);

    assertThat(config.registry()).isEqualTo("acrmotiumprod.azurecr.io");
    assertThat(config.environments()).containsOnlyKeys("dev", "test", "prod");
    EnvironmentSpec prod = config.environment("prod");
    assertThat(prod.name()).isEqualTo("prod");
    assertThat(prod.settings(dev.bosun.deploy.azure.ContainerAppsSettings.class).resourceGroup())
        .isEqualTo("rg-motium-prod");
    assertThat(prod.apps()).containsEntry("cortex-web", "aca-motium-cortex-web-prod");
    assertThat(prod.isProtected()).isTrue();
    assertThat(prod.requireReviewers()).isTrue();
    assertThat(prod.promoteFrom()).containsExactly("test");
    assertThat(prod.tagsOnly()).isTrue();
    assertThat(prod.buildPerEnvironment()).containsExactly("cortex-web");
    assertThat(prod.deployWindows())
        .singleElement()
        .satisfies(
            w ->
                assertThat(w.days())
                    .containsExactlyInAnyOrder(
                        DayOfWeek.MONDAY,
                        DayOfWeek.TUESDAY,
                        DayOfWeek.WEDNESDAY,
                        DayOfWeek.THURSDAY));
    assertThat(config.environment("dev").isProtected()).isFalse();
  }

  @Test
  void aTypoedKeyIsBadInputNamingItsPath() {
    String typo = MOTIUM.replace("resource-group: rg-motium-prod", "resource-grup: rg-motium-prod");

    assertThatThrownBy(() -> ConfigLoader.parse("bosun.yml", typo))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("unknown key 'environments.prod.resource-grup'")
        .hasMessageContaining("resource-group")
        .satisfies(e -> assertThat(((BadInputException) e).exitCode()).isEqualTo(2));
  }

  @Test
  void aTopLevelTypoIsNamedToo() {
    assertThatThrownBy(
            () -> ConfigLoader.parse("bosun.yml", MOTIUM.replace("environments:", "enviroments:")))
        .hasMessageContaining("unknown key 'enviroments'");
  }

  @Test
  void aMissingFieldIsNamedWithItsPath() {
    String missing = MOTIUM.replace("    subscription: 00000000-0000-0000-0000-000000000000\n", "");

    assertThatThrownBy(() -> ConfigLoader.parse("bosun.yml", missing))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("'environments.prod.subscription' is missing");
  }

  @Test
  void wrongValuesSayWhatIsExpected() {
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    "f", MOTIUM.replace("promote-from: [test]", "promote-from: [stage]")))
        .hasMessageContaining("'environments.prod.promote-from' names 'stage'");
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    "f",
                    MOTIUM.replace(
                        "00000000-0000-0000-0000-000000000000", "sub-motium-applications-prod")))
        .hasMessageContaining("'environments.prod.subscription' is 'sub-motium-applications-prod'")
        .hasMessageContaining("GUID");
    assertThatThrownBy(
            () -> ConfigLoader.parse("f", MOTIUM.replace("Mon-Thu 09:00", "Mon-Thx 09:00")))
        .hasMessageContaining("environments.prod.windows[0]")
        .hasMessageContaining("unknown day 'Thx'");
    assertThatThrownBy(
            () ->
                ConfigLoader.parse("f", MOTIUM.replace("tags-only: true", "tags-only: yes please")))
        .hasMessageContaining("'environments.prod.tags-only' has the wrong type");
    assertThatThrownBy(
            () -> ConfigLoader.parse("f", MOTIUM.replace("[cortex-web]", "[cortex-wbe]")))
        .hasMessageContaining("'environments.prod.build-per-environment' names 'cortex-wbe'");
    assertThatThrownBy(
            () ->
                new BosunConfig(null, ConfigLoader.parse("f", MOTIUM).environments())
                    .environment("qa"))
        .hasMessageContaining(
            "Environment 'qa' is not in the environments file; it has dev, test, prod");
  }

  @Test
  void windowsAreReadOnTheirOwnWallClock() {
    DeployWindow w = DeployWindow.parse("w", "Mon-Thu 09:00-16:00 Europe/Amsterdam");

    // Thursday 2026-11-19 15:59 in Amsterdam (CET, UTC+1) is 14:59 UTC
    assertThat(w.contains(Instant.parse("2026-11-19T14:59:00Z"))).isTrue();
    assertThat(w.contains(Instant.parse("2026-11-19T15:00:00Z"))).isFalse();
    assertThat(w.contains(Instant.parse("2026-11-20T10:00:00Z"))).isFalse(); // Friday
    // summer time: 09:00 CEST is 07:00 UTC
    assertThat(w.contains(Instant.parse("2026-07-06T07:00:00Z"))).isTrue();
    assertThat(DeployWindow.parse("w", "Fri-Mon 22:00-23:00 UTC").days())
        .containsExactlyInAnyOrder(
            DayOfWeek.FRIDAY, DayOfWeek.SATURDAY, DayOfWeek.SUNDAY, DayOfWeek.MONDAY);
  }

  /** A second target, as a new target's package would register it, with keys of its own. */
  record HostSettings(String host, String dir) {}

  static final TargetKind<HostSettings> HOST =
      new TargetKind<>() {
        @Override
        public String name() {
          return "host";
        }

        @Override
        public Class<HostSettings> settings() {
          return HostSettings.class;
        }

        @Override
        public void validate(
            String at, HostSettings s, EnvironmentSpec env, List<String> problems) {
          if (s.host() == null) {
            problems.add("'" + at + ".host' is missing");
          }
        }

        @Override
        public boolean supportsRelease() {
          return true;
        }

        @Override
        public DeployTarget open(EnvironmentSpec env, HostSettings s, TargetContext context) {
          throw new UnsupportedOperationException();
        }
      };

  static final Targets TWO = new Targets(List.of(new ContainerAppsTarget.Kind(), HOST));

  /** A target without a release step, as most are at first. */
  static final TargetKind<HostSettings> PLAIN =
      new TargetKind<>() {
        @Override
        public String name() {
          return "host";
        }

        @Override
        public Class<HostSettings> settings() {
          return HostSettings.class;
        }

        @Override
        public void validate(
            String at, HostSettings s, EnvironmentSpec env, List<String> problems) {}

        @Override
        public DeployTarget open(EnvironmentSpec env, HostSettings s, TargetContext context) {
          throw new UnsupportedOperationException();
        }
      };

  static final String HOSTED =
      """
      environments:
        stage:
          target: host
          host: deploy@stage.example.com
          dir: /srv/shop
          apps: { api: api }
          release: { app: api, command: [alembic, upgrade, head], timeout: 5m }
        prod:
          target: azure-container-apps
          subscription: 00000000-0000-0000-0000-000000000000
          resource-group: rg-prod
          apps: { api: aca-api }
          promote-from: [stage]
      """;

  @Test
  void eachEnvironmentReadsTheKeysOfItsOwnTarget() {
    BosunConfig config = ConfigLoader.parse("bosun.yml", HOSTED, TWO);

    EnvironmentSpec stage = config.environment("stage");
    assertThat(stage.target()).isEqualTo("host");
    assertThat(stage.settings(HostSettings.class))
        .isEqualTo(new HostSettings("deploy@stage.example.com", "/srv/shop"));
    assertThat(stage.release())
        .hasValueSatisfying(
            r -> {
              assertThat(r.app()).isEqualTo("api");
              assertThat(r.command()).containsExactly("alembic", "upgrade", "head");
              assertThat(r.timeout()).hasMinutes(5);
            });
    assertThat(
            config
                .environment("prod")
                .settings(dev.bosun.deploy.azure.ContainerAppsSettings.class)
                .subscription())
        .isEqualTo("00000000-0000-0000-0000-000000000000");
  }

  @Test
  void aKeyOfAnotherTargetIsBadInputNamingIt() {
    String mixed =
        HOSTED.replace("    dir: /srv/shop\n", "    dir: /srv/shop\n    subscription: x\n");

    assertThatThrownBy(() -> ConfigLoader.parse("bosun.yml", mixed, TWO))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("environments.stage.subscription is not a key of target host")
        .satisfies(e -> assertThat(((BadInputException) e).exitCode()).isEqualTo(2));
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    "bosun.yml",
                    HOSTED.replace(
                        "resource-group: rg-prod", "resource-group: rg-prod\n    dir: /srv"),
                    TWO))
        .hasMessageContaining("environments.prod.dir is not a key of target azure-container-apps");
  }

  @Test
  void theTargetMustBeKnownAndItsOwnRulesApply() {
    assertThatThrownBy(
            () -> ConfigLoader.parse("f", HOSTED.replace("target: host", "target: nomad"), TWO))
        .hasMessageContaining(
            "'environments.stage.target' is 'nomad'; the supported targets are "
                + "azure-container-apps, host");
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    "f", HOSTED.replace("    host: deploy@stage.example.com\n", ""), TWO))
        .hasMessageContaining("'environments.stage.host' is missing");
  }

  @Test
  void theReleaseStepIsCheckedWithTheKeysItsTargetNeeds() {
    assertThatThrownBy(
            () -> ConfigLoader.parse("f", HOSTED.replace("{ app: api,", "{ app: web,"), TWO))
        .hasMessageContaining(
            "'environments.stage.release.app' is 'web', which is not one of its apps (api)");
    assertThatThrownBy(
            () -> ConfigLoader.parse("f", HOSTED.replace("timeout: 5m", "timeout: soon"), TWO))
        .hasMessageContaining("'environments.stage.release.timeout' is 'soon'");
    assertThatThrownBy(
            () -> ConfigLoader.parse("f", HOSTED.replace("timeout: 5m", "timeout: 0s"), TWO))
        .hasMessageContaining(
            "'environments.stage.release.timeout' is '0s'; use a duration longer than zero");
    assertThatThrownBy(
            () -> ConfigLoader.parse("f", HOSTED.replace("timeout: 5m", "timout: 5m"), TWO))
        .hasMessageContaining("unknown key 'environments.stage.release.timout'");
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    "f",
                    HOSTED
                        .replace("target: host", "target: azure-container-apps")
                        .replace(
                            "    host: deploy@stage.example.com\n    dir: /srv/shop\n",
                            "    subscription: 00000000-0000-0000-0000-000000000000\n    resource-group: rg\n"),
                    Targets.STANDARD))
        .hasMessageContaining(
            "'environments.stage.release.job' is missing; name the Container Apps job");
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    "f", HOSTED, new Targets(List.of(new ContainerAppsTarget.Kind(), PLAIN))))
        .hasMessageContaining(
            "'environments.stage.release': target host does not support a release step yet");
  }
}
