package dev.bosun.image.build;

import dev.bosun.actions.ActionEnv;
import dev.bosun.support.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Pure rules for the build inputs beyond the basic ones; every message names the input and says how
 * to fix it.
 */
public final class BuildOptions {

  private static final Pattern ATTEST = Pattern.compile("[A-Za-z0-9_.=,/:+@-]+");
  private static final String LEVEL =
      "(?:manifest|index|manifest-descriptor|index-descriptor)(?:\\[[A-Za-z0-9/_.-]+])?";
  private static final Pattern ANNOTATION =
      Pattern.compile("(?:" + LEVEL + "(?:," + LEVEL + ")*:)?" + "[A-Za-z0-9][A-Za-z0-9._/-]*=.*");
  private static final Pattern CONTEXT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]*");
  private static final Pattern SECRET_ID = Pattern.compile("[A-Za-z0-9_.-]+");
  private static final Pattern BUILDER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");
  private static final Pattern TOKEN_ATTR = Pattern.compile("(?i)(^|,)\\s*(gh)?token\\s*=");

  private BuildOptions() {}

  /**
   * @param defaultTags true when neither tags nor extra-tags is given (a push by digest tags
   *     nothing)
   */
  public static BuildFeatures features(
      String builder,
      boolean pushByDigest,
      boolean push,
      boolean noCache,
      boolean pull,
      String sbom,
      String provenance,
      List<String> annotations,
      List<String> buildContexts,
      List<String> secretFiles,
      String buildxBuilder,
      ActionEnv env,
      boolean defaultTags) {
    boolean buildah = builder.equals("buildah");
    if (pushByDigest && !push) {
      throw new BadInputException(
          "push-by-digest", "push-by-digest pushes the image; it cannot go with push: false");
    }
    if (pushByDigest && !defaultTags) {
      throw new BadInputException(
          "push-by-digest",
          "A push by digest puts no tag on the image; give tags and "
              + "extra-tags to the mode: merge step instead");
    }
    String s = attest("sbom", sbom, buildah);
    String p = attest("provenance", provenance, buildah);
    for (String a : annotations) {
      if (!ANNOTATION.matcher(a).matches()) {
        throw new BadInputException(
            "annotations",
            "'"
                + a
                + "' is not [level:]key=value (for example "
                + "org.opencontainers.image.description=Shop API, or index:org.opencontainers.image.vendor=Acme)");
      }
      if (buildah && a.substring(0, a.indexOf('=')).contains(":")) {
        throw new BadInputException(
            "annotations",
            "'"
                + a
                + "': buildah puts annotations on the manifest only; drop "
                + "the level prefix or use builder: docker");
      }
    }
    for (String c : buildContexts) {
      int eq = c.indexOf('=');
      if (eq <= 0 || eq == c.length() - 1 || !CONTEXT_NAME.matcher(c.substring(0, eq)).matches()) {
        throw new BadInputException(
            "build-contexts",
            "'"
                + c
                + "' is not name=path-or-reference (for example "
                + "shared=../shared or alpine=docker-image://alpine:3.20)");
      }
    }
    Map<String, Path> files = secretFiles(secretFiles, env);
    String bx =
        buildxBuilder == null || buildxBuilder.isBlank()
            ? BuildFeatures.AUTO
            : buildxBuilder.trim();
    if (!BUILDER_NAME.matcher(bx).matches()) {
      throw new BadInputException(
          "buildx-builder",
          "'"
              + buildxBuilder
              + "' is not auto, default or a buildx "
              + "builder name (letters, digits, _ . -)");
    }
    if (buildah && !bx.equals(BuildFeatures.AUTO)) {
      throw new BadInputException(
          "buildx-builder",
          "buildx-builder is a docker setting; remove it or set " + "builder: docker");
    }
    return new BuildFeatures(
        pushByDigest, noCache, pull, s, p, annotations, buildContexts, files, bx);
  }

  private static String attest(String input, String value, boolean buildah) {
    String v = value == null ? "" : value.trim();
    if (v.isEmpty()) {
      return "";
    }
    if (!ATTEST.matcher(v).matches()) {
      throw new BadInputException(
          input, "'" + value + "' is not true, false or attestation options such as " + "mode=max");
    }
    if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
      v = v.toLowerCase(Locale.ROOT);
    }
    if (buildah && BuildFeatures.on(v)) {
      throw new BadInputException(
          input,
          "buildah makes no " + input + " attestation; use builder: docker or remove " + input);
    }
    return v;
  }

  /**
   * {@code id=path} lines; in Actions a path must stay inside the workspace, so a step cannot read
   * runner files.
   */
  static Map<String, Path> secretFiles(List<String> lines, ActionEnv env) {
    Map<String, Path> out = new LinkedHashMap<>();
    Path workspace = env.get("GITHUB_WORKSPACE").map(Path::of).orElse(null);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int eq = line.indexOf('=');
      if (eq <= 0
          || eq == line.length() - 1
          || !SECRET_ID.matcher(line.substring(0, eq)).matches()) {
        throw new BadInputException(
            "build-secret-files",
            "Line "
                + (i + 1)
                + " of build-secret-files is not id=path "
                + "(for example npmrc=.npmrc)");
      }
      Path path = Path.of(line.substring(eq + 1).trim());
      if (!path.isAbsolute() && workspace != null) {
        path = workspace.resolve(path);
      }
      if (!Files.isRegularFile(path)) {
        throw new BadInputException(
            "build-secret-files",
            "The secret file for id " + line.substring(0, eq) + " does not exist: " + path);
      }
      if (env.inActions() && workspace != null && !inside(path, workspace)) {
        throw new BadInputException(
            "build-secret-files",
            "The secret file for id "
                + line.substring(0, eq)
                + " is "
                + "outside the workspace "
                + workspace
                + "; write it into the workspace in an earlier step");
      }
      out.put(line.substring(0, eq), path.toAbsolutePath().normalize());
    }
    return out;
  }

  private static boolean inside(Path file, Path workspace) {
    try {
      return file.toRealPath().startsWith(workspace.toRealPath());
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Checks {@code cache-from} or {@code cache-to} lines: buildah takes a repository, buildx its
   * {@code type=…} CSV; {@code type=gha} needs the runner's cache service variables; a token never
   * goes into the builder's arguments.
   */
  public static void checkCache(String input, List<String> lines, String builder, ActionEnv env) {
    for (String line : lines) {
      if (TOKEN_ATTR.matcher(line).find()) {
        throw new BadInputException(
            input,
            "A "
                + input
                + " line of type "
                + cacheType(line)
                + " carries a token, "
                + "which would be in the "
                + "builder's arguments for anyone to read; remove token=/ghtoken=: bosun hands buildx the runner's "
                + "ACTIONS_RUNTIME_TOKEN through its environment");
      }
      if (builder.equals("buildah") && line.contains("type=")) {
        throw new BadInputException(
            input,
            "'"
                + line
                + "' is buildx syntax; buildah's cache is a repository (for "
                + "example ghcr.io/acme/shop-cache), or use builder: docker");
      }
      if (cacheType(line).equals("gha")
          && (env.get("ACTIONS_RUNTIME_TOKEN").isEmpty()
              || env.get("ACTIONS_CACHE_URL").isEmpty()
                  && env.get("ACTIONS_RESULTS_URL").isEmpty())) {
        throw new BadInputException(
            input,
            "type=gha needs the GitHub Actions cache service, which only a step of "
                + "a GitHub Actions job can reach (ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL are not set); on a "
                + "laptop use type=registry,ref=... or type=local,src=...");
      }
    }
  }

  /**
   * The {@code type=} of a cache line; a bare reference is buildx's shorthand for {@code
   * type=registry}.
   */
  static String cacheType(String line) {
    for (String part : line.split(",")) {
      String p = part.trim();
      if (p.startsWith("type=")) {
        return p.substring(5).trim().toLowerCase(Locale.ROOT);
      }
    }
    return line.contains("=") ? "" : "registry";
  }
}
