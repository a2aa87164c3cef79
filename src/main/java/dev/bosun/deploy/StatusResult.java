package dev.bosun.deploy;

import java.util.List;

/**
 * What is deployed where: one row per environment and app, and how neighbouring environments
 * compare.
 *
 * @param placeLabel the column name for what runs an app, as its target calls it ("container app")
 */
public record StatusResult(
    List<Row> rows, List<String> comparisons, List<String> problems, String placeLabel) {

  public StatusResult {
    rows = List.copyOf(rows);
    comparisons = List.copyOf(comparisons);
    problems = List.copyOf(problems);
  }

  /**
   * One app in one environment.
   *
   * @param version from the GitHub deployment that put this digest there (its tag or version), else
   *     from labels
   * @param live what the environment's {@code /api/version} says, when it has a url
   * @param health the target's word on sync and health ({@link
   *     dev.bosun.deploy.target.DeployTarget#health})
   */
  public record Row(
      String environment,
      String app,
      String resource,
      String image,
      String digest,
      String version,
      String sha,
      String deployedAt,
      String deployedBy,
      String revision,
      String live,
      String health) {}
}
