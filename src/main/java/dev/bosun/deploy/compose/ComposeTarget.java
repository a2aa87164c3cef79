package dev.bosun.deploy.compose;

import static dev.bosun.deploy.compose.Shell.quote;

import dev.bosun.actions.Log;
import dev.bosun.deploy.config.EnvironmentSpec;
import dev.bosun.deploy.ssh.RemoteShell;
import dev.bosun.deploy.ssh.RemoteShell.Result;
import dev.bosun.deploy.ssh.SshAddress;
import dev.bosun.deploy.ssh.SshTrust;
import dev.bosun.deploy.target.DeployTarget;
import dev.bosun.deploy.target.Polling;
import dev.bosun.deploy.target.Release;
import dev.bosun.support.CheckFailedException;
import dev.bosun.support.Durations;
import dev.bosun.support.OutsideSystemException;
import dev.bosun.support.Sleeper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Docker Compose on a host reached over SSH as a deploy target. An app is a Compose service. bosun
 * pins each app's service to its image digest in a file of its own, {@code .bosun/<project>.yml} in
 * {@code dir}, given after the team's files; a rollout pulls and checks every digest on the host
 * before anything restarts, then {@code up -d --no-deps} the service and waits until its container
 * runs that image (and is healthy when it has a healthcheck). A restore writes the previous digest
 * back and does the same.
 */
public final class ComposeTarget implements DeployTarget {

  static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);
  static final Duration PULL_TIMEOUT = Duration.ofMinutes(15);
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
  private static final String TAB = "\t";

  private final EnvironmentSpec env;
  private final ComposeSettings settings;
  private final SshAddress address;
  private final Supplier<RemoteShell> connect;
  private final Optional<RegistryLogin> login;
  private final Log log;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Polling polling;

  private RemoteShell shell;

  /** What ran per service when bosun first looked; the pins start from it. */
  private Map<String, Container> first;

  private final Map<String, String> pins = new LinkedHashMap<>();
  private final Map<String, String> imageIds = new LinkedHashMap<>();
  private Optional<String> dockerConfig = Optional.empty();
  private Optional<String> previousHead = Optional.empty();
  private boolean nextWritten;

  /**
   * Registry credentials for the host's {@code docker login}; the password only ever goes through
   * stdin.
   */
  public record RegistryLogin(String username, String password) {
    @Override
    public String toString() {
      return "RegistryLogin[" + username + ", ***]";
    }
  }

  ComposeTarget(
      EnvironmentSpec env,
      ComposeSettings settings,
      SshAddress address,
      SshTrust trust,
      RemoteShell.Connector connector,
      Optional<RegistryLogin> login,
      Log log,
      Clock clock,
      Sleeper sleeper,
      Polling polling) {
    this.env = env;
    this.settings = settings;
    this.address = address;
    this.connect = () -> connector.connect(address, trust, CONNECT_TIMEOUT);
    this.login = login;
    this.log = log;
    this.clock = clock;
    this.sleeper = sleeper;
    this.polling = polling;
  }

  /**
   * One service's container as {@code docker inspect} shows it; {@code id} empty when none exists.
   */
  record Container(
      String service,
      String id,
      String configImage,
      String imageId,
      String status,
      String startedAt,
      String health,
      List<String> repoDigests) {

    boolean exists() {
      return !id.isEmpty();
    }

    String shortId() {
      return id.length() > 12 ? id.substring(0, 12) : id;
    }

    /**
     * The image pinned by digest when the host knows one, else what the container was created from.
     */
    String image() {
      if (!exists()) {
        return "";
      }
      if (configImage.contains("@sha256:")) {
        return configImage;
      }
      String repo = repository(configImage);
      return repoDigests.stream()
          .filter(d -> repository(d).equals(repo))
          .findFirst()
          .or(() -> repoDigests.stream().findFirst())
          .orElse(configImage);
    }

    String describe() {
      return exists() ? status + (health.isEmpty() ? "" : ", " + health) : "no container";
    }

    private static String repository(String image) {
      int at = image.indexOf('@');
      String r = at < 0 ? image : image.substring(0, at);
      int colon = r.lastIndexOf(':');
      return colon > r.lastIndexOf('/') ? r.substring(0, colon) : r;
    }
  }

  @Override
  public String placeLabel() {
    return "service";
  }

  private String service(String key) {
    return env.apps().get(key);
  }

  private String project() {
    return settings.projectName();
  }

  private String pinFile() {
    return ".bosun/" + project() + ".yml";
  }

  private String nextFile() {
    return ".bosun/" + project() + ".next.yml";
  }

  // ---- reading
  // ---------------------------------------------------------------------------------------------------

  @Override
  public Running running(String key) {
    if (first == null) {
      first = inspect(env.apps().values());
      first
          .values()
          .forEach(
              c -> {
                if (c.exists() && c.image().contains("@sha256:")) {
                  pins.put(c.service(), c.image());
                }
              });
    }
    Container c = first.get(service(key));
    return running(key, c);
  }

  private Running running(String key, Container c) {
    Optional<Instant> since = Optional.empty();
    try {
      since =
          c.startedAt().isEmpty()
              ? Optional.empty()
              : Optional.of(OffsetDateTime.parse(c.startedAt()).toInstant());
    } catch (RuntimeException ignored) {
      // an engine's odd time format only loses the "since"
    }
    return new Running(
        key,
        c.service(),
        "service "
            + c.service()
            + " of Compose project "
            + project()
            + " in "
            + settings.dir()
            + " on "
            + address
            + " ("
            + c.describe()
            + ")",
        c.image(),
        c.shortId(),
        since,
        c);
  }

  /** Every service's container in one SSH command. */
  private Map<String, Container> inspect(Collection<String> services) {
    StringBuilder script = new StringBuilder(cd());
    script
        .append("for s in ")
        .append(Shell.quoteAll(List.copyOf(services)))
        .append("; do ")
        .append("ids=$(")
        .append(compose(false))
        .append(" ps -q \"$s\") || exit 71; ")
        .append("id=$(printf '%s\\n' \"$ids\" | head -n 1); ")
        .append("if [ -z \"$id\" ]; then printf '%s\\t\\n' \"$s\"; continue; fi; ")
        .append("printf '%s\\t' \"$s\"; ")
        .append("docker inspect --format ")
        .append(
            quote(
                String.join(
                    TAB,
                    "{{.Id}}",
                    "{{.Config.Image}}",
                    "{{.Image}}",
                    "{{.State.Status}}",
                    "{{.State.StartedAt}}",
                    "{{if .State.Health}}{{.State.Health.Status}}{{end}}")))
        .append(" \"$id\" | tr -d '\\n' || exit 72; ")
        .append("printf '\\t'; img=$(docker inspect --format '{{.Image}}' \"$id\") || exit 72; ")
        .append(
            "docker image inspect --format '{{range .RepoDigests}}{{.}} {{end}}' \"$img\" 2>/dev/null | tr -d '\\n'; ")
        .append("echo; done");
    Result r = run(script.toString(), COMMAND_TIMEOUT);
    if (!r.ok()) {
      throw failed(
          r.status() == 71
              ? "'" + settings.compose() + " ps'"
              : r.status() == 72 ? "'docker inspect'" : "Reading the services",
          r);
    }
    Map<String, Container> out = new LinkedHashMap<>();
    for (String line : r.stdout().split("\n")) {
      String[] f = line.split(TAB, -1);
      if (f.length < 2 || !services.contains(f[0])) {
        continue;
      }
      if (f.length < 8 || f[1].isBlank()) {
        out.put(f[0], new Container(f[0], "", "", "", "", "", "", List.of()));
        continue;
      }
      List<String> digests = f[7].isBlank() ? List.of() : List.of(f[7].trim().split(" +"));
      out.put(
          f[0],
          new Container(
              f[0],
              f[1].trim(),
              f[2].trim(),
              f[3].trim(),
              f[4].trim(),
              f[5].trim(),
              f[6].trim(),
              digests));
    }
    for (String s : services) {
      out.putIfAbsent(s, new Container(s, "", "", "", "", "", "", List.of()));
    }
    return out;
  }

  @Override
  public String plan(Running now, String pinned) {
    return (settings.checkout() != null ? "check out the version in " + settings.dir() + ", " : "")
        + "pin "
        + now.place()
        + " to "
        + digestOf(pinned)
        + " in "
        + pinFile()
        + ", pull and verify it on the host, then "
        + settings.compose()
        + " up -d --no-deps "
        + now.place();
  }

  // ---- changing
  // ----------------------------------------------------------------------------------------------------

  @Override
  public void prepare(Collection<Running> before, String pinned, Optional<String> version) {
    if ("version".equals(settings.checkout())) {
      String tag =
          version.orElseThrow(
              () ->
                  new CheckFailedException(
                      "checkout",
                      "Environment "
                          + env.name()
                          + " has 'checkout: version', but the image has no version tag or label to check out. Deploy a version "
                          + "tag (v1.2.3) or remove 'checkout'."));
      Result r =
          run(
              cd()
                  + "git rev-parse HEAD && git fetch --tags --quiet && git -c advice.detachedHead=false "
                  + "checkout --quiet "
                  + quote(tag),
              COMMAND_TIMEOUT);
      if (!r.ok()) {
        throw failed("'git checkout " + tag + "' in " + settings.dir(), r);
      }
      previousHead = r.stdout().lines().findFirst().map(String::trim);
      log.info(
          "Checked out "
              + tag
              + " in "
              + settings.dir()
              + " (was "
              + previousHead.orElse("?")
              + ")");
    }
    login.ifPresent(l -> login(l, pinned));
    List<String> services = before.stream().map(Running::place).toList();
    Map<String, String> next = new LinkedHashMap<>();
    services.forEach(s -> next.put(s, pinned));
    log.info("Pulling " + pinned + " for " + String.join(", ", services) + " on " + address);
    Result r =
        run(
            cd()
                + "mkdir -p .bosun && cat > "
                + quote(nextFile())
                + " && { "
                + compose(false)
                + " -f "
                + quote(nextFile())
                + " pull "
                + Shell.quoteAll(services)
                + " || exit 73; } && docker image inspect "
                + "--format '{{.Id}}' "
                + quote(pinned)
                + " || exit 74",
            override(next).getBytes(StandardCharsets.UTF_8),
            PULL_TIMEOUT);
    nextWritten = true;
    if (r.status() == 74) {
      throw new CheckFailedException(
          "image",
          "After '"
              + settings.compose()
              + " pull', "
              + pinned
              + " is not on "
              + address.host()
              + " ("
              + JschTail.of(r)
              + "). Nothing was restarted. Check that the digest exists in the "
              + "registry and that the host can pull from it (registry-username/registry-password).");
    }
    if (!r.ok()) {
      throw failed("'" + settings.compose() + " pull'", r);
    }
    String id = r.stdout().strip().lines().reduce((a, b) -> b).orElse("").trim();
    if (!id.startsWith("sha256:")) {
      throw new CheckFailedException(
          "image",
          pinned
              + " is not on "
              + address.host()
              + " after the pull ('docker "
              + "image inspect' said '"
              + id
              + "'). Nothing was restarted.");
    }
    imageIds.put(pinned, id);
    log.info(pinned + " is on the host as " + id.substring(0, Math.min(19, id.length())));
  }

  /**
   * {@code docker login} into a temporary config that only this run uses and {@link #close}
   * removes.
   */
  private void login(RegistryLogin l, String pinned) {
    String registry = pinned.substring(0, pinned.indexOf('/'));
    Result r =
        run(
            "t=$(mktemp -d) || exit 75; p=\"${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins\"; "
                + "if [ -d \"$p\" ]; then ln -s \"$p\" \"$t/cli-plugins\"; fi; "
                + "if DOCKER_CONFIG=\"$t\" docker login --username "
                + quote(l.username())
                + " --password-stdin "
                + quote(registry)
                + " >/dev/null; then echo \"$t\"; else rm -rf \"$t\"; exit 76; fi",
            l.password().getBytes(StandardCharsets.UTF_8),
            COMMAND_TIMEOUT);
    if (!r.ok()) {
      throw failed("'docker login " + registry + "'", r);
    }
    dockerConfig = Optional.of(r.stdout().strip());
    log.info("Signed in to " + registry + " on the host (temporary docker config)");
  }

  @Override
  public void release(Release release, String pinned, String digest) {
    String service = service(release.app());
    log.group(
        "Release: "
            + String.join(" ", release.command())
            + " in a new "
            + service
            + " container of "
            + pinned);
    Instant start = clock.instant();
    Result r;
    try {
      r =
          run(
              cd()
                  + compose(false)
                  + " -f "
                  + quote(nextFile())
                  + " run --rm --no-deps -T "
                  + quote(service)
                  + " "
                  + Shell.quoteAll(release.command()),
              new byte[0],
              release.timeout(),
              line -> log.info("  " + line));
    } finally {
      log.endGroup();
    }
    if (!r.ok()) {
      throw new CheckFailedException(
          "release",
          "The release command ("
              + String.join(" ", release.command())
              + ") exited "
              + r.status()
              + " on "
              + address.host()
              + "; nothing was rolled out. Its last output: "
              + JschTail.of(r));
    }
    log.info(
        "Release command succeeded ("
            + Durations.format(Duration.between(start, clock.instant()))
            + ")");
  }

  @Override
  public Serving rollOut(Running before, String pinned, String digest, Duration timeout) {
    String service = before.place();
    log.info(
        before.key()
            + ": service "
            + service
            + " on "
            + address.host()
            + " "
            + (before.image().isEmpty() ? "(none)" : before.image())
            + " -> "
            + pinned);
    pins.put(service, pinned);
    Container c = up(service, imageId(pinned), timeout);
    log.info(
        before.key()
            + ": container "
            + c.shortId()
            + " runs "
            + digest
            + " ("
            + c.describe()
            + ")");
    return new Serving(before.key(), pinned, c.shortId(), Optional.of(c.shortId()), c.describe());
  }

  @Override
  public Serving restore(
      Running before, Running now, Optional<Serving> attempted, Duration timeout) {
    String service = before.place();
    Container was = (Container) before.state();
    previousHead.ifPresent(
        head -> {
          Result r =
              run(
                  cd() + "git -c advice.detachedHead=false checkout --quiet " + quote(head),
                  COMMAND_TIMEOUT);
          if (!r.ok()) {
            throw failed("'git checkout " + head + "' (back)", r);
          }
          previousHead = Optional.empty();
        });
    Optional<String> created =
        attempted
            .flatMap(Serving::created)
            .or(() -> Optional.of(now.revision()))
            .filter(s -> !s.isEmpty());
    if (!was.exists()) {
      pins.remove(service);
      writePins();
      Result r = run(cd() + compose(true) + " rm -s -f " + quote(service), COMMAND_TIMEOUT);
      if (!r.ok()) {
        throw failed("'" + settings.compose() + " rm'", r);
      }
      log.info(
          before.key() + ": removed service " + service + ", which did not run before this deploy");
      return new Serving(before.key(), "", "", created, "removed");
    }
    pins.put(service, before.image());
    Container c = up(service, was.imageId(), timeout);
    log.info(
        before.key() + ": rolled back to " + before.image() + " (container " + c.shortId() + ")");
    return new Serving(before.key(), before.image(), c.shortId(), created, "rolled back");
  }

  /**
   * Writes the pins, {@code up -d --no-deps} the one service, and waits for its container to run
   * {@code imageId}.
   */
  private Container up(String service, String imageId, Duration timeout) {
    writePins();
    Instant start = clock.instant();
    Result r =
        run(
            cd() + compose(true) + " up -d --no-deps " + quote(service),
            new byte[0],
            timeout,
            line -> log.debug(line));
    if (!r.ok()) {
      throw failed("'" + settings.compose() + " up -d " + service + "'", r);
    }
    Duration left = timeout.minus(Duration.between(start, clock.instant()));
    Container c =
        polling.until(
            () -> inspect(List.of(service)).get(service),
            x ->
                x.exists()
                    && x.imageId().equals(imageId)
                    && "running".equals(x.status())
                    && (x.health().isEmpty() || "healthy".equals(x.health())),
            x ->
                x.exists()
                        && x.imageId().equals(imageId)
                        && (List.of("exited", "dead").contains(x.status())
                            || "unhealthy".equals(x.health()))
                    ? Optional.of(
                        "Service "
                            + service
                            + " on "
                            + address.host()
                            + " is "
                            + x.describe()
                            + " after "
                            + "'up -d'. Its last log lines: "
                            + logs(x.id()))
                    : Optional.empty(),
            x -> service + ": " + x.describe(),
            x ->
                "Service "
                    + service
                    + " on "
                    + address.host()
                    + " was not running "
                    + imageId
                    + " healthy within "
                    + Durations.format(timeout)
                    + " (last: "
                    + x.describe()
                    + (x.exists() && !x.imageId().equals(imageId)
                        ? ", running image " + x.imageId()
                        : "")
                    + "). Raise 'wait-timeout' if it starts slowly, or look at "
                    + "'"
                    + settings.compose()
                    + " logs "
                    + service
                    + "' on the host.",
            left.isNegative() ? Duration.ZERO : left,
            clock,
            sleeper,
            log);
    return c;
  }

  private String logs(String id) {
    Result r = run("docker logs --tail 20 " + quote(id) + " 2>&1", COMMAND_TIMEOUT);
    String out = r.stdout().strip();
    return out.isEmpty()
        ? "(none)"
        : out.length() > 1500 ? "..." + out.substring(out.length() - 1500) : out;
  }

  private void writePins() {
    Result r =
        run(
            cd()
                + "mkdir -p .bosun && cat > "
                + quote(pinFile() + ".tmp")
                + " && mv "
                + quote(pinFile() + ".tmp")
                + " "
                + quote(pinFile()),
            override(pins).getBytes(StandardCharsets.UTF_8),
            COMMAND_TIMEOUT);
    if (!r.ok()) {
      throw failed("Writing " + pinFile(), r);
    }
  }

  private String imageId(String pinned) {
    String id = imageIds.get(pinned);
    if (id == null) {
      throw new IllegalStateException("prepare() did not verify " + pinned);
    }
    return id;
  }

  // ---- helpers
  // -----------------------------------------------------------------------------------------------------

  static String override(Map<String, String> pins) {
    StringBuilder y =
        new StringBuilder(
            "# Written by bosun deploy-env: each app's service pinned to the image digest "
                + "it deployed.\n# Give it after your own files: docker compose -f <yours> -f this-file up -d\n");
    if (pins.isEmpty()) {
      return y.append("services: {}\n").toString();
    }
    y.append("services:\n");
    pins.forEach(
        (service, image) ->
            y.append("  ").append(service).append(":\n    image: \"").append(image).append("\"\n"));
    return y.toString();
  }

  private String cd() {
    return "cd " + quote(settings.dir()) + " || exit 70; ";
  }

  /**
   * The Compose command with the project, the team's files and, when {@code pinned}, bosun's pin
   * file.
   */
  private String compose(boolean pinned) {
    List<String> words = new ArrayList<>();
    words.add(
        dockerConfig.map(c -> "DOCKER_CONFIG=" + quote(c) + " ").orElse("") + settings.compose());
    words.add("-p " + quote(project()));
    settings.files().forEach(f -> words.add("-f " + quote(f)));
    if (pinned) {
      words.add("-f " + quote(pinFile()));
    }
    return String.join(" ", words);
  }

  private Result run(String command, Duration timeout) {
    return run(command, new byte[0], timeout, line -> {});
  }

  private Result run(String command, byte[] stdin, Duration timeout) {
    return run(command, stdin, timeout, line -> {});
  }

  private Result run(
      String command, byte[] stdin, Duration timeout, java.util.function.Consumer<String> lines) {
    if (shell == null) {
      shell = connect.get();
    }
    log.debug("ssh " + address + ": " + command);
    return shell.run(command, stdin, timeout, lines);
  }

  private OutsideSystemException failed(String what, Result r) {
    return new OutsideSystemException(
        "compose",
        what
            + " failed on "
            + address.host()
            + " (exit "
            + r.status()
            + (r.status() == 70 ? ": no folder " + settings.dir() : "")
            + "): "
            + JschTail.of(r));
  }

  private static String digestOf(String pinned) {
    int at = pinned.indexOf('@');
    return at < 0 ? pinned : pinned.substring(at + 1);
  }

  @Override
  public void close() {
    if (shell == null) {
      return;
    }
    try {
      List<String> cleanup = new ArrayList<>();
      if (nextWritten) {
        cleanup.add("rm -f " + quote(settings.dir() + "/" + nextFile()));
      }
      dockerConfig.ifPresent(c -> cleanup.add("rm -rf " + quote(c)));
      if (!cleanup.isEmpty()) {
        Result r = shell.run(String.join("; ", cleanup), new byte[0], COMMAND_TIMEOUT, line -> {});
        if (!r.ok()) {
          log.warning("Could not clean up on " + address.host() + ": " + JschTail.of(r), null);
        }
      }
    } catch (RuntimeException e) {
      log.warning("Could not clean up on " + address.host() + ": " + e.getMessage(), null);
    } finally {
      shell.close();
      shell = null;
    }
  }

  /** The error tail of a result, or its output when it wrote nothing to stderr. */
  static final class JschTail {
    private JschTail() {}

    static String of(Result r) {
      String t = r.stderrTail().isBlank() ? r.stdout().strip() : r.stderrTail();
      t = t.length() > 2000 ? "..." + t.substring(t.length() - 2000) : t;
      return t.isEmpty() ? "(no output)" : t;
    }
  }
}
