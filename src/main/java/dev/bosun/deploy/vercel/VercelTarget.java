package dev.bosun.deploy.vercel;

import dev.bosun.actions.Log;
import dev.bosun.deploy.config.EnvironmentSpec;
import dev.bosun.deploy.target.DeployTarget;
import dev.bosun.deploy.target.TargetContext;
import dev.bosun.deploy.target.TargetKind;
import dev.bosun.deploy.vercel.Vercel.Deployment;
import dev.bosun.support.Backoff;
import dev.bosun.support.BadInputException;
import dev.bosun.support.CheckFailedException;
import dev.bosun.support.HttpRetry;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Vercel as a deploy target. The artifact is a deployment Vercel built once, not an image: a deploy
 * finds the commit's READY build (or takes the {@code deployment} input), promotes it to production
 * without a rebuild, and waits until production and its domain serve it; a restore is Vercel's
 * instant rollback. The ledger records the deployment id as the artifact, so promote-from, rollback
 * and status work as on every target.
 */
public final class VercelTarget implements DeployTarget {

  public static final String TOKEN_INPUT = "vercel-token";
  public static final String DEPLOYMENT_INPUT = "deployment";

  /**
   * Vercel polls quickly: its limits are per endpoint and generous, and a promotion takes seconds.
   */
  static final Duration POLL = Duration.ofSeconds(5);

  private final EnvironmentSpec env;
  private final Supplier<Vercel> api;
  private final Supplier<VercelPromotion> promotion;
  private final Optional<String> named;
  private final Log log;
  private final Map<String, VercelPromotion.Choice> chosen = new LinkedHashMap<>();
  private Optional<String> domain;

  VercelTarget(
      EnvironmentSpec env,
      Supplier<Vercel> api,
      Supplier<VercelPromotion> promotion,
      Optional<String> named,
      Log log) {
    this.env = env;
    this.api = api;
    this.promotion = promotion;
    this.named = named;
    this.log = log;
  }

  /** {@code target: vercel}: an optional team; apps map to project ids. */
  public static final class Kind implements TargetKind<VercelSettings> {

    public static final String NAME = "vercel";
    static final Pattern TEAM = Pattern.compile("team_[A-Za-z0-9]+|[a-z0-9][a-z0-9-]*");
    static final Pattern PROJECT = Pattern.compile("prj_[A-Za-z0-9]+");

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public Class<VercelSettings> settings() {
      return VercelSettings.class;
    }

    @Override
    public boolean usesImage() {
      return false;
    }

    @Override
    public void validate(String at, VercelSettings s, EnvironmentSpec env, List<String> problems) {
      if (s.team() != null && !TEAM.matcher(s.team()).matches()) {
        problems.add(
            "'"
                + at
                + ".team' is '"
                + s.team()
                + "'; give the team id (team_…, Team Settings > General) "
                + "or its slug, or leave it out for a personal account");
      }
      env.apps()
          .forEach(
              (app, project) -> {
                if (project == null || !PROJECT.matcher(project).matches()) {
                  problems.add(
                      "'"
                          + at
                          + ".apps."
                          + app
                          + "' is '"
                          + project
                          + "'; give the Vercel project id (prj_…, "
                          + "project Settings > General > Project ID)");
                }
              });
      if (!env.buildPerEnvironment().isEmpty()) {
        problems.add(
            "'"
                + at
                + ".build-per-environment' does not apply to target vercel: Vercel builds each "
                + "deployment itself; remove it");
      }
    }

    @Override
    public DeployTarget open(EnvironmentSpec env, VercelSettings s, TargetContext c) {
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
                              + " (target vercel): pass a Vercel access "
                              + "token from a secret, e.g. vercel-token: ${{ secrets.VERCEL_TOKEN }}."));
      Optional<String> named = c.input(DEPLOYMENT_INPUT);
      if (named.isPresent()
          && !named.get().matches("dpl_[A-Za-z0-9]+|(https?://)?[A-Za-z0-9.-]+\\.[A-Za-z]{2,}/?")) {
        throw new BadInputException(
            DEPLOYMENT_INPUT,
            "Input 'deployment' is '"
                + named.get()
                + "'; give a Vercel "
                + "deployment id (dpl_…) or its URL (https://web-abc123-acme.vercel.app).");
      }
      Supplier<Vercel> api =
          memo(
              () ->
                  new RestVercel(
                      c.endpoint(NAME).map(URI::create).orElse(RestVercel.PUBLIC_API),
                      token,
                      Optional.ofNullable(s.team()).filter(t -> !t.isBlank()),
                      new HttpRetry(
                          c.http(),
                          "vercel",
                          Backoff.standard(),
                          Duration.ofMinutes(5),
                          6,
                          c.sleeper(),
                          c.clock(),
                          c.log()::info)));
      Supplier<VercelPromotion> promotion =
          memo(() -> new VercelPromotion(api.get(), c.clock(), c.sleeper(), c.log()::info, POLL));
      return new VercelTarget(env, api, promotion, named, c.log());
    }
  }

  @Override
  public String placeLabel() {
    return "project";
  }

  private String project(String key) {
    return env.apps().get(key);
  }

  @Override
  public Optional<Artifact> ownArtifact(List<String> keys, String sha) {
    if (named.isPresent() && keys.size() > 1) {
      throw new BadInputException(
          DEPLOYMENT_INPUT,
          "Input 'deployment' names one deployment, but environment "
              + env.name()
              + " has "
              + keys.size()
              + " apps here ("
              + String.join(", ", keys)
              + "); choose one with "
              + "'apps', or leave 'deployment' out so each app's build of 'sha' is found.");
    }
    if (named.isEmpty() && sha.isBlank()) {
      throw new BadInputException(
          "sha",
          "Environment "
              + env.name()
              + " is target vercel: give 'sha' (the commit "
              + "Vercel built) or 'deployment' (a deployment id or URL) to say what to promote.");
    }
    Map<String, String> ids = new LinkedHashMap<>();
    for (String key : keys) {
      VercelPromotion.Choice c = promotion.get().choose(key, project(key), named, sha);
      chosen.put(key, c);
      ids.put(key, c.deployment().id());
      log.info(
          key
              + ": Vercel deployment "
              + c.deployment().id()
              + " ("
              + c.deployment().url()
              + ", commit "
              + c.deployment().sha().orElse("unknown")
              + ", "
              + (c.preview() ? "preview" : "production")
              + " build)");
      if (c.preview()) {
        log.warning(
            key
                + ": "
                + c.deployment().id()
                + " is a preview build. Promoting it makes Vercel build it "
                + "again for production, so production will not run the build that was tested, and build-time values "
                + "(NEXT_PUBLIC_*) change to production's. To promote without a rebuild, let Vercel build the commit "
                + "for production without assigning the domain (project Settings > Environments > Production: turn off "
                + "auto-assign of custom domains, or 'vercel deploy --prod --skip-domain') and promote that build.",
            dev.bosun.actions.Annotation.titled("Preview build: promoting rebuilds it"));
      }
    }
    String id =
        ids.size() == 1
            ? ids.values().iterator().next()
            : ids.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    String description =
        chosen.values().stream()
            .map(c -> c.deployment().id() + " (" + c.deployment().url() + ")")
            .collect(Collectors.joining(", "));
    return Optional.of(
        new Artifact(
            id,
            "Vercel deployment " + description,
            chosen.values().iterator().next().deployment().sha()));
  }

  /**
   * This app's deployment id in an artifact: the id itself, or its entry in {@code
   * web=dpl_1,admin=dpl_2}.
   */
  static String idFor(String key, String artifact) {
    if (!artifact.contains("=")) {
      return artifact;
    }
    for (String part : artifact.split(",")) {
      String[] kv = part.split("=", 2);
      if (kv[0].equals(key)) {
        return kv[1];
      }
    }
    throw new CheckFailedException(
        "rollback",
        "The recorded Vercel artifact '"
            + artifact
            + "' has no deployment "
            + "for app "
            + key
            + ".");
  }

  @Override
  public Optional<String> artifactOf(Running running) {
    return running.image().startsWith("dpl_") ? Optional.of(running.image()) : Optional.empty();
  }

  @Override
  public Running running(String key) {
    Vercel.Project p = api.get().project(project(key));
    Optional<Deployment> live = p.productionDeploymentId().map(id -> api.get().deployment(id));
    String where =
        "Vercel project "
            + p.name()
            + " ("
            + p.id()
            + ")"
            + live.map(
                    d ->
                        ", production: "
                            + d.id()
                            + " ("
                            + d.url()
                            + ", commit "
                            + d.sha()
                                .map(s -> s.substring(0, Math.min(12, s.length())))
                                .orElse("unknown")
                            + ")")
                .orElse(", nothing in production yet");
    return new Running(
        key,
        p.name(),
        where,
        live.map(Deployment::id).orElse("(nothing in production)"),
        live.map(Deployment::url).orElse(""),
        live.map(Deployment::created),
        live.orElse(null));
  }

  @Override
  public String plan(Running now, String pinned) {
    String id = idFor(now.key(), pinned);
    if (id.equals(now.image())) {
      return "";
    }
    VercelPromotion.Choice c = chosen.get(now.key());
    return c != null && c.preview()
        ? "promote preview build "
            + id
            + " to production (Vercel rebuilds it: not the tested artifact)"
        : "promote " + id + " to production (no rebuild)";
  }

  @Override
  public Serving rollOut(Running before, String pinned, String digest, Duration timeout) {
    String key = before.key();
    String id = idFor(key, pinned);
    VercelPromotion.Choice c =
        Optional.ofNullable(chosen.get(key))
            .filter(x -> x.deployment().id().equals(id))
            .orElseGet(() -> promotion.get().choose(key, project(key), Optional.of(id), ""));
    log.info(
        key + ": Vercel project " + before.place() + " production " + before.image() + " -> " + id);
    Deployment now = promotion.get().promote(key, project(key), c, domain(key), timeout);
    log.info(key + ": production serves " + now.id() + " (" + now.url() + ")");
    return new Serving(key, now.id(), now.url(), Optional.of(now.id()), "READY, production");
  }

  /** A rollback to a recorded deployment: Vercel's instant rollback, no rebuild. */
  @Override
  public Serving rollBackTo(Running before, String pinned, String digest, Duration timeout) {
    String key = before.key();
    Deployment now =
        promotion
            .get()
            .rollback(
                key,
                project(key),
                idFor(key, pinned),
                "bosun rollback of " + env.name(),
                domain(key),
                timeout);
    return new Serving(key, now.id(), now.url(), Optional.empty(), "READY, production");
  }

  @Override
  public Serving restore(
      Running before, Running now, Optional<Serving> attempted, Duration timeout) {
    String key = before.key();
    if (!before.image().startsWith("dpl_")) {
      throw new CheckFailedException(
          "rollback",
          key
              + ": production served nothing before this deploy, so there "
              + "is nothing to roll back to; fix the deployment and promote again.");
    }
    Deployment back =
        promotion
            .get()
            .rollback(
                key,
                project(key),
                before.image(),
                "bosun auto-rollback of " + env.name(),
                domain(key),
                timeout);
    log.info(key + ": rolled production back to " + back.id() + " (" + back.url() + ")");
    return new Serving(
        key, back.id(), back.url(), attempted.flatMap(Serving::created), "rolled back");
  }

  @Override
  public Optional<String> defaultUrl(java.util.Collection<Running> apps) {
    return Optional.empty();
  }

  /**
   * The environment's url host when it is one of the project's domains, so the wait also covers the
   * domain; a url elsewhere (a proxy in front) is not checked, and the log says so.
   */
  private Optional<String> domain(String key) {
    if (domain == null) {
      Optional<String> host = Optional.ofNullable(env.url()).map(u -> URI.create(u).getHost());
      domain =
          host.filter(
              h -> {
                boolean known = api.get().aliasTarget(project(key), h).isPresent();
                if (!known) {
                  log.info(
                      key
                          + ": "
                          + h
                          + " is not a domain of Vercel project "
                          + project(key)
                          + "; waiting for the "
                          + "promotion only, not for the domain");
                }
                return known;
              });
    }
    return domain;
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
