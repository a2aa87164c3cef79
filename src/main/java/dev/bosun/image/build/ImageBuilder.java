package dev.bosun.image.build;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The one port to an image builder (docker buildx or buildah); adapters run its CLI through {@link
 * ProcessRunner}.
 */
public interface ImageBuilder {

  /** {@code docker} or {@code buildah}, for logs and errors. */
  String name();

  /**
   * The exact command lines {@link #build} runs, for the dry-run plan; {@code work} holds temp
   * files.
   */
  List<List<String>> commands(BuildSpec spec, Path work);

  /**
   * Builds (and pushes, if asked).
   *
   * @param work a private temp directory for metadata files
   * @param env extra environment for the builder: the registry auth file and nothing secret in argv
   */
  BuildOutcome build(BuildSpec spec, Path work, Map<String, String> env);
}
