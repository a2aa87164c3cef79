package dev.bosun.deploy.compose;

import dev.bosun.deploy.config.EnvironmentSpec;
import dev.bosun.deploy.ssh.JschShell;
import dev.bosun.deploy.ssh.RemoteShell;
import dev.bosun.deploy.ssh.SshAddress;
import dev.bosun.deploy.ssh.SshTrust;
import dev.bosun.deploy.target.DeployTarget;
import dev.bosun.deploy.target.TargetContext;
import dev.bosun.deploy.target.TargetKind;
import java.util.List;
import java.util.Optional;

/** {@code target: compose}: its keys, their checks, and the SSH inputs it needs. */
public final class ComposeKind implements TargetKind<ComposeSettings> {

  public static final String NAME = "compose";
  private final RemoteShell.Connector connector;

  public ComposeKind() {
    this(JschShell.CONNECTOR);
  }

  ComposeKind(RemoteShell.Connector connector) {
    this.connector = connector;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<ComposeSettings> settings() {
    return ComposeSettings.class;
  }

  @Override
  public boolean supportsRelease() {
    return true;
  }

  @Override
  public void validate(String at, ComposeSettings s, EnvironmentSpec env, List<String> problems) {
    if (s.host() == null || s.host().isBlank()) {
      problems.add(
          "'"
              + at
              + ".host' is missing; give user@host or user@host:port, e.g. deploy@vm.example.com");
    } else if (SshAddress.parse(s.host()).isEmpty()) {
      problems.add(
          "'"
              + at
              + ".host' is '"
              + s.host()
              + "'; use user@host or user@host:port, e.g. "
              + "deploy@vm.example.com:22");
    }
    if (s.dir() == null || s.dir().isBlank()) {
      problems.add(
          "'"
              + at
              + ".dir' is missing; give the absolute folder on the host with the compose files");
    } else if (!s.dir().startsWith("/") || s.dir().contains("\n") || s.dir().contains("/../")) {
      problems.add(
          "'" + at + ".dir' is '" + s.dir() + "'; use an absolute path such as /home/deploy/shop");
    } else if (s.projectName().isEmpty() || !s.projectName().matches("[a-z0-9][a-z0-9_-]*")) {
      problems.add(
          "'"
              + at
              + ".project' is '"
              + s.projectName()
              + "'; Compose project names use lower-case "
              + "letters, digits, '-' and '_' and start with a letter or digit");
    }
    for (int i = 0; i < s.files().size(); i++) {
      String f = s.files().get(i);
      if (f == null
          || f.isBlank()
          || f.startsWith("/")
          || f.contains("..")
          || f.contains("\n")
          || f.startsWith(".bosun/")) {
        problems.add(
            "'"
                + at
                + ".files["
                + i
                + "]' is '"
                + f
                + "'; give a compose file relative to dir, such as "
                + "docker-compose.production.yml");
      }
    }
    if (s.checkout() != null && !"version".equals(s.checkout())) {
      problems.add(
          "'"
              + at
              + ".checkout' is '"
              + s.checkout()
              + "'; the only value is 'version' (check out the "
              + "deployed version's git tag in dir first); leave it out to use the files as they are");
    }
    if (!List.of("docker compose", "docker-compose").contains(s.compose())) {
      problems.add(
          "'"
              + at
              + ".compose-command' is '"
              + s.compose()
              + "'; use 'docker compose' (Compose v2, the "
              + "default) or 'docker-compose' (Compose v1)");
    }
    env.release()
        .flatMap(r -> r.job())
        .ifPresent(
            j ->
                problems.add(
                    "'"
                        + at
                        + ".release.job' is not a key of "
                        + "target compose: the release command runs as '"
                        + s.compose()
                        + " run' of the release app's service"));
  }

  @Override
  public DeployTarget open(EnvironmentSpec env, ComposeSettings s, TargetContext c) {
    SshTrust trust =
        SshTrust.parse(c.input(SshTrust.KEY_INPUT), c.input(SshTrust.KNOWN_HOSTS_INPUT));
    Optional<ComposeTarget.RegistryLogin> login =
        c.input("registry-username")
            .flatMap(
                u -> c.input("registry-password").map(p -> new ComposeTarget.RegistryLogin(u, p)));
    return new ComposeTarget(
        env,
        s,
        SshAddress.parse(s.host()).orElseThrow(),
        trust,
        connector,
        login,
        c.log(),
        c.clock(),
        c.sleeper(),
        c.polling());
  }
}
