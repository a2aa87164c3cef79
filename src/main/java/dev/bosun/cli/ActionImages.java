package dev.bosun.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The image each generated action.yml runs. Between releases: the tag of the pom version. In a
 * release commit: the digests the release workflow wrote into {@code
 * .github/action-images.properties}, so that a workflow pinned to that commit runs exactly the
 * images built from it. build-tag-push runs the variant with the docker CLI and buildx.
 */
public record ActionImages(String repository, String version, String digest, String buildDigest) {

  /** The committed file the release workflow fills in. */
  public static final Path FILE = Path.of(".github", "action-images.properties");

  /** The commands that drive the docker CLI, and so run {@code <repository>-build}. */
  static final Set<String> NEED_DOCKER_CLI = Set.of("build-tag-push");

  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

  public ActionImages {
    for (String d : new String[] {digest, buildDigest}) {
      if (!d.isEmpty() && !DIGEST.matcher(d).matches()) {
        throw new IllegalArgumentException(
            "'"
                + d
                + "' in "
                + FILE
                + " is not a digest (sha256: and 64 hex digits);"
                + " leave it empty between releases");
      }
    }
    if (digest.isEmpty() != buildDigest.isEmpty()) {
      throw new IllegalArgumentException(
          FILE + " names the digest of one image but not of the other; a release" + " writes both");
    }
  }

  /** Tags only, as between releases. */
  public static ActionImages tagged(String repository, String version) {
    return new ActionImages(repository, version, "", "");
  }

  /**
   * Reads {@code file} (keys {@code image} and {@code build-image}); tags only when it does not
   * exist.
   */
  public static ActionImages read(Path file, String repository, String version) throws IOException {
    if (!Files.exists(file)) {
      return tagged(repository, version);
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    }
    return new ActionImages(
        repository,
        version,
        p.getProperty("image", "").trim(),
        p.getProperty("build-image", "").trim());
  }

  /** The {@code runs.image} of a command's action.yml. */
  public String reference(String command) {
    boolean build = NEED_DOCKER_CLI.contains(command);
    String repo = build ? repository + "-build" : repository;
    String d = build ? buildDigest : digest;
    return "docker://" + repo + (d.isEmpty() ? ":" + version : "@" + d);
  }
}
