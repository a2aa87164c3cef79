package dev.bosun.deploy.compose;

import java.util.List;

/**
 * The keys of {@code target: compose}: the host reached over SSH, the folder with the team's
 * compose files, and how Compose is called there.
 *
 * @param host {@code user@host[:port]}
 * @param dir the absolute folder on the host that holds the compose files
 * @param project the Compose project ({@code -p}); default: the folder's name, as Compose does
 * @param files the team's compose files, in order (default {@code docker-compose.yml}); bosun's own
 *     pin file follows
 * @param checkout {@code version}: check out the deployed version's git tag in {@code dir} first
 * @param composeCommand {@code docker compose} (default) or {@code docker-compose} (Compose v1)
 */
public record ComposeSettings(
    String host,
    String dir,
    String project,
    List<String> files,
    String checkout,
    String composeCommand) {

  public ComposeSettings {
    files = files == null || files.isEmpty() ? List.of("docker-compose.yml") : List.copyOf(files);
  }

  public String compose() {
    return composeCommand == null || composeCommand.isBlank()
        ? "docker compose"
        : composeCommand.trim();
  }

  /** The project name, as Compose derives it from the folder when none is given. */
  public String projectName() {
    if (project != null && !project.isBlank()) {
      return project.trim();
    }
    String base = dir.replaceAll("/+$", "");
    base = base.substring(base.lastIndexOf('/') + 1).toLowerCase(java.util.Locale.ROOT);
    return base.replaceAll("[^a-z0-9_-]", "");
  }
}
