package dev.bosun.deploy.gitops;

import dev.bosun.actions.Log;
import dev.bosun.deploy.config.EnvironmentSpec;
import dev.bosun.deploy.kubernetes.KubeApi;
import dev.bosun.deploy.kubernetes.KubeClients;
import dev.bosun.deploy.kubernetes.Kustomization;
import dev.bosun.deploy.target.DeployTarget;
import dev.bosun.deploy.target.Polling;
import dev.bosun.deploy.target.TargetContext;
import dev.bosun.deploy.target.TargetKind;
import dev.bosun.support.BadInputException;
import dev.bosun.support.OutsideSystemException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A GitOps repository as a deploy target: a rollout commits the app's new digest to the
 * kustomization or Helm values file and pushes, then waits until Argo CD or Flux has applied that
 * commit and the app is healthy. A restore reverts bosun's own commit (never anyone else's) and
 * waits the same way.
 */
public final class GitOpsTarget implements DeployTarget {

  private final EnvironmentSpec env;
  private final GitOpsSettings settings;
  private final Supplier<GitOpsRepo> opener;
  private final Optional<Supplier<ArgoCd>> argo;
  private final Optional<Supplier<KubeApi>> kube;
  private final Optional<Supplier<PullRequests>> pullRequests;
  private PullRequests pulls;
  private final Optional<String> runUrl;
  private final Log log;
  private final Clock clock;
  private final dev.bosun.support.Sleeper sleeper;
  private final Polling polling;
  private GitOpsRepo repo;
  private Optional<String> version = Optional.empty();

  /** The commit this run pushed per app, which is all a restore may revert. */
  private final Map<String, String> pushed = new LinkedHashMap<>();

  /** Pull requests this run opened per app and that are not merged (as far as it knows). */
  private final Map<String, Proposal> proposed = new LinkedHashMap<>();

  /** A pull request of this run: its number and address, and bosun's commit in it. */
  private record Proposal(long number, String url, String commit) {}

  /**
   * How a change reached the branch: {@code revision} is the commit the controller applies (empty
   * while an unmerged pull request holds it), {@code created} what the summary names, {@code note}
   * what happened.
   */
  private record Delivered(Optional<String> revision, String created, String note) {}

  GitOpsTarget(
      EnvironmentSpec env,
      GitOpsSettings settings,
      Supplier<GitOpsRepo> opener,
      Optional<Supplier<ArgoCd>> argo,
      Optional<Supplier<KubeApi>> kube,
      Optional<Supplier<PullRequests>> pullRequests,
      Optional<String> runUrl,
      TargetContext c) {
    this.env = env;
    this.settings = settings;
    this.opener = opener;
    this.argo = argo;
    this.kube = kube;
    this.pullRequests = pullRequests;
    this.runUrl = runUrl;
    this.log = c.log();
    this.clock = c.clock();
    this.sleeper = c.sleeper();
    this.polling = c.polling();
  }

  /** {@code target: gitops}: repo, branch, file, format, value-path, via, wait, argocd, flux. */
  public static final class Kind implements TargetKind<GitOpsSettings> {

    public static final String NAME = "gitops";
    private static final Pattern REPO =
        Pattern.compile("(https://|ssh://|file://|[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:)\\S+");
    private static final Pattern CREDENTIALS_IN_URL = Pattern.compile("https?://[^/@\\s]*@");
    private static final Pattern IMAGE = Pattern.compile("[a-z0-9][a-z0-9._/:-]*[a-z0-9]");

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public Class<GitOpsSettings> settings() {
      return GitOpsSettings.class;
    }

    @Override
    public void validate(String at, GitOpsSettings s, EnvironmentSpec env, List<String> problems) {
      if (s.repo() != null && CREDENTIALS_IN_URL.matcher(s.repo()).lookingAt()) {
        // the URL is not echoed: it holds a secret, and this file is in the repository
        problems.add(
            "'"
                + at
                + ".repo' carries a user name or token in its URL, which the log, the summary and "
                + "the repository itself would show; remove 'user:token@' from the URL and pass the "
                + "token as the secret input 'gitops-token'");
      } else if (s.repo() == null || !REPO.matcher(s.repo()).matches()) {
        problems.add(
            "'"
                + at
                + ".repo' is "
                + (s.repo() == null ? "missing" : "'" + s.repo() + "'")
                + "; give the "
                + "GitOps repository's clone URL: https://github.com/OWNER/REPO.git or git@github.com:OWNER/REPO.git");
      }
      if (s.file() == null
          || s.file().isBlank()
          || s.file().startsWith("/")
          || s.file().contains("..")) {
        problems.add(
            "'"
                + at
                + ".file' must be the path of the kustomization or values file, relative to the "
                + "repository's root (e.g. apps/api/overlays/prod/kustomization.yaml)");
      }
      String format = s.format() == null ? "" : s.format();
      if (!List.of("kustomize", "helm-values").contains(format)) {
        problems.add("'" + at + ".format' is '" + format + "'; expected kustomize or helm-values");
      }
      if ("helm-values".equals(format)
          && (s.valuePath() == null
              || !s.valuePath().matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*"))) {
        problems.add(
            "'"
                + at
                + ".value-path' must name the values key of the image as a dotted path, e.g. "
                + "image.digest");
      }
      if ("helm-values".equals(format) && env.apps().size() > 1) {
        problems.add(
            "'"
                + at
                + ".apps' has "
                + env.apps().size()
                + " apps, but one helm-values file and "
                + "value-path hold one image; make one environment per app");
      }
      if (!List.of("commit", "pull-request").contains(s.viaOrDefault())) {
        problems.add(
            "'"
                + at
                + ".via' is '"
                + s.via()
                + "'; expected commit (push to the branch) or pull-request (open a pull request "
                + "into it)");
      }
      if (s.viaPullRequest()
          && s.githubRepository()
              .filter(r -> r.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+"))
              .isEmpty()) {
        problems.add(
            "'"
                + at
                + ".pull-request.repository' is "
                + (s.pullRequest() == null || s.pullRequest().repository() == null
                    ? "missing"
                    : "'" + s.pullRequest().repository() + "'")
                + "; with via: pull-request give the GitOps repository as GitHub names it "
                + "(owner/name), or a GitHub clone URL in repo");
      }
      if (s.pullRequest() != null && !s.viaPullRequest()) {
        problems.add(
            "'"
                + at
                + ".pull-request' is set but via is "
                + s.viaOrDefault()
                + "; set via: pull-request");
      }
      if ("merge".equals(s.waitOrDefault()) && !s.viaPullRequest()) {
        problems.add(
            "'"
                + at
                + ".wait' is merge, which waits for a pull request; set via: pull-request, or wait: "
                + "argocd, flux or none");
      }
      switch (s.waitOrDefault()) {
        case "argocd" -> {
          if (s.argocd() == null
              || s.argocd().server() == null
              || !s.argocd().server().matches("https?://\\S+")
              || s.argocd().app() == null
              || s.argocd().app().isBlank()) {
            problems.add(
                "'"
                    + at
                    + ".argocd' needs server (https://argocd.example.com) and app (the Application's "
                    + "name) when wait is argocd");
          }
        }
        case "flux" -> {
          if (s.flux() == null
              || s.flux().kustomization() == null
              || s.flux().kustomization().isBlank()) {
            problems.add(
                "'"
                    + at
                    + ".flux' needs kustomization (and namespace, default flux-system) when wait is "
                    + "flux");
          }
        }
        case "none", "merge" -> {}
        default -> {
          problems.add(
              "'" + at + ".wait' is '" + s.waitFor() + "'; expected argocd, flux, merge or none");
        }
      }
      if (s.argocd() != null && !"argocd".equals(s.waitOrDefault())) {
        problems.add(
            "'" + at + ".argocd' is set but wait is " + s.waitOrDefault() + "; set wait: argocd");
      }
      if (s.flux() != null && !"flux".equals(s.waitOrDefault())) {
        problems.add(
            "'" + at + ".flux' is set but wait is " + s.waitOrDefault() + "; set wait: flux");
      }
      env.apps()
          .forEach(
              (key, image) -> {
                if (image == null || !IMAGE.matcher(image).matches() || image.contains("@")) {
                  problems.add(
                      "'"
                          + at
                          + ".apps."
                          + key
                          + "' is '"
                          + image
                          + "'; give the image name as the file names it "
                          + "(ghcr.io/acme/api), without tag or digest");
                }
              });
    }

    @Override
    public DeployTarget open(EnvironmentSpec env, GitOpsSettings s, TargetContext c) {
      GitOpsClients clients = c.client(GitOpsClients.class);
      JGitRepo.Auth auth = auth(s.repo(), c);
      Optional<Supplier<ArgoCd>> argo = Optional.empty();
      if ("argocd".equals(s.waitOrDefault())) {
        String token =
            c.input("argocd-token")
                .orElseThrow(
                    () ->
                        new BadInputException(
                            "argocd-token",
                            "Input 'argocd-token' is required when environment "
                                + env.name()
                                + " waits for Argo CD: an API token "
                                + "of an account that may get application "
                                + s.argocd().app()
                                + "."));
        argo = Optional.of(() -> clients.argoCd(URI.create(s.argocd().server()), token, c.log()));
      }
      Optional<Supplier<KubeApi>> kube = Optional.empty();
      if ("flux".equals(s.waitOrDefault())) {
        KubeClients k = c.client(KubeClients.class);
        var config =
            k.config(
                c.input("kubeconfig"),
                c.log(),
                "when environment " + env.name() + " waits for Flux");
        kube = Optional.of(() -> k.api(config, c.log()));
      }
      Optional<Supplier<PullRequests>> pulls = Optional.empty();
      if (s.viaPullRequest()) {
        String token =
            c.input("gitops-token")
                .orElseThrow(
                    () ->
                        new BadInputException(
                            "gitops-token",
                            "Input 'gitops-token' is required when environment "
                                + env.name()
                                + " deploys via: pull-request: a token that may push branches to and "
                                + "open pull requests on "
                                + s.githubRepository().orElse(s.repo())
                                + " (contents: write, pull-requests: write)."));
        String repository = s.githubRepository().orElseThrow();
        pulls = Optional.of(() -> clients.pullRequests(repository, token, c.log()));
      }
      return new GitOpsTarget(
          env,
          s,
          () -> clients.clone(s.repo(), s.branchOrDefault(), auth, c.log()),
          argo,
          kube,
          pulls,
          clients.runUrl(),
          c);
    }

    /**
     * gitops-token for HTTPS, ssh-key with ssh-known-hosts for SSH; checked before anything is
     * called.
     */
    static JGitRepo.Auth auth(String repo, TargetContext c) {
      if (repo.startsWith("file://")) {
        return new JGitRepo.Anonymous();
      }
      if (repo.startsWith("https://")) {
        return new JGitRepo.Token(
            c.input("gitops-token")
                .orElseThrow(
                    () ->
                        new BadInputException(
                            "gitops-token",
                            "Input 'gitops-token' is required to push to "
                                + repo
                                + " over HTTPS: a token with contents: write on "
                                + "that repository (a fine-grained token or a GitHub App token; the job's GITHUB_TOKEN only "
                                + "reaches the job's own repository).")));
      }
      String key =
          c.input("ssh-key")
              .orElseThrow(
                  () ->
                      new BadInputException(
                          "ssh-key",
                          "Input 'ssh-key' is "
                              + "required to push to "
                              + repo
                              + " over SSH: the private key of a deploy key with write access."));
      String known =
          c.input("ssh-known-hosts")
              .orElseThrow(
                  () ->
                      new BadInputException(
                          "ssh-known-hosts",
                          "Input 'ssh-known-hosts' is required with ssh-key: the server's host key line(s), as ssh-keyscan prints "
                              + "them (for GitHub, the keys GitHub publishes in its meta API)."));
      return new JGitRepo.SshKey(key, known);
    }
  }

  @Override
  public String placeLabel() {
    return "image entry";
  }

  private GitOpsRepo repo() {
    if (repo == null) {
      repo = opener.get();
    }
    return repo;
  }

  @Override
  public Running running(String key) {
    String image = env.apps().get(key);
    String text = repo().read(settings.file());
    Optional<String> digest =
        ImageEdit.current(settings.file(), text, settings.imageFormat(), image);
    String head = repo().head();
    return new Running(
        key,
        image,
        settings.repo() + " (" + settings.branchOrDefault() + ") " + settings.file() + waitWhat(),
        digest.map(d -> image + "@" + d).orElse(image),
        head.substring(0, 12),
        Optional.empty(),
        head);
  }

  /** The version being deployed names the commit and goes into the kustomize newTag. */
  @Override
  public void prepare(
      java.util.Collection<Running> before, String pinned, Optional<String> version) {
    this.version = version;
  }

  @Override
  public String plan(Running now, String pinned) {
    return now.image().equals(pinned)
        ? ""
        : (settings.viaPullRequest()
                ? "open a pull request into "
                    + settings.branchOrDefault()
                    + " that commits the digest to "
                    + settings.file()
                    + ("none".equals(settings.waitOrDefault())
                        ? ", and "
                        : ", wait for its merge, and ")
                : "commit the digest to "
                    + settings.file()
                    + " on "
                    + settings.branchOrDefault()
                    + ", push, and ")
            + switch (settings.waitOrDefault()) {
              case "argocd" ->
                  "wait until Argo CD application "
                      + settings.argocd().app()
                      + " is Synced and Healthy";
              case "flux" ->
                  "wait until Flux Kustomization " + settings.flux().kustomization() + " is Ready";
              case "merge" -> "stop there (wait: merge)";
              default -> "not wait (wait: none)";
            };
  }

  @Override
  public Serving rollOut(Running before, String pinned, String digest, Duration timeout) {
    String key = before.key();
    String image = env.apps().get(key);
    ImageEdit.Target target = new ImageEdit.Target(image, digest, version);
    String message = message(key, image, digest);
    log.info(
        key
            + ": "
            + settings.file()
            + " in "
            + settings.repo()
            + " ("
            + settings.branchOrDefault()
            + "): "
            + before.image()
            + " -> "
            + image
            + "@"
            + digest);
    Instant start = clock.instant();
    java.util.function.UnaryOperator<String> edit =
        text -> ImageEdit.apply(settings.file(), text, settings.imageFormat(), target).text();
    Optional<Delivered> delivered =
        deliver(
            key,
            "bosun/"
                + env.name()
                + "/"
                + key
                + "-"
                + digest.substring(digest.indexOf(':') + 1, digest.indexOf(':') + 13),
            () -> repo().commitAndPush(settings.file(), edit, message),
            head -> repo().proposeEdit(settings.file(), edit, message, head),
            message,
            timeout);
    if (delivered.isEmpty()) {
      log.info(key + ": " + settings.file() + " already pins " + digest + "; nothing to commit");
      String head = repo().head();
      return new Serving(
          key, image + "@" + digest, abbrev(head), Optional.empty(), waitApplied(head, timeout));
    }
    return served(key, image + "@" + digest, delivered.get(), start, timeout);
  }

  /** After a delivery: waits for the controller when the change is on the branch. */
  private Serving served(String key, String image, Delivered d, Instant start, Duration timeout) {
    if (d.revision().isEmpty()) {
      return new Serving(key, image, d.created(), Optional.of(d.created()), d.note());
    }
    String revision = d.revision().get();
    Duration left = timeout.minus(Duration.between(start, clock.instant()));
    String state =
        waitApplied(
            revision, left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left);
    return new Serving(
        key,
        image,
        abbrev(revision),
        Optional.of(d.created()),
        settings.viaPullRequest() ? d.note() + "; " + state : state);
  }

  /**
   * Gets one change onto the branch as {@code via} says: pushed to it ({@code push}), or pushed to
   * bosun's branch {@code head} ({@code propose}) with a pull request into the branch, then (unless
   * wait is none) waited for until merged. Empty when the change changed nothing.
   */
  private Optional<Delivered> deliver(
      String key,
      String head,
      Supplier<Optional<String>> push,
      java.util.function.Function<String, Optional<String>> propose,
      String message,
      Duration timeout) {
    if (!settings.viaPullRequest()) {
      Optional<String> commit = push.get();
      commit.ifPresent(c -> pushed.put(key, c));
      return commit.map(c -> new Delivered(Optional.of(c), abbrev(c), "pushed " + abbrev(c)));
    }
    Optional<String> commit = propose.apply(head);
    if (commit.isEmpty()) {
      return Optional.empty();
    }
    String title = message.lines().findFirst().orElse(head);
    String body =
        message.substring(Math.min(message.length(), title.length())).strip()
            + "\n\n---\nOpened by bosun deploy-env for environment "
            + env.name()
            + ". "
            + ("none".equals(settings.waitOrDefault())
                ? "bosun does not wait for the merge (wait: none)."
                : "bosun waits for the merge (within wait-timeout), then for the rollout; closing this "
                    + "pull request without merging fails the deploy.");
    PullRequests.PullRequest pr = pulls().open(head, settings.branchOrDefault(), title, body);
    log.info(
        key
            + ": opened pull request #"
            + pr.number()
            + " "
            + pr.url()
            + " into "
            + settings.branchOrDefault());
    Proposal proposal = new Proposal(pr.number(), pr.url(), commit.get());
    proposed.put(key, proposal);
    if ("none".equals(settings.waitOrDefault())) {
      return Optional.of(
          new Delivered(
              Optional.empty(),
              "PR #" + pr.number(),
              "pull request " + pr.url() + " opened; not waiting for its merge (wait: none)"));
    }
    String merged;
    try {
      merged = waitMerged(proposal, timeout);
    } catch (dev.bosun.support.BosunException e) {
      // an open pull request merged after the deploy gave up would deploy without bosun's checks
      closeUnmerged(key, Optional.empty());
      throw e;
    }
    proposed.remove(key);
    pushed.put(key, commit.get());
    repo().refresh();
    return Optional.of(
        new Delivered(
            Optional.of(merged),
            "PR #" + pr.number(),
            "pull request " + pr.url() + " merged as " + abbrev(merged)));
  }

  private PullRequests pulls() {
    if (pulls == null) {
      pulls = pullRequests.orElseThrow().get();
    }
    return pulls;
  }

  /** Polls the pull request until it is merged; closed without merging or the timeout fail. */
  private String waitMerged(Proposal p, Duration timeout) {
    PullRequests.PullRequest done =
        polling.until(
            "pull-request",
            "wait-timeout",
            () -> pulls().get(p.number()),
            PullRequests.PullRequest::merged,
            pr ->
                pr.closedUnmerged()
                    ? Optional.of(
                        "Pull request #"
                            + p.number()
                            + " ("
                            + p.url()
                            + ") was closed without merging; nothing reached "
                            + settings.branchOrDefault()
                            + ".")
                    : Optional.empty(),
            pr -> "pull request #" + p.number() + ": " + pr.state() + ", not merged yet",
            pr ->
                "Pull request #"
                    + p.number()
                    + " ("
                    + p.url()
                    + ") was not merged within "
                    + dev.bosun.support.Durations.format(timeout)
                    + "; merge it sooner, or raise wait-timeout.",
            timeout,
            clock,
            sleeper,
            log);
    log.info("Pull request #" + p.number() + " was merged as " + abbrev(done.mergeCommitSha()));
    return done.mergeCommitSha();
  }

  /**
   * A pull request of this run that is still open is closed (nothing of it is live); one merged
   * meanwhile counts as pushed.
   */
  private Optional<Serving> closeUnmerged(String key, Optional<Running> now) {
    Proposal p = proposed.remove(key);
    if (p == null) {
      return Optional.empty();
    }
    PullRequests.PullRequest pr = pulls().get(p.number());
    if (pr.merged()) {
      repo().refresh();
      pushed.put(key, p.commit());
      return Optional.empty();
    }
    boolean open = !pr.closedUnmerged();
    if (open) {
      pulls().close(p.number());
    }
    log.info(
        key
            + (open ? ": closed pull request #" : ": pull request #")
            + p.number()
            + (open ? " unmerged" : " is closed unmerged")
            + "; nothing of it reached "
            + settings.branchOrDefault());
    return now.map(
        n ->
            new Serving(
                key,
                n.image(),
                n.revision(),
                Optional.empty(),
                "pull request #" + p.number() + " closed unmerged"));
  }

  @Override
  public Serving restore(
      Running before, Running now, Optional<Serving> attempted, Duration timeout) {
    String key = before.key();
    Optional<Serving> closed =
        settings.viaPullRequest() ? closeUnmerged(key, Optional.of(now)) : Optional.empty();
    if (closed.isPresent()) {
      return closed.get();
    }
    String ours = pushed.remove(key);
    if (ours == null) {
      // this run pushed nothing for the app: whatever changed the file is someone else's, and stays
      log.info(key + ": bosun pushed no commit for it in this run; nothing to revert");
      return new Serving(key, now.image(), now.revision(), Optional.empty(), "unchanged");
    }
    Instant start = clock.instant();
    String message =
        revertMessage(
            key,
            ours,
            before.digest(),
            "after the " + (before.digest().isPresent() ? "deploy" : "change") + " failed");
    Delivered d = revert(key, ours, message, timeout);
    return served(key, before.image(), d, start, timeout);
  }

  /** Reverts bosun's commit {@code ours} through {@link #deliver}. */
  private Delivered revert(String key, String ours, String message, Duration timeout) {
    Delivered d =
        deliver(
                key,
                "bosun/" + env.name() + "/" + key + "-revert-" + abbrev(ours),
                () -> Optional.of(repo().revertAndPush(ours, message)),
                head -> Optional.of(repo().proposeRevert(ours, message, head)),
                message,
                timeout)
            .orElseThrow();
    log.info(key + ": reverted " + abbrev(ours) + " (" + d.note() + ")");
    return d;
  }

  /** How far back a rollback looks for bosun's commit that set the live digest. */
  static final int HISTORY = 50;

  /**
   * {@code mode: rollback}: when the live digest came from bosun's own commit and the file held the
   * rollback's digest just before it, reverts that commit (a {@code git revert}, so the previous
   * tag and digest come back exactly as they were and later changes by others stay); otherwise (the
   * digest to go back to is older, or the commit is not bosun's) commits the digest as a deploy
   * would.
   */
  @Override
  public Serving rollBackTo(Running before, String pinned, String digest, Duration timeout) {
    String key = before.key();
    String image = env.apps().get(key);
    Optional<String> live = before.digest();
    Optional<String> own = live.flatMap(d -> repo().findCommit(m -> ownChange(m, key, d), HISTORY));
    Optional<String> previous =
        own.flatMap(c -> repo().readBefore(c, settings.file()))
            .flatMap(
                text -> ImageEdit.current(settings.file(), text, settings.imageFormat(), image));
    if (own.isEmpty() || previous.filter(digest::equals).isEmpty()) {
      log.info(
          key
              + ": "
              + (own.isEmpty()
                  ? "no commit of bosun's among the last "
                      + HISTORY
                      + " of "
                      + settings.branchOrDefault()
                      + " set "
                      + live.orElse("the live image")
                  : "the file held "
                      + previous.orElse("another image")
                      + " before bosun's commit "
                      + abbrev(own.get())
                      + ", not "
                      + digest)
              + "; committing "
              + digest
              + " instead of reverting");
      return rollOut(before, pinned, digest, timeout);
    }
    String ours = own.get();
    log.info(
        key
            + ": rolling back by reverting bosun's commit "
            + abbrev(ours)
            + ", which set "
            + live.get()
            + "; the entry it replaced ("
            + digest
            + ") comes back");
    Instant start = clock.instant();
    Delivered d =
        revert(
            key,
            ours,
            revertMessage(
                key, ours, Optional.of(digest), "to roll " + env.name() + " back (mode: rollback)"),
            timeout);
    return served(key, image + "@" + digest, d, start, timeout);
  }

  /**
   * Whether a commit message is bosun's deploy or rollback of {@code key} in this environment to
   * {@code digest}.
   */
  private boolean ownChange(String message, String key, String digest) {
    List<String> lines = message.lines().map(String::strip).toList();
    return lines.contains("Bosun-Environment: " + env.name())
        && lines.contains("Bosun-App: " + key)
        && lines.contains("Bosun-Digest: " + digest);
  }

  private String revertMessage(String key, String ours, Optional<String> digest, String why) {
    String first = repo().message(ours).map(m -> m.lines().findFirst().orElse("")).orElse(ours);
    return "Revert \""
        + first
        + "\"\n\nThis reverts commit "
        + ours
        + " (bosun's own) "
        + why
        + ".\n"
        + runUrl.map(u -> "Run: " + u + "\n").orElse("")
        + "\nBosun-Environment: "
        + env.name()
        + "\nBosun-App: "
        + key
        + "\n"
        + digest.map(d -> "Bosun-Digest: " + d + "\n").orElse("")
        + "Bosun-Revert: "
        + ours
        + "\n";
  }

  private static String abbrev(String sha) {
    return sha.substring(0, Math.min(12, sha.length()));
  }

  /**
   * Argo CD's sync and health of the application, or Flux's Ready condition, against the branch's
   * tip.
   */
  @Override
  public Optional<String> health(Running running) {
    String head = running.state() instanceof String h ? h : repo().head();
    return switch (settings.waitOrDefault()) {
      case "argocd" -> {
        ArgoCd.AppStatus st = argo.orElseThrow().get().application(settings.argocd().app(), false);
        yield Optional.of(
            "Argo CD "
                + st.describe()
                + (st.syncRevision().equals(head)
                    ? ""
                    : "; branch tip " + abbrev(head) + " not synced"));
      }
      case "flux" -> {
        String ns = fluxNamespace();
        String name = settings.flux().kustomization();
        Kustomization k =
            kube.orElseThrow()
                .get()
                .kustomization(ns, name)
                .orElseThrow(
                    () ->
                        new OutsideSystemException(
                            "Kubernetes",
                            "There is no Flux Kustomization '"
                                + name
                                + "' in namespace '"
                                + ns
                                + "'. Check flux.kustomization and flux.namespace."));
        yield Optional.of(
            "Flux Ready "
                + k.ready()
                + (k.reason().isEmpty() ? "" : " (" + k.reason() + ")")
                + ", applied "
                + k.lastAppliedRevision()
                + (k.applied(head) ? "" : "; branch tip " + abbrev(head) + " not applied"));
      }
      default -> Optional.empty();
    };
  }

  private String message(String key, String image, String digest) {
    String short12 = digest.substring(0, Math.min(digest.length(), 19));
    return "deploy("
        + env.name()
        + "): "
        + key
        + " "
        + version.map(v -> v + " ").orElse("")
        + short12
        + "\n\n"
        + "Image: "
        + image
        + "@"
        + digest
        + "\n"
        + version.map(v -> "Version: " + v + "\n").orElse("")
        + runUrl.map(u -> "Run: " + u + "\n").orElse("")
        + "\nBosun-Environment: "
        + env.name()
        + "\nBosun-App: "
        + key
        + "\nBosun-Digest: "
        + digest
        + "\n";
  }

  private String waitWhat() {
    return switch (settings.waitOrDefault()) {
      case "argocd" -> ", Argo CD application " + settings.argocd().app();
      case "flux" ->
          ", Flux Kustomization " + fluxNamespace() + "/" + settings.flux().kustomization();
      default -> "";
    };
  }

  private String fluxNamespace() {
    String ns = settings.flux().namespace();
    return ns == null || ns.isBlank() ? "flux-system" : ns;
  }

  /**
   * Waits until the controller has applied {@code commit} and reports the app healthy; returns its
   * state.
   */
  private String waitApplied(String commit, Duration timeout) {
    String sha = commit.substring(0, 12);
    return switch (settings.waitOrDefault()) {
      case "argocd" -> {
        ArgoCd api = argo.orElseThrow().get();
        String app = settings.argocd().app();
        boolean[] first = {true};
        ArgoCd.AppStatus s =
            polling.until(
                () -> {
                  ArgoCd.AppStatus status = api.application(app, first[0]);
                  first[0] = false;
                  return status;
                },
                st ->
                    st.syncRevision().equals(commit)
                        && "Synced".equals(st.syncStatus())
                        && "Healthy".equals(st.health())
                        && !"Running".equals(st.operationPhase()),
                st -> argoFailure(app, commit, st),
                st -> "Argo CD application " + app + ": " + st.describe(),
                st ->
                    "Argo CD application "
                        + app
                        + " did not sync "
                        + sha
                        + " and become Healthy within "
                        + dev.bosun.support.Durations.format(timeout)
                        + ": "
                        + st.describe()
                        + ". Check the application in "
                        + "Argo CD (auto-sync on, and tracking branch "
                        + settings.branchOrDefault()
                        + ").",
                timeout,
                clock,
                sleeper,
                log);
        log.info("Argo CD application " + app + " is Synced at " + sha + " and Healthy");
        yield "Synced, Healthy";
      }
      case "flux" -> {
        KubeApi api = kube.orElseThrow().get();
        String ns = fluxNamespace();
        String name = settings.flux().kustomization();
        Kustomization k =
            polling.until(
                () ->
                    api.kustomization(ns, name)
                        .orElseThrow(
                            () ->
                                new OutsideSystemException(
                                    "Kubernetes",
                                    "There is no Flux Kustomization '"
                                        + name
                                        + "' in namespace '"
                                        + ns
                                        + "'. Check flux.kustomization and flux.namespace.")),
                st ->
                    "True".equals(st.ready())
                        && st.applied(commit)
                        && st.observedGeneration() >= st.generation(),
                st ->
                    "False".equals(st.ready()) && st.lastAttemptedRevision().endsWith(commit)
                        ? Optional.of(
                            "Flux Kustomization "
                                + ns
                                + "/"
                                + name
                                + " failed to apply "
                                + sha
                                + ": "
                                + st.reason()
                                + ": "
                                + st.message())
                        : Optional.empty(),
                st ->
                    "Flux Kustomization "
                        + name
                        + ": Ready "
                        + st.ready()
                        + " ("
                        + st.reason()
                        + "), applied "
                        + st.lastAppliedRevision(),
                st ->
                    "Flux Kustomization "
                        + ns
                        + "/"
                        + name
                        + " did not apply "
                        + sha
                        + " within "
                        + dev.bosun.support.Durations.format(timeout)
                        + ": Ready "
                        + st.ready()
                        + " ("
                        + st.reason()
                        + ": "
                        + st.message()
                        + "), last applied "
                        + st.lastAppliedRevision()
                        + ".",
                timeout,
                clock,
                sleeper,
                log);
        log.info("Flux Kustomization " + ns + "/" + name + " applied " + sha + " and is Ready");
        yield "Ready";
      }
      case "merge" -> "merged";
      default -> "pushed (wait: none)";
    };
  }

  /**
   * A Degraded app or a failed sync of our commit ends the wait at once, with Argo CD's own words.
   */
  private static Optional<String> argoFailure(String app, String commit, ArgoCd.AppStatus s) {
    boolean ours = s.syncRevision().equals(commit) || s.operationRevision().equals(commit);
    if (ours && ("Failed".equals(s.operationPhase()) || "Error".equals(s.operationPhase()))) {
      return Optional.of(
          "Argo CD could not sync application "
              + app
              + " to "
              + commit.substring(0, 12)
              + ": "
              + s.operationPhase()
              + ": "
              + s.operationMessage());
    }
    if (s.syncRevision().equals(commit)
        && "Synced".equals(s.syncStatus())
        && "Degraded".equals(s.health())) {
      return Optional.of(
          "Argo CD application "
              + app
              + " is Degraded after syncing "
              + commit.substring(0, 12)
              + (s.healthMessage().isEmpty() ? "" : ": " + s.healthMessage()));
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    if (repo != null) {
      repo.close();
    }
  }
}
