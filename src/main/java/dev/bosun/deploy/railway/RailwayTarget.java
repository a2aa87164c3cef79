package dev.bosun.deploy.railway;

import dev.bosun.actions.Log;
import dev.bosun.deploy.config.EnvironmentSpec;
import dev.bosun.deploy.railway.Railway.Deployment;
import dev.bosun.deploy.railway.Railway.ServiceInstance;
import dev.bosun.deploy.target.DeployTarget;
import dev.bosun.deploy.target.TargetContext;
import dev.bosun.deploy.target.TargetKind;
import dev.bosun.image.registry.RegistryCredential;
import dev.bosun.support.BadInputException;
import dev.bosun.support.HttpRetry;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Railway as a deploy target: an app is a Railway service in one environment; a rollout points the
 * service at the pinned image and deploys it, then waits until that deployment succeeds running
 * that very image; a restore uses Railway's own rollback when a recent deployment ran the image,
 * else deploys it again.
 */
public final class RailwayTarget implements DeployTarget {

  public static final String TOKEN_INPUT = "railway-token";
  public static final String TOKEN_TYPE_INPUT = "railway-token-type";
  public static final String REGISTRY_USERNAME_INPUT = "railway-registry-username";
  public static final String REGISTRY_PASSWORD_INPUT = "railway-registry-password";

  private final EnvironmentSpec env;
  private final RailwaySettings settings;
  private final Supplier<RailwayRollout> rollout;
  private final Supplier<Railway> api;
  private final Optional<RegistryCredential> registry;
  private final Log log;

  RailwayTarget(
      EnvironmentSpec env,
      RailwaySettings settings,
      Supplier<Railway> api,
      Supplier<RailwayRollout> rollout,
      Optional<RegistryCredential> registry,
      Log log) {
    this.env = env;
    this.settings = settings;
    this.api = api;
    this.rollout = rollout;
    this.registry = registry;
    this.log = log;
  }

  /** {@code target: railway}: project and environment-id; apps map to service ids. */
  public static final class Kind implements TargetKind<RailwaySettings> {

    public static final String NAME = "railway";

    /** Railway's ids are UUIDs; a name in their place is the usual mistake. */
    static final Pattern ID = Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public Class<RailwaySettings> settings() {
      return RailwaySettings.class;
    }

    @Override
    public void validate(String at, RailwaySettings s, EnvironmentSpec env, List<String> problems) {
      id(
          problems,
          at + ".project",
          s.project(),
          "the project id (project Settings > General, or the dashboard URL " + "after /project/)");
      id(
          problems,
          at + ".environment-id",
          s.environmentId(),
          "the environment id (in the dashboard URL after " + "?environmentId=)");
      env.apps()
          .forEach(
              (app, service) ->
                  id(
                      problems,
                      at + ".apps." + app,
                      service,
                      "the service id (service "
                          + "Settings, or the dashboard URL after /service/)"));
    }

    private static void id(List<String> problems, String path, String value, String what) {
      if (value == null || value.isBlank()) {
        problems.add("'" + path + "' is missing; give " + what);
      } else if (!ID.matcher(value).matches()) {
        problems.add("'" + path + "' is '" + value + "'; give " + what + ", a UUID, not a name");
      }
    }

    @Override
    public DeployTarget open(EnvironmentSpec env, RailwaySettings s, TargetContext c) {
      // checked when the target opens, before the run calls anything
      String token =
          c.input(TOKEN_INPUT)
              .orElseThrow(
                  () ->
                      new BadInputException(
                          TOKEN_INPUT,
                          "Input '"
                              + TOKEN_INPUT
                              + "' is required for environment "
                              + env.name()
                              + " (target railway): pass a Railway "
                              + "project token of that environment from a secret, e.g. railway-token: ${{ secrets.RAILWAY_TOKEN }}."));
      RailwayToken.Kind kind =
          RailwayToken.Kind.parse(TOKEN_TYPE_INPUT, c.input(TOKEN_TYPE_INPUT).orElse(""));
      if (c.input(REGISTRY_USERNAME_INPUT).isPresent()
          != c.input(REGISTRY_PASSWORD_INPUT).isPresent()) {
        throw new BadInputException(
            REGISTRY_USERNAME_INPUT,
            "Inputs '"
                + REGISTRY_USERNAME_INPUT
                + "' and '"
                + REGISTRY_PASSWORD_INPUT
                + "' go together: give both (a long-lived registry token Railway can pull "
                + "with, not the job's GITHUB_TOKEN) or neither.");
      }
      Supplier<Railway> api =
          memo(
              () -> {
                URI endpoint = c.endpoint(NAME).map(URI::create).orElse(GraphQlRailway.PUBLIC_API);
                HttpRetry http =
                    new HttpRetry(
                        c.http(),
                        "railway",
                        dev.bosun.support.Backoff.standard(),
                        Duration.ofMinutes(5),
                        6,
                        c.sleeper(),
                        c.clock(),
                        c.log()::info);
                return new GraphQlRailway(endpoint, new RailwayToken(kind, token), http);
              });
      Optional<RegistryCredential> registry =
          c.input(REGISTRY_USERNAME_INPUT)
              .flatMap(
                  user ->
                      c.input(REGISTRY_PASSWORD_INPUT)
                          .map(password -> new RegistryCredential(user, password)));
      Supplier<RailwayRollout> rollout =
          memo(
              () ->
                  new RailwayRollout(
                      api.get(), c.clock(), c.sleeper(), c.log()::info, c.polling().max()));
      return new RailwayTarget(env, s, api, rollout, registry, c.log());
    }
  }

  @Override
  public String placeLabel() {
    return "service";
  }

  private String service(String key) {
    return env.apps().get(key);
  }

  @Override
  public Running running(String key) {
    ServiceInstance si = api.get().serviceInstance(settings.environmentId(), service(key));
    Optional<Deployment> latest = si.latest();
    // the image the service is set to run: what a restart pulls, and what a restore must put back
    String image =
        si.sourceImage()
            .or(() -> latest.flatMap(Deployment::image))
            .orElse("(built from a repository)");
    return new Running(
        key,
        si.serviceName(),
        "Railway project "
            + settings.project()
            + ", environment "
            + settings.environmentId()
            + ", service "
            + si.serviceName()
            + " ("
            + si.serviceId()
            + ")"
            + latest
                .map(d -> ", latest deployment " + d.id() + " " + d.status())
                .orElse(", never deployed"),
        image,
        latest.map(Deployment::id).orElse(""),
        latest.map(Deployment::createdAt),
        si);
  }

  @Override
  public String plan(Running now, String pinned) {
    return RailwayRollout.sameImage(now.image(), pinned)
        ? ""
        : "set the service's source image and deploy it (serviceInstanceUpdate, serviceInstanceDeployV2)";
  }

  @Override
  public Serving rollOut(Running before, String pinned, String digest, Duration timeout) {
    log.info(
        before.key()
            + ": Railway service "
            + before.place()
            + " "
            + before.image()
            + " -> "
            + pinned);
    Deployment d =
        rollout
            .get()
            .deploy(
                settings.environmentId(),
                service(before.key()),
                before.key(),
                pinned,
                registry,
                timeout);
    log.info(before.key() + ": deployment " + d.id() + " runs " + digest);
    return new Serving(before.key(), pinned, d.id(), Optional.of(d.id()), d.status().name());
  }

  /** A rollback to a recorded image: Railway's own rollback when a recent deployment ran it. */
  @Override
  public Serving rollBackTo(Running before, String pinned, String digest, Duration timeout) {
    Deployment d =
        rollout
            .get()
            .restore(
                settings.environmentId(),
                service(before.key()),
                before.key(),
                pinned,
                registry,
                timeout);
    return new Serving(before.key(), pinned, d.id(), Optional.of(d.id()), d.status().name());
  }

  @Override
  public Serving restore(
      Running before, Running now, Optional<Serving> attempted, Duration timeout) {
    if (before.digest().isEmpty()) {
      throw new dev.bosun.support.CheckFailedException(
          "rollback",
          before.key()
              + ": before this deploy Railway ran "
              + before.image()
              + ", which is not an image bosun can put back; roll back in the Railway dashboard "
              + "(service > Deployments > the previous one > Rollback).");
    }
    Deployment d =
        rollout
            .get()
            .restore(
                settings.environmentId(),
                service(before.key()),
                before.key(),
                before.image(),
                registry,
                timeout);
    log.info(before.key() + ": rolled back to " + before.image() + " (deployment " + d.id() + ")");
    return new Serving(
        before.key(), before.image(), d.id(), attempted.flatMap(Serving::created), "rolled back");
  }

  private static <T> Supplier<T> memo(Supplier<T> make) {
    return new Supplier<>() {
      private T made;

      @Override
      public synchronized T get() {
        if (made == null) {
          made = make.get();
        }
        return made;
      }
    };
  }
}
