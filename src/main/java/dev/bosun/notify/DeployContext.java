package dev.bosun.notify;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything a deploy message says: the run context (repository, SHA, actor, run link) and the
 * step's inputs. Values are raw; {@link MessageBuilder} escapes them.
 *
 * @param actor who ran it; empty when not known, and then the message names nobody
 * @param reason what failed, or why this was done ({@code reason})
 * @param liveVersion after a rollback: the version live again ({@code live-version})
 * @param mention who to alert when it failed: Slack mentions already checked by {@link Mention}
 */
public record DeployContext(
    Status status,
    Optional<String> environment,
    Optional<String> version,
    Optional<String> repository,
    String serverUrl,
    Optional<String> sha,
    Optional<String> actor,
    Optional<String> runUrl,
    Optional<URI> environmentUrl,
    Optional<Duration> duration,
    CommitRange commits,
    Optional<String> reason,
    Optional<String> liveVersion,
    Optional<Mention> mention) {

  /** A context with a known actor and no reason, live version or mention. */
  public DeployContext(
      Status status,
      Optional<String> environment,
      Optional<String> version,
      Optional<String> repository,
      String serverUrl,
      Optional<String> sha,
      String actor,
      Optional<String> runUrl,
      Optional<URI> environmentUrl,
      Optional<Duration> duration,
      CommitRange commits) {
    this(
        status,
        environment,
        version,
        repository,
        serverUrl,
        sha,
        Optional.ofNullable(actor).filter(a -> !a.isBlank()),
        runUrl,
        environmentUrl,
        duration,
        commits,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** The mention to put in front of the message: only when the deploy failed or was rolled back. */
  public Optional<Mention> alert() {
    return status == Status.FAILED || status == Status.ROLLED_BACK ? mention : Optional.empty();
  }

  public Optional<String> shortSha() {
    return sha.map(s -> s.length() > 7 ? s.substring(0, 7) : s);
  }

  /** The commit page on GitHub, when both the repository and the SHA are known. */
  public Optional<String> commitUrl() {
    return repository.flatMap(repo -> sha.map(s -> serverUrl + "/" + repo + "/commit/" + s));
  }

  /** The pull request page for {@code number}, when the repository is known. */
  Optional<String> pullUrl(int number) {
    return repository.map(repo -> serverUrl + "/" + repo + "/pull/" + number);
  }

  Optional<String> commitUrl(String commitSha) {
    return commitSha.isEmpty()
        ? Optional.empty()
        : repository.map(repo -> serverUrl + "/" + repo + "/commit/" + commitSha);
  }

  public DeployContext withCommits(CommitRange range) {
    return new DeployContext(
        status,
        environment,
        version,
        repository,
        serverUrl,
        sha,
        actor,
        runUrl,
        environmentUrl,
        duration,
        range,
        reason,
        liveVersion,
        mention);
  }
}
