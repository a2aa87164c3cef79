package dev.bosun.cli;

import dev.bosun.actions.ActionBoolean;
import dev.bosun.actions.ActionBranding;
import dev.bosun.actions.ActionEnv;
import dev.bosun.actions.ActionOutput;
import dev.bosun.actions.ActionRuntime;
import dev.bosun.actions.Multiline;
import dev.bosun.actions.Secret;
import dev.bosun.azure.AzureCloud;
import dev.bosun.image.BuildTagPushReport;
import dev.bosun.image.BuildTagPushRequest;
import dev.bosun.image.BuildTagPushService;
import dev.bosun.image.ImageLabels;
import dev.bosun.image.ImageSystems;
import dev.bosun.image.Mode;
import dev.bosun.image.build.BuildFeatures;
import dev.bosun.image.build.BuildOptions;
import dev.bosun.image.build.BuildSpec;
import dev.bosun.image.build.BuilderKind;
import dev.bosun.image.login.CloudLogins;
import dev.bosun.image.login.LoginMode;
import dev.bosun.image.login.LoginRequest;
import dev.bosun.image.login.RegistryAuth;
import dev.bosun.image.plan.GitContext;
import dev.bosun.image.plan.Latest;
import dev.bosun.image.plan.LocalGit;
import dev.bosun.image.plan.TagPlan;
import dev.bosun.image.plan.TagPlanner;
import dev.bosun.image.registry.ImageReference;
import dev.bosun.image.registry.RegistryCredential;
import dev.bosun.support.BadInputException;
import dev.bosun.support.BuildInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The build-tag-push action: options become a request, the service runs it, the report writes the
 * outcome.
 */
@Command(
    name = "build-tag-push",
    mixinStandardHelpOptions = true,
    versionProvider = BuildInfo.class,
    description =
        "Builds the image once, tags it with the full commit SHA and semver, labels its provenance and "
            + "pushes it; or promotes an existing image by digest to new tags without rebuilding.")
@ActionBranding(icon = "box", color = "blue")
@ActionOutput(
    name = "image",
    description = "The image pinned by digest (name@sha256:...), for deploy-env.")
@ActionOutput(
    name = "digest",
    description = "The digest of the pushed or promoted image (for a promotion, the source's).")
@ActionOutput(name = "tags", description = "Every image:tag written, one per line.")
@ActionOutput(name = "labels", description = "The image labels, key=value, one per line.")
@ActionOutput(name = "metadata", description = "All of the above as one JSON object.")
public final class BuildTagPushCommand extends ActionCommand {

  private static final Pattern SECRET_ID = Pattern.compile("[A-Za-z0-9_.-]+");
  private static final Pattern ARG_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern PLATFORM = Pattern.compile("[a-z0-9]+/[a-z0-9_]+(/[a-z0-9]+)?");

  @Option(
      names = "--mode",
      defaultValue = "build",
      description =
          "build: build, tag, label and push. promote: put the image given in source under new tags, "
              + "by digest, without pulling or rebuilding it. merge: make one multi-platform index from the images in "
              + "sources (each pushed by digest on its own runner) and tag it, through the registry API only.")
  Mode mode;

  @Option(
      names = "--sources",
      split = Multiline.SPLIT,
      description =
          "merge mode: the per-platform images to join into one index, one per line (spaces or commas also "
              + "separate): digests of image (sha256:...), tags of image, or full references.")
  List<String> sources;

  @Option(
      names = "--push-by-digest",
      arity = "0..1",
      fallbackValue = "true",
      defaultValue = "false",
      converter = ActionBoolean.class,
      description =
          "Push the image by its digest only, with no tag: one platform of a matrix build, which a later "
              + "mode: merge step joins and tags. The digest output is what merge takes.")
  boolean pushByDigest;

  @Option(
      names = "--buildx-builder",
      defaultValue = "auto",
      description =
          "docker builder only. auto: when the build needs more than the daemon's default builder can do "
              + "(cache export other than inline, several platforms, attestations, annotations, push-by-digest), create "
              + "a docker-container buildx builder for this run and remove it afterwards. default: always the daemon's "
              + "own builder. Any other value: the name of an existing buildx builder (a builder made by "
              + "docker/setup-buildx-action in an earlier step is not visible inside this container action).")
  String buildxBuilder;

  @Option(
      names = "--no-cache",
      arity = "0..1",
      fallbackValue = "true",
      defaultValue = "false",
      converter = ActionBoolean.class,
      description = "Build without the builder's cache.")
  boolean noCache;

  @Option(
      names = "--pull",
      arity = "0..1",
      fallbackValue = "true",
      defaultValue = "false",
      converter = ActionBoolean.class,
      description = "Always pull the base images, even when the builder has them.")
  boolean pull;

  @Option(
      names = "--sbom",
      description =
          "docker builder: an SBOM attestation (buildx --attest type=sbom). true, false, or attest options "
              + "such as generator=docker/buildkit-syft-scanner.")
  String sbom;

  @Option(
      names = "--provenance",
      description =
          "docker builder: the SLSA provenance attestation (buildx --attest type=provenance). Empty: "
              + "buildx's default (mode=min). true, false, or options such as mode=max.")
  String provenance;

  @Option(
      names = "--annotations",
      split = Multiline.SPLIT,
      description =
          "OCI annotations, one per line, key=value, optionally with buildx's level prefix (manifest:, "
              + "index:, manifest-descriptor:, index-descriptor:, also with a platform such as "
              + "manifest[linux/arm64]:). They sit beside the labels, on the manifest instead of the image config.")
  List<String> annotations;

  @Option(
      names = "--build-contexts",
      split = Multiline.SPLIT,
      description =
          "Extra named build contexts, name=path-or-reference, one per line (buildx --build-context), for "
              + "example alpine=docker-image://alpine:3.20 or shared=../shared.")
  List<String> buildContexts;

  @Option(
      names = "--build-secret-files",
      split = Multiline.SPLIT,
      description =
          "Build secrets from files, id=path, one per line, for RUN --mount=type=secret,id=... Only the path "
              + "reaches the builder; in Actions the file must be inside the workspace.")
  List<String> buildSecretFiles;

  @Option(
      names = "--image",
      required = true,
      description =
          "The image name without tag, for example ghcr.io/acme/shop or acrmotiumprod.azurecr.io/cortex-api. "
              + "Upper case is lowered. In promote mode, the repository the new tags go to (any registry).")
  String image;

  @Option(
      names = "--tags",
      split = Multiline.SPLIT,
      description =
          "Tag rules, one per line, with placeholders {{sha}}, {{sha7}}, {{version}}, {{major}}, {{minor}}, "
              + "{{patch}}, {{branch}}, {{tag}}, {{pr}}; a rule whose placeholder does not apply to the event is skipped. "
              + "Empty in build mode: {{sha}}, sha-{{sha7}}, {{tag}} (the git tag's own name, v1.2.3), {{version}}, "
              + "{{major}}.{{minor}}, {{major}} (not for pre-releases), {{branch}}, pr-{{pr}}. On a laptop a tag on the "
              + "commit counts as on a tag push. Empty in promote mode: only extra-tags (and latest with latest: true).")
  List<String> tags;

  @Option(
      names = "--extra-tags",
      split = Multiline.SPLIT,
      description = "Literal tags to add, one per line (for example prod, or staging).")
  List<String> extraTags;

  @Option(
      names = "--latest",
      defaultValue = "auto",
      description =
          "auto: tag latest on pushes to the default branch (never in promote mode). true or false: always "
              + "or never.")
  Latest latest;

  @Option(
      names = "--sha",
      description =
          "The commit to tag and label. Default: the pull request head on pull_request events (not the merge "
              + "commit), else GITHUB_SHA.")
  String sha;

  @Option(
      names = "--source",
      description =
          "promote mode: the image to promote, as a tag of image (sha-0123456), a digest (sha256:...), or a "
              + "full reference in any repository or registry.")
  String source;

  @Option(names = "--context", defaultValue = ".", description = "The build context directory.")
  Path context;

  @Option(names = "--file", description = "The Dockerfile (default: Dockerfile in the context).")
  Path file;

  @Option(
      names = "--build-args",
      split = Multiline.SPLIT,
      description =
          "Build arguments, NAME=value, one per line. They end up in the image history: never put secrets "
              + "here, use build-secrets.")
  List<String> buildArgs;

  @Secret
  @Option(
      names = "--build-secrets",
      split = Multiline.SPLIT,
      description =
          "Build secrets, id=value, one per line, for RUN --mount=type=secret,id=... They reach the builder "
              + "through its environment, never its arguments, and are masked everywhere.")
  List<String> buildSecrets;

  @Option(names = "--target", description = "The Dockerfile stage to build.")
  String target;

  @Option(
      names = "--platforms",
      split = Multiline.SPLIT,
      description =
          "Target platforms, one per line or comma-separated, for example linux/amd64,linux/arm64.")
  List<String> platforms;

  @Option(
      names = "--cache-from",
      split = Multiline.SPLIT,
      description = "Build cache sources, one per line (for example type=gha).")
  List<String> cacheFrom;

  @Option(
      names = "--cache-to",
      split = Multiline.SPLIT,
      description = "Build cache destinations, one per line (for example type=gha,mode=max).")
  List<String> cacheTo;

  @Option(
      names = "--push",
      arity = "0..1",
      fallbackValue = "true",
      defaultValue = "true",
      converter = ActionBoolean.class,
      description = "Push the image. false builds only.")
  boolean push;

  @Option(
      names = "--builder",
      defaultValue = "docker",
      description =
          "docker (docker buildx through the runner's Docker socket) or buildah (daemonless, for "
              + "self-hosted runners without Docker).")
  BuilderKind builder;

  @Option(
      names = "--storage-driver",
      description =
          "buildah only: its storage driver, for example vfs where overlay is not available.")
  String storageDriver;

  @Option(
      names = "--labels",
      split = Multiline.SPLIT,
      description = "Extra image labels, key=value, one per line.")
  List<String> labels;

  @Option(
      names = "--build-environment",
      description =
          "For images built per environment (build-time NEXT_PUBLIC_* values): the environment this build is "
              + "for. It becomes the label dev.bosun.build-environment, which deploy-env checks, so a dev build cannot "
              + "reach prod; the default tags end in -<environment> so builds for two environments never share a tag.")
  String buildEnvironment;

  @Option(
      names = "--login",
      defaultValue = "auto",
      description =
          "auto, password, ghcr, acr or none. auto: registry-username/password when given; ghcr.io with "
              + "github-token; *.azurecr.io through OIDC when azure-client-id is given; else a docker config.json in this "
              + "step's DOCKER_CONFIG or HOME. Inside the container action that is not the config docker/login-action "
              + "wrote on the runner host (see docs/build-tag-push.md).")
  LoginMode login;

  @Option(names = "--registry-username", description = "User name for the image's registry.")
  String registryUsername;

  @Secret
  @Option(
      names = "--registry-password",
      description = "Password or token for the image's registry.")
  String registryPassword;

  @Secret
  @Option(
      names = "--github-token",
      description =
          "Token for ghcr.io, usually the workflow's GITHUB_TOKEN secret with 'permissions: packages: write'. "
              + "Default: the GITHUB_TOKEN environment variable.")
  String githubToken;

  @Option(
      names = "--azure-client-id",
      description =
          "ACR login through OIDC: the client id of the Entra app or managed identity with a federated "
              + "credential for this repository and the AcrPush role. Needs 'permissions: id-token: write'.")
  String azureClientId;

  @Option(names = "--azure-tenant-id", description = "ACR login through OIDC: the Entra tenant id.")
  String azureTenantId;

  @Option(
      names = "--azure-environment",
      defaultValue = "AzureCloud",
      description =
          "ACR login through OIDC: the Azure cloud, as azure/login names it: AzureCloud, AzureUSGovernment "
              + "or AzureChinaCloud. It sets the Entra authority and the token scope ACR exchanges.")
  String azureEnvironment;

  @Secret(document = true)
  @Option(
      names = "--registry-auth",
      description =
          "Logins for several registries at once, as docker/login-action's registry-auth: a YAML list of "
              + "registry, username and password. They serve pushes, promotions and private base images (the build's "
              + "temporary docker config gets them all); login inputs for the image's own registry still win.")
  String registryAuth;

  @Option(
      names = "--aws-role-arn",
      description =
          "ECR login through OIDC: the IAM role whose trust policy allows this repository's GitHub OIDC "
              + "tokens (audience sts.amazonaws.com) and that may push to ECR. Needs 'permissions: id-token: write'.")
  String awsRoleArn;

  @Option(
      names = "--aws-region",
      description = "ECR login: the region for STS and ECR (default: the registry's).")
  String awsRegion;

  @Option(
      names = "--gcp-workload-identity-provider",
      description =
          "Artifact Registry login through OIDC: the workload identity provider, "
              + "projects/NUMBER/locations/global/workloadIdentityPools/POOL/providers/PROVIDER. Needs "
              + "'permissions: id-token: write'.")
  String gcpWorkloadIdentityProvider;

  @Option(
      names = "--gcp-service-account",
      description =
          "Artifact Registry login: the service account to act as (its email). Empty: the federated token "
              + "itself, for a principal granted Artifact Registry roles directly.")
  String gcpServiceAccount;

  @Option(
      names = "--timeout",
      defaultValue = "60m",
      description = "How long the build may take, for example 30m.")
  Duration timeout;

  @Option(
      names = "--dry-run",
      arity = "0..1",
      fallbackValue = "true",
      defaultValue = "false",
      converter = ActionBoolean.class,
      description = "Print the full plan (login, command lines, tags, labels) and do nothing else.")
  boolean dryRun;

  public BuildTagPushCommand(ActionRuntime runtime, Composition systems) {
    super(runtime, systems);
  }

  @Override
  public Integer call() {
    Map<String, String> secrets = secrets();
    BuildTagPushRequest request = request(secrets);
    LoginRequest loginRequest = loginRequest(request.plan().image());
    CloudLogins.Settings cloud =
        new CloudLogins.Settings(
            Optional.ofNullable(blankToNull(awsRoleArn)),
            Optional.ofNullable(blankToNull(awsRegion)),
            Optional.ofNullable(blankToNull(gcpWorkloadIdentityProvider)),
            Optional.ofNullable(blankToNull(gcpServiceAccount)));
    cloud.check(loginRequest.mode(), request.plan().image().registry());
    Map<String, RegistryCredential> auth = RegistryAuth.parse(registryAuth, runtime.log()::addMask);
    Duration buildTimeout = timeout;
    try (ImageSystems image =
        systems.image().make(runtime, loginRequest, cloud, auth, buildTimeout)) {
      BuildTagPushService service = new BuildTagPushService(image, runtime.log()::info);
      BuildTagPushReport.write(service.run(request), runtime);
    }
    return 0;
  }

  BuildTagPushRequest request(Map<String, String> secrets) {
    ActionEnv env = runtime.env();
    Mode m = mode;
    List<String> rules = Multiline.lines(tags);
    List<String> extra = Multiline.lines(extraTags);
    Latest latestRule = latest;
    if (m == Mode.PROMOTE) {
      ImageReference name = ImageReference.parseRepository("image", image);
      if (source == null || source.isBlank()) {
        throw new BadInputException(
            "source",
            "mode: promote needs source: the image to promote, as a tag of image, "
                + "a digest (sha256:...) or a full reference");
      }
      ImageReference from = source(source.trim(), name);
      // the default rules describe this run's commit, which need not be the promoted image's: only
      // given rules apply
      Latest promoteLatest = latestRule == Latest.AUTO ? Latest.FALSE : latestRule;
      List<String> literal = new java.util.ArrayList<>(extra);
      if (promoteLatest == Latest.TRUE) {
        literal.add("latest");
      }
      TagPlan plan =
          rules.isEmpty()
              ? TagPlanner.literal(name, literal)
              : TagPlanner.plan(
                  image, GitContext.from(env, sha, localGit(env)), rules, promoteLatest, extra);
      return new BuildTagPushRequest(
          m, plan, Map.of(), null, builderName(), from, List.of(), dryRun);
    }
    if (m == Mode.MERGE) {
      ImageReference name = ImageReference.parseRepository("image", image);
      List<ImageReference> from =
          Multiline.lines(sources).stream()
              .flatMap(l -> java.util.Arrays.stream(l.split("[\\s,]+")))
              .filter(s -> !s.isEmpty())
              .map(s -> source(s, name))
              .toList();
      if (from.isEmpty()) {
        throw new BadInputException(
            "sources",
            "mode: merge needs sources: the digests the per-platform builds "
                + "pushed (their digest outputs), one per line");
      }
      if (pushByDigest) {
        throw new BadInputException(
            "push-by-digest",
            "push-by-digest is for the per-platform builds; the merge step "
                + "tags the index it makes. Remove push-by-digest from the merge step");
      }
      GitContext git = GitContext.from(env, sha, localGit(env));
      TagPlan plan =
          TagPlanner.plan(
              image, git, rules, latestRule, extra, Optional.ofNullable(buildEnvironment));
      return new BuildTagPushRequest(m, plan, Map.of(), null, builderName(), null, from, dryRun);
    }
    GitContext git = GitContext.from(env, sha, localGit(env));
    TagPlan plan =
        TagPlanner.plan(
            image, git, rules, latestRule, extra, Optional.ofNullable(buildEnvironment));
    Optional<String> repositoryUrl = env.repository().map(r -> env.serverUrl() + "/" + r);
    Map<String, String> imageLabels =
        ImageLabels.of(
            plan,
            git,
            repositoryUrl,
            Optional.ofNullable(buildEnvironment),
            Multiline.lines(labels),
            Clock.systemUTC().instant());
    // in Actions both must stay in the workspace; the build still gets them as given (the workspace
    // is its cwd)
    Path contextDir = runtime.files().resolve("context", context.toString());
    if (file != null) {
      runtime.files().resolve("file", file.toString());
    }
    if (!Files.isDirectory(contextDir)) {
      throw new BadInputException(
          "context", "The build context '" + context + "' is not a directory");
    }
    if (file != null && !Files.isRegularFile(file)) {
      throw new BadInputException("file", "The Dockerfile '" + file + "' does not exist");
    }
    String builderName = builderName();
    if (storageDriver != null && !storageDriver.isBlank() && !builderName.equals("buildah")) {
      throw new BadInputException(
          "storage-driver",
          "storage-driver is a buildah setting; set builder: buildah or " + "remove it");
    }
    if (storageDriver != null && !storageDriver.isBlank() && !storageDriver.matches("[a-z0-9]+")) {
      throw new BadInputException(
          "storage-driver",
          "'" + storageDriver + "' is not a storage driver name such as vfs " + "or overlay");
    }
    BuildFeatures features =
        BuildOptions.features(
            builderName,
            pushByDigest,
            push,
            noCache,
            pull,
            sbom,
            provenance,
            Multiline.lines(annotations),
            Multiline.lines(buildContexts),
            Multiline.lines(buildSecretFiles),
            buildxBuilder,
            env,
            rules.isEmpty() && extra.isEmpty());
    List<String> from = Multiline.lines(cacheFrom);
    List<String> to = Multiline.lines(cacheTo);
    BuildOptions.checkCache("cache-from", from, builderName, env);
    BuildOptions.checkCache("cache-to", to, builderName, env);
    BuildSpec spec =
        new BuildSpec(
            context,
            file,
            plan.references(),
            imageLabels,
            buildArgs(),
            secrets,
            blankToNull(target),
            platforms(),
            from,
            to,
            push,
            blankToNull(storageDriver),
            features);
    return new BuildTagPushRequest(
        m, plan, imageLabels, spec, builderName, null, List.of(), dryRun);
  }

  /**
   * Outside Actions, the commit comes from the checkout of the build context (or the current
   * directory).
   */
  private LocalGit localGit(ActionEnv env) {
    if (env.inActions()) {
      return LocalGit.NONE;
    }
    return LocalGit.in(context != null && Files.isDirectory(context) ? context : Path.of("."));
  }

  /**
   * Parses build-secrets and masks each value at once; an error names the line, never the value.
   */
  private Map<String, String> secrets() {
    Map<String, String> out = new LinkedHashMap<>();
    List<String> lines = Multiline.lines(buildSecrets);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int eq = line.indexOf('=');
      if (eq > 0) {
        runtime.log().addMask(line.substring(eq + 1));
      }
      if (eq <= 0
          || !SECRET_ID.matcher(line.substring(0, eq)).matches()
          || eq == line.length() - 1) {
        throw new BadInputException(
            "build-secrets",
            "Line "
                + (i + 1)
                + " of build-secrets is not id=value (the id "
                + "made of letters, digits, . _ -, and a value after the =)");
      }
      out.put(line.substring(0, eq), line.substring(eq + 1));
    }
    return out;
  }

  private Map<String, String> buildArgs() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : Multiline.lines(buildArgs)) {
      int eq = line.indexOf('=');
      if (eq <= 0 || !ARG_NAME.matcher(line.substring(0, eq)).matches()) {
        throw new BadInputException(
            "build-args",
            "'"
                + line
                + "' is not NAME=value (for example "
                + "NEXT_PUBLIC_API_URL=https://api.example.com)");
      }
      out.put(line.substring(0, eq), line.substring(eq + 1));
    }
    return out;
  }

  private List<String> platforms() {
    List<String> out =
        Multiline.lines(platforms).stream()
            .flatMap(l -> java.util.Arrays.stream(l.split(",")))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .toList();
    for (String p : out) {
      if (!PLATFORM.matcher(p).matches()) {
        throw new BadInputException(
            "platforms", "'" + p + "' is not os/arch[/variant], for example linux/arm64");
      }
    }
    return out;
  }

  private String builderName() {
    return builder.input();
  }

  /** A tag of {@code image}, a digest of it, or a full reference anywhere. */
  static ImageReference source(String value, ImageReference image) {
    if (value.startsWith("sha256:")) {
      return ImageReference.parse("source", image.name() + "@" + value);
    }
    if (value.contains("/") || value.contains(":") || value.contains("@")) {
      return ImageReference.parse("source", value);
    }
    return ImageReference.parse("source", image.name() + ":" + value);
  }

  private LoginRequest loginRequest(ImageReference target) {
    ActionEnv env = runtime.env();
    Optional<String> token = Optional.ofNullable(blankToNull(githubToken)).or(env::githubToken);
    token.ifPresent(runtime.log()::addMask);
    return new LoginRequest(
        login,
        target.registry(),
        Optional.ofNullable(blankToNull(registryUsername)),
        Optional.ofNullable(blankToNull(registryPassword)),
        token,
        env.actor().orElse("bosun"),
        Optional.ofNullable(blankToNull(azureClientId)),
        Optional.ofNullable(blankToNull(azureTenantId)),
        AzureCloud.parse(azureEnvironment));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
