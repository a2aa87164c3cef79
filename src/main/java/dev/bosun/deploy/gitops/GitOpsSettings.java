package dev.bosun.deploy.gitops;

/**
 * The keys of {@code target: gitops} in an environment: the GitOps repository and file bosun
 * changes, and what it waits for after pushing.
 *
 * @param repo the repository's clone URL: https://…, ssh://…, git@host:path, or file:// (tests,
 *     local mirrors)
 * @param format {@code kustomize} (an {@code images:} entry) or {@code helm-values} (the key at
 *     {@code value-path})
 * @param via {@code commit} (push to {@code branch}) or {@code pull-request} (a branch of bosun's
 *     and a pull request into {@code branch}, opened through GitHub's API)
 * @param waitFor the {@code wait} key: {@code argocd}, {@code flux}, {@code merge} (pull requests:
 *     until merged) or {@code none}
 */
public record GitOpsSettings(
    String repo,
    String branch,
    String file,
    String format,
    String valuePath,
    String via,
    @com.fasterxml.jackson.annotation.JsonProperty("wait") String waitFor,
    ArgoCdSettings argocd,
    FluxSettings flux,
    PullRequestSettings pullRequest) {

  /**
   * For {@code via: pull-request}: the GitOps repository as GitHub's API names it (owner/name);
   * taken from {@code repo} when it is a GitHub clone URL.
   */
  public record PullRequestSettings(String repository) {}

  public boolean viaPullRequest() {
    return "pull-request".equals(viaOrDefault());
  }

  /** owner/name for GitHub's API: {@code pull-request.repository}, else from the clone URL. */
  public java.util.Optional<String> githubRepository() {
    if (pullRequest != null && pullRequest.repository() != null) {
      return java.util.Optional.of(pullRequest.repository().trim());
    }
    if (repo == null || repo.startsWith("file://")) {
      return java.util.Optional.empty();
    }
    var m =
        java.util.regex.Pattern.compile(
                "(?:https://[^/]+/|ssh://[^/]+/|[^@/]+@[^:/]+:)([^/]+/[^/]+?)(?:\\.git)?/?")
            .matcher(repo);
    return m.matches() ? java.util.Optional.of(m.group(1)) : java.util.Optional.empty();
  }

  /** The Argo CD server and the application that deploys the file. */
  public record ArgoCdSettings(String server, String app) {}

  /**
   * The Flux Kustomization that applies the file, read through the Kubernetes API ({@code
   * kubeconfig}).
   */
  public record FluxSettings(String namespace, String kustomization) {}

  public String branchOrDefault() {
    return branch == null || branch.isBlank() ? "main" : branch;
  }

  public String viaOrDefault() {
    return via == null || via.isBlank() ? "commit" : via;
  }

  public String waitOrDefault() {
    return waitFor == null || waitFor.isBlank() ? "none" : waitFor;
  }

  public ImageEdit.Format imageFormat() {
    return "helm-values".equals(format)
        ? new ImageEdit.HelmValues(valuePath)
        : new ImageEdit.Kustomize();
  }
}
