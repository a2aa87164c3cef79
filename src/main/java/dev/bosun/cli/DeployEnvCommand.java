package dev.bosun.cli;

import dev.bosun.actions.ActionBoolean;
import dev.bosun.actions.ActionBranding;
import dev.bosun.actions.ActionEnv;
import dev.bosun.actions.ActionOutput;
import dev.bosun.actions.ActionRuntime;
import dev.bosun.actions.Multiline;
import dev.bosun.actions.Secret;
import dev.bosun.azure.AzureCloud;
import dev.bosun.deploy.DeployReport;
import dev.bosun.deploy.DeployRequest;
import dev.bosun.deploy.DeployRequest.Mode;
import dev.bosun.deploy.DeploySystems;
import dev.bosun.deploy.ImageRef;
import dev.bosun.deploy.StatusReport;
import dev.bosun.deploy.config.BosunConfig;
import dev.bosun.deploy.config.ConfigLoader;
import dev.bosun.deploy.config.EnvironmentSpec;
import dev.bosun.deploy.railway.RailwayTarget;
import dev.bosun.deploy.target.Targets;
import dev.bosun.deploy.vercel.VercelTarget;
import dev.bosun.image.Semver;
import dev.bosun.migrate.DatabaseTarget;
import dev.bosun.support.BadInputException;
import dev.bosun.support.BuildInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** deploy-env: deploys one artifact to a named environment on its target, gated and reversible. */
@Command(
    name = "deploy-env",
    mixinStandardHelpOptions = true,
    versionProvider = BuildInfo.class,
    description =
        "Deploys one image, by digest, to a named environment on its target (Azure Container Apps, "
            + "Docker Compose on a host over SSH, Railway; on Vercel the artifact is a deployment Vercel built, promoted "
            + "without a rebuild): checks the promotion gates, records a GitHub deployment, runs the release step, waits "
            + "until each app really runs the new version healthy, smoke-checks and rolls back on failure. Modes: "
            + "deploy, plan, rollback, status.")
@ActionBranding(icon = "upload-cloud", color = "blue")
@ActionOutput(
    name = "deployment-id",
    description = "The ID of the GitHub deployment recorded for this run.")
@ActionOutput(name = "digest", description = "The image digest deployed (sha256:…).")
@ActionOutput(
    name = "revisions",
    description = "JSON object: app name to the revision now serving it.")
@ActionOutput(
    name = "previous-revisions",
    description = "JSON object: app name to the revision that served it before.")
@ActionOutput(
    name = "environment-url",
    description = "The environment's URL (its 'url' in the environments file).")
@ActionOutput(
    name = "rolled-back",
    description = "'true' when the deploy failed and was rolled back, else 'false'.")
@ActionOutput(
    name = "rollback-from",
    description = "In rollback mode, and after an auto-rollback: the image that was live before.")
@ActionOutput(
    name = "rollback-to",
    description =
        "In rollback mode, and after an auto-rollback: the image rolled back to, which is live again.")
public final class DeployEnvCommand extends ActionCommand {

  @Option(
      names = "--mode",
      defaultValue = "deploy",
      description =
          "What to do: deploy (default), plan (show what deploy would do and change nothing), rollback "
              + "(redeploy the previous successful deployment, or the one named by 'to'), or status (what is "
              + "deployed where).")
  Mode mode;

  @Option(
      names = "--environment",
      description =
          "The environment to deploy to, as named in the environments file (e.g. prod). Required except "
              + "in status mode, where it limits the report to one environment.")
  String environment;

  @Option(
      names = "--image",
      description =
          "The image to deploy: registry/repository:tag (the full commit SHA or vX.Y.Z) or "
              + "registry/repository@sha256:…. A bare repository:tag uses the file's 'registry'. It is resolved to a "
              + "digest and deployed by digest. Required for deploy and plan.")
  String image;

  @Option(
      names = "--apps",
      split = Multiline.SPLIT,
      description =
          "Which apps of the environment get the image, one per line (the keys of 'apps' in the "
              + "environments file). Default: all of them.")
  List<String> apps;

  @Option(
      names = "--config",
      defaultValue = ".github/bosun.yml",
      description = "The environments file, relative to the workspace.")
  String config;

  @Option(
      names = "--ref",
      description =
          "The git ref being deployed, checked by the tags-only gate (e.g. refs/tags/v1.2.3). Default: "
              + "GITHUB_REF when the workflow runs on a tag, else the image's tag when it is a version (v1.2.3), "
              + "else GITHUB_REF.")
  String ref;

  @Option(
      names = "--sha",
      description =
          "The commit the GitHub deployment is recorded for. Default: the image's "
              + "org.opencontainers.image.revision label (the commit it was built from), else the workflow's "
              + "GITHUB_SHA; a rollback records the commit of the deployment it restores.")
  String sha;

  @Option(
      names = "--override-window",
      description =
          "Deploy outside the environment's deploy windows; the value is the reason, recorded in the "
              + "GitHub deployment (e.g. 'INC-123 hotfix').")
  String overrideWindow;

  @Option(
      names = "--wait-timeout",
      defaultValue = "10m",
      description =
          "How long to wait for each app's new revision to be provisioned, running and healthy "
              + "(e.g. 90s, 10m).")
  java.time.Duration waitTimeout;

  @Option(
      names = "--smoke-url",
      split = Multiline.SPLIT,
      description =
          "URLs to smoke-check right after the deploy, one per line (each must answer 200 within "
              + "smoke-timeout, e.g. https://api.example.com/health). Uses the smoke-check engine.")
  List<String> smokeUrls;

  @Option(
      names = "--smoke-checks-file",
      description =
          "A smoke-check checks file to run right after the deploy (the smoke-check action's format; "
              + "entries with expect-version: true must report the deployed SHA).")
  String smokeChecksFile;

  @Secret
  @Option(
      names = "--smoke-database-url",
      description =
          "Secret PostgreSQL URL (JDBC or postgres://) for the sql: entries of smoke-checks-file; "
              + "when empty, the PGHOST/PGDATABASE/PGUSER/PGPASSWORD variables. Queries run in a "
              + "read-only session.")
  String smokeDatabaseUrl;

  @Option(
      names = "--smoke-timeout",
      defaultValue = "2m",
      description =
          "How long the inline smoke checks may keep retrying before they count as failed.")
  java.time.Duration smokeTimeout;

  @Option(
      names = "--auto-rollback",
      arity = "0..1",
      fallbackValue = "true",
      defaultValue = "true",
      converter = ActionBoolean.class,
      description =
          "When a revision fails or the smoke checks fail, put every app back on its previous revision "
              + "(re-activate it and move traffic in multiple-revision mode, or set the previous image in single "
              + "mode), mark the deployment failed and exit 1.")
  boolean autoRollback;

  @Option(
      names = "--to",
      description =
          "In rollback mode: the version (v1.2.3) or digest (sha256:…) to roll back to. Default: the "
              + "previous successful deployment of the environment.")
  String to;

  /**
   * The runner fills in the job's token; on a laptop picocli hands back the expression itself,
   * meaning "not given".
   */
  static final String JOB_TOKEN = "${{ github.token }}";

  @Secret
  @Option(
      names = "--github-token",
      defaultValue = "$" + JOB_TOKEN,
      description =
          "Token to record GitHub deployments and read environments; the job's token needs "
              + "'permissions: deployments: write'. On a laptop: $GITHUB_TOKEN.")
  String githubToken;

  @Option(
      names = "--repository",
      description =
          "owner/name of the repository the deployments are recorded in. Default: GITHUB_REPOSITORY.")
  String repository;

  @Option(
      names = "--registry-username",
      description =
          "User name for the registry the image is read from (to resolve its digest and labels). "
              + "Anonymous when empty. Target compose: the host signs in with it too (password through stdin, into a "
              + "temporary docker config removed afterwards).")
  String registryUsername;

  @Secret
  @Option(names = "--registry-password", description = "Password or token for registry-username.")
  String registryPassword;

  @Option(
      names = "--azure-client-id",
      description =
          "Client ID of the Entra app registration (or managed identity) that deploys. In Actions, "
              + "without a secret, it signs in by OIDC federation (needs 'permissions: id-token: write').")
  String azureClientId;

  @Option(
      names = "--azure-tenant-id",
      description = "Tenant (directory) ID of the app registration.")
  String azureTenantId;

  @Option(
      names = "--azure-environment",
      defaultValue = "AzureCloud",
      description =
          "The Azure cloud to sign in to, as azure/login names it: AzureCloud, AzureUSGovernment or "
              + "AzureChinaCloud. It sets the ARM endpoint, the Entra authority and the ACR token scope.")
  String azureEnvironment;

  @Secret
  @Option(
      names = "--azure-client-secret",
      description =
          "Client secret of the app registration, when OIDC federation is not set up. Without client "
              + "ID and tenant, DefaultAzureCredential is used (az login locally).")
  String azureClientSecret;

  @Secret
  @Option(
      names = "--ssh-key",
      description =
          "Target compose: the deploy user's private SSH key (OpenSSH format, no passphrase), e.g. "
              + "secrets.DEPLOY_SSH_KEY. It never leaves bosun: no file, no command line.")
  String sshKey;

  @Option(
      names = "--ssh-known-hosts",
      description =
          "Target compose: the host's public key lines (as 'ssh-keyscan -p PORT HOST' prints them, "
              + "checked against the host). Required: an unknown or changed host key is refused.")
  String sshKnownHosts;

  @Secret
  @Option(
      names = "--railway-token",
      description =
          "For target railway: a Railway project token of the environment (project Settings > Tokens), "
              + "or an account/team token with railway-token-type: account. From a secret.")
  String railwayToken;

  @Option(
      names = "--railway-token-type",
      defaultValue = "project",
      description =
          "For target railway: project (sent as Project-Access-Token) or account (an account or team "
              + "token, sent as a Bearer token).")
  String railwayTokenType;

  @Option(
      names = "--railway-registry-username",
      description =
          "For target railway and a private image: the user Railway pulls the image with. Railway keeps "
              + "it for later restarts, so use a long-lived read-only token, not the job's GITHUB_TOKEN.")
  String railwayRegistryUsername;

  @Secret
  @Option(
      names = "--railway-registry-password",
      description = "The password or token of railway-registry-username.")
  String railwayRegistryPassword;

  @Secret
  @Option(
      names = "--vercel-token",
      description =
          "For target vercel: a Vercel access token (Account Settings > Tokens) scoped to the team that "
              + "owns the projects. From a secret.")
  String vercelToken;

  @Option(
      names = "--deployment",
      description =
          "For target vercel: the deployment to promote, by id (dpl_…) or URL. Default: the newest READY "
              + "deployment of 'sha' (a production build, else a preview build, with a warning).")
  String deployment;

  @Secret(document = true)
  @Option(
      names = "--kubeconfig",
      description =
          "Targets kubernetes and gitops with wait: flux: the content of a kubeconfig whose current "
              + "context reaches the cluster (token, client certificate or exec plugin; kubectl config view --minify "
              + "--flatten). Empty: the pod's service account, when running in a cluster.")
  String kubeconfig;

  @Secret
  @Option(
      names = "--gitops-token",
      description =
          "Target gitops over HTTPS: a token that may push to the GitOps repository (contents: write). "
              + "With via: pull-request (any URL) it also opens the pull request (pull-requests: write).")
  String gitopsToken;

  @Secret
  @Option(
      names = "--argocd-token",
      description =
          "Target gitops with wait: argocd: an Argo CD API token of an account that may get the "
              + "application.")
  String argocdToken;

  public DeployEnvCommand(ActionRuntime runtime, Composition systems) {
    super(runtime, systems);
  }

  @Override
  public Integer call() {
    DeployRequest request = request();
    DeploySystems.Access access = access(request);
    DeploySystems wiring = systems.deploy().apply(runtime);
    if (request.mode() == Mode.STATUS) {
      new StatusReport(runtime)
          .write(wiring.status(runtime, access).status(request.config(), request.environment()));
      return 0;
    }
    new DeployReport(runtime).write(wiring.service(runtime, access).run(request));
    return 0;
  }

  /** Every input parsed and checked before anything is called: bad input never half-applies. */
  DeployRequest request() {
    ActionEnv env = runtime.env();
    Mode m = mode;
    Path configFile = resolve("config", config);
    BosunConfig cfg = ConfigLoader.load(configFile);
    Optional<EnvironmentSpec> spec = text(environment).map(cfg::environment);
    if (spec.isEmpty() && m != Mode.STATUS) {
      throw new BadInputException(
          "environment",
          "Input required and not supplied: environment (one of "
              + String.join(", ", cfg.environments().keySet())
              + ")");
    }
    List<String> chosen = Multiline.lines(apps);
    if (spec.isPresent()) {
      EnvironmentSpec e = spec.get();
      for (String app : chosen) {
        if (!e.apps().containsKey(app)) {
          throw new BadInputException(
              "apps",
              "Input 'apps' names '"
                  + app
                  + "', which is not an app of environment "
                  + e.name()
                  + " ("
                  + String.join(", ", e.apps().keySet())
                  + ").");
        }
      }
      if (chosen.isEmpty()) {
        chosen = List.copyOf(e.apps().keySet());
      }
    }
    boolean usesImage =
        spec.flatMap(e -> Targets.STANDARD.kind(e.target())).map(k -> k.usesImage()).orElse(true);
    if (!usesImage && text(image).isPresent()) {
      throw new BadInputException(
          "image",
          "Input 'image' does not apply to environment "
              + spec.get().name()
              + " (target "
              + spec.get().target()
              + "): its artifact is a deployment the platform built; give 'sha' (the "
              + "commit it built) or 'deployment' instead.");
    }
    if (usesImage && text(deployment).isPresent() && spec.isPresent()) {
      throw new BadInputException(
          "deployment",
          "Input 'deployment' is for target vercel; environment "
              + spec.get().name()
              + " is target "
              + spec.get().target()
              + ", which deploys the 'image' input.");
    }
    Optional<ImageRef> img = text(image).map(t -> ImageRef.parse("image", t, cfg.registry()));
    if (usesImage && img.isEmpty() && (m == Mode.DEPLOY || m == Mode.PLAN)) {
      throw new BadInputException(
          "image",
          "Input required and not supplied: image (e.g. "
              + Optional.ofNullable(cfg.registry()).orElse("acr.azurecr.io")
              + "/app:v1.2.3)");
    }
    String commit = text(sha).or(env::sha).orElse("");
    if (!usesImage
        && commit.isEmpty()
        && text(deployment).isEmpty()
        && (m == Mode.DEPLOY || m == Mode.PLAN)) {
      throw new BadInputException(
          "sha",
          "Environment "
              + spec.get().name()
              + " is target "
              + spec.get().target()
              + ": give 'sha' (the commit the platform built) or 'deployment' to say what to promote.");
    }
    if (commit.isEmpty() && (m == Mode.DEPLOY || m == Mode.ROLLBACK)) {
      throw new BadInputException(
          "sha",
          "Input 'sha' is empty and GITHUB_SHA is not set; give the commit the "
              + "deployment is recorded for.");
    }
    String gitRef =
        text(ref)
            .or(() -> env.ref().filter(r -> r.startsWith("refs/tags/")))
            .or(() -> img.flatMap(ImageRef::tag).filter(t -> Semver.parse(t).isPresent()))
            .or(env::ref)
            .orElse(commit);
    Optional<Path> checks = text(smokeChecksFile).map(f -> resolve("smoke-checks-file", f));
    if (checks.isPresent() && !Files.isRegularFile(checks.get())) {
      throw new BadInputException(
          "smoke-checks-file",
          "Input 'smoke-checks-file' is '" + smokeChecksFile + "', and there is no such file.");
    }
    List<String> smoke = Multiline.lines(smokeUrls);
    for (String url : smoke) {
      if (!url.matches("https?://\\S+")) {
        throw new BadInputException(
            "smoke-url", "Input 'smoke-url' has '" + url + "'; use http(s) URLs, one per line.");
      }
    }
    return new DeployRequest(
        m,
        cfg,
        spec,
        chosen,
        img,
        gitRef,
        commit,
        text(sha).isPresent(),
        text(overrideWindow),
        env.runUrl(),
        env.actorOrUser(),
        waitTimeout,
        smoke,
        checks,
        smokeTimeout,
        smokeDatabase(),
        autoRollback,
        text(to));
  }

  /** The database for inline SQL smoke checks: the input, else the PG* variables. */
  private Optional<DatabaseTarget> smokeDatabase() {
    Optional<DatabaseTarget> db =
        text(smokeDatabaseUrl)
            .map(u -> DatabaseTarget.parse("smoke-database-url", u))
            .or(() -> DatabaseTarget.fromPgEnv(runtime.env().all()));
    db.map(DatabaseTarget::password).ifPresent(runtime.log()::addMask);
    return db;
  }

  private DeploySystems.Access access(DeployRequest request) {
    ActionEnv env = runtime.env();
    Optional<String> token =
        text(githubToken).filter(t -> !t.equals(JOB_TOKEN)).or(env::githubToken);
    token.ifPresent(runtime.log()::addMask);
    String repo = text(repository).or(env::repository).orElse("");
    // a repository given but malformed is bad input in every mode, even where it would not be used
    if (text(repository).isPresent() && !repo.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) {
      throw new BadInputException(
          "repository",
          "Input 'repository' is '"
              + repo
              + "'; give owner/name of the repository the deployments are recorded in (e.g. "
              + "acme/shop), or leave it empty for GITHUB_REPOSITORY.");
    }
    boolean needsGitHub =
        request.mode() != Mode.PLAN
            || request.env().requireReviewers()
            || !request.env().promoteFrom().isEmpty();
    // status reads the ledger too; plan only when a gate asks GitHub
    if (needsGitHub && !repo.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) {
      throw new BadInputException(
          "repository",
          "Input 'repository' is '"
              + repo
              + "' and GITHUB_REPOSITORY is not "
              + "set; give owner/name of the repository the deployments are recorded in.");
    }
    AzureCloud cloud = AzureCloud.parse(azureEnvironment);
    if (text(registryUsername).isEmpty()) {
      // an ACR of another cloud would be signed in to with this cloud's token, and refuse it
      request.image().ifPresent(i -> cloud.checkRegistry("image", i.registry()));
    }
    return new DeploySystems.Access(
        text(azureClientId),
        text(azureTenantId),
        text(azureClientSecret),
        token,
        repo,
        text(registryUsername),
        text(registryPassword),
        targetInputs(),
        cloud);
  }

  /**
   * The inputs only some targets read, by input name; the secrets among them are masked already.
   */
  private java.util.Map<String, String> targetInputs() {
    java.util.Map<String, String> in = new java.util.LinkedHashMap<>();
    text(railwayToken).ifPresent(v -> in.put(RailwayTarget.TOKEN_INPUT, v));
    text(railwayTokenType).ifPresent(v -> in.put(RailwayTarget.TOKEN_TYPE_INPUT, v));
    text(railwayRegistryUsername).ifPresent(v -> in.put(RailwayTarget.REGISTRY_USERNAME_INPUT, v));
    text(railwayRegistryPassword).ifPresent(v -> in.put(RailwayTarget.REGISTRY_PASSWORD_INPUT, v));
    text(vercelToken).ifPresent(v -> in.put(VercelTarget.TOKEN_INPUT, v));
    text(deployment).ifPresent(v -> in.put(VercelTarget.DEPLOYMENT_INPUT, v));
    text(sshKey).ifPresent(v -> in.put("ssh-key", sshKey));
    text(sshKnownHosts).ifPresent(v -> in.put("ssh-known-hosts", v));
    text(registryUsername).ifPresent(v -> in.put("registry-username", v));
    text(registryPassword).ifPresent(v -> in.put("registry-password", v));
    text(kubeconfig).ifPresent(v -> in.put("kubeconfig", v));
    text(gitopsToken).ifPresent(v -> in.put("gitops-token", v));
    text(argocdToken).ifPresent(v -> in.put("argocd-token", v));
    return in;
  }

  private Path resolve(String input, String file) {
    return runtime.files().resolve(input, file);
  }

  private static Optional<String> text(String s) {
    return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.trim());
  }
}
