package dev.bosun.deploy.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bosun.deploy.target.Release;
import dev.bosun.deploy.target.TargetKind;
import dev.bosun.deploy.target.Targets;
import dev.bosun.support.BadInputException;
import dev.bosun.support.Durations;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads and validates {@code .github/bosun.yml}. The file is polymorphic on each environment's
 * {@code target}: the common keys are read here, the rest by that target ({@link TargetKind}). An
 * unknown key, a key of another target, a missing field or a wrong value is bad input for the
 * {@code config} input, naming the key path ({@code environments.prod.resource-grup}) and what is
 * expected.
 */
public final class ConfigLoader {

  /** The keys every environment may have, whatever its target. */
  static final List<String> COMMON_KEYS =
      List.of(
          "target",
          "apps",
          "url",
          "protected",
          "require-reviewers",
          "promote-from",
          "tags-only",
          "build-per-environment",
          "windows",
          "release");

  private static final Duration RELEASE_TIMEOUT = Duration.ofMinutes(10);
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final ObjectMapper YAML =
      new ObjectMapper(dev.bosun.support.Yaml.factory())
          .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

  private ConfigLoader() {}

  /** The keys every environment shares, as the file spells them. */
  record Common(
      String target,
      Map<String, String> apps,
      String url,
      @JsonProperty("protected") boolean isProtected,
      boolean requireReviewers,
      List<String> promoteFrom,
      boolean tagsOnly,
      List<String> buildPerEnvironment,
      List<String> windows,
      ReleaseKeys release) {}

  /** {@code release: { app, command, timeout, job }}. */
  record ReleaseKeys(String app, List<String> command, String timeout, String job) {}

  public static BosunConfig load(Path file) {
    return load(file, Targets.STANDARD);
  }

  public static BosunConfig load(Path file, Targets targets) {
    String text;
    try {
      text =
          dev.bosun.actions.FileInputs.readText(
              "config", file, dev.bosun.actions.FileInputs.TEXT_LIMIT);
    } catch (NoSuchFileException e) {
      throw new BadInputException(
          "config",
          "The environments file "
              + file
              + " does not exist. Create it (see "
              + "docs/actions/deploy-env.md) or point the 'config' input at it.");
    } catch (IOException e) {
      throw new BadInputException(
          "config", "Cannot read the environments file " + file + ": " + e.getMessage(), e);
    }
    return parse(file.toString(), text, targets);
  }

  public static BosunConfig parse(String source, String text) {
    return parse(source, text, Targets.STANDARD);
  }

  /** Parses and validates the file's text; {@code source} names it in messages. */
  public static BosunConfig parse(String source, String text, Targets targets) {
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      throw new BadInputException(
          "config",
          source
              + " is not valid YAML: "
              + e.getOriginalMessage()
              + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw new BadInputException(
          "config", source + " is empty; it needs at least 'environments'.");
    }
    if (!root.isObject()) {
      throw new BadInputException(
          "config",
          source + ": the top level must be a mapping with 'registry' and " + "'environments'.");
    }
    List<String> problems = new ArrayList<>();
    for (String key : names(root)) {
      if (!key.equals("registry") && !key.equals("environments")) {
        problems.add("unknown key '" + key + "'. Known keys here: environments, registry");
      }
    }
    JsonNode registry = root.get("registry");
    if (registry != null && !registry.isTextual() && !registry.isNull()) {
      problems.add(
          "'registry' has the wrong type or value: use a registry host such as ghcr.io/acme");
    }
    JsonNode envs = root.get("environments");
    Map<String, EnvironmentSpec> named = new LinkedHashMap<>();
    if (envs == null || envs.isNull() || (envs.isObject() && envs.isEmpty())) {
      problems.add("'environments' is missing or empty; add at least one environment");
    } else if (!envs.isObject()) {
      problems.add(
          "'environments' has the wrong type or value: map each environment name to its settings");
    } else {
      for (String key : names(envs)) {
        environment(key, envs.get(key), names(envs), targets, problems)
            .ifPresent(e -> named.put(key, e));
      }
    }
    if (!problems.isEmpty()) {
      throw new BadInputException("config", source + ": " + String.join("; ", problems) + ".");
    }
    return new BosunConfig(registry == null || registry.isNull() ? null : registry.asText(), named);
  }

  private static Optional<EnvironmentSpec> environment(
      String key, JsonNode node, List<String> all, Targets targets, List<String> problems) {
    String at = "environments." + key;
    if (!ENV_NAME.matcher(key).matches()) {
      problems.add("'" + at + "': environment names use letters, digits, '.', '_' and '-'");
    }
    if (node == null || node.isNull() || (node.isObject() && node.isEmpty())) {
      problems.add("'" + at + "' is empty; it needs target and apps, plus the target's own keys");
      return Optional.empty();
    }
    if (!node.isObject()) {
      problems.add(
          "'"
              + at
              + "' has the wrong type or value: give the environment's keys (target, apps, ...)");
      return Optional.empty();
    }
    JsonNode targetNode = node.get("target");
    String targetName = targetNode == null || targetNode.isNull() ? "" : targetNode.asText().trim();
    if (targetName.isEmpty()) {
      problems.add(
          "'" + at + ".target' is missing; use one of " + String.join(", ", targets.names()));
      return Optional.empty();
    }
    Optional<TargetKind<?>> kind = targets.kind(targetName);
    if (kind.isEmpty()) {
      problems.add(
          "'"
              + at
              + ".target' is '"
              + targetName
              + "'; the supported targets are "
              + String.join(", ", targets.names()));
      return Optional.empty();
    }
    return environment(at, key, (ObjectNode) node, kind.get(), all, targets, problems);
  }

  private static <S extends Record> Optional<EnvironmentSpec> environment(
      String at,
      String key,
      ObjectNode node,
      TargetKind<S> kind,
      List<String> all,
      Targets targets,
      List<String> problems) {
    List<String> own = keys(kind.settings());
    ObjectNode common = YAML.createObjectNode();
    ObjectNode settings = YAML.createObjectNode();
    int before = problems.size();
    for (String field : names(node)) {
      if (COMMON_KEYS.contains(field)) {
        common.set(field, node.get(field));
      } else if (own.contains(field)) {
        settings.set(field, node.get(field));
      } else {
        List<String> elsewhere =
            targets.all().stream()
                .filter(k -> keys(k.settings()).contains(field))
                .map(TargetKind::name)
                .toList();
        TreeSet<String> known = new TreeSet<>(COMMON_KEYS);
        known.addAll(own);
        problems.add(
            elsewhere.isEmpty()
                ? "unknown key '"
                    + at
                    + "."
                    + field
                    + "'. Known keys here (target "
                    + kind.name()
                    + "): "
                    + String.join(", ", known)
                : at
                    + "."
                    + field
                    + " is not a key of target "
                    + kind.name()
                    + " (it belongs to target "
                    + String.join(", ", elsewhere)
                    + "); the keys of "
                    + kind.name()
                    + " are "
                    + String.join(", ", known));
      }
    }
    Common c = read(at, common, Common.class, problems);
    S s = read(at, settings, kind.settings(), problems);
    if (c == null || s == null || problems.size() > before) {
      return Optional.empty();
    }
    Optional<Release> release = release(at, c, kind, problems);
    EnvironmentSpec env =
        new EnvironmentSpec(
            key,
            kind.name(),
            c.apps(),
            c.url(),
            c.isProtected(),
            c.requireReviewers(),
            c.promoteFrom(),
            c.tagsOnly(),
            c.buildPerEnvironment(),
            c.windows(),
            release,
            s);
    common(at, key, env, all, problems);
    kind.validate(at, s, env, problems);
    return Optional.of(env);
  }

  /** The rules on the common keys. */
  private static void common(
      String at, String key, EnvironmentSpec env, List<String> all, List<String> problems) {
    if (env.apps().isEmpty()) {
      problems.add(
          "'"
              + at
              + ".apps' is missing or empty; map each app key to its name on the target, "
              + "e.g. { api: shop-api-"
              + key
              + " }");
    }
    env.apps()
        .forEach(
            (app, resource) -> {
              if (resource == null || resource.isBlank()) {
                problems.add("'" + at + ".apps." + app + "' is missing");
              }
            });
    if (env.url() != null && !env.url().matches("https?://\\S+")) {
      problems.add("'" + at + ".url' is '" + env.url() + "'; use an http(s) URL");
    }
    for (String from : env.promoteFrom()) {
      if (!all.contains(from)) {
        problems.add(
            "'"
                + at
                + ".promote-from' names '"
                + from
                + "', which is not an environment in this file");
      } else if (from.equals(key)) {
        problems.add("'" + at + ".promote-from' names the environment itself");
      }
    }
    for (String app : env.buildPerEnvironment()) {
      if (!env.apps().containsKey(app)) {
        problems.add(
            "'"
                + at
                + ".build-per-environment' names '"
                + app
                + "', which is not one of its apps ("
                + String.join(", ", env.apps().keySet())
                + ")");
      }
    }
    for (int i = 0; i < env.windows().size(); i++) {
      try {
        DeployWindow.parse(at + ".windows[" + i + "]", env.windows().get(i));
      } catch (BadInputException e) {
        problems.add(e.getMessage());
      }
    }
  }

  private static Optional<Release> release(
      String at, Common c, TargetKind<?> kind, List<String> problems) {
    ReleaseKeys r = c.release();
    if (r == null) {
      return Optional.empty();
    }
    if (!kind.supportsRelease()) {
      problems.add(
          "'"
              + at
              + ".release': target "
              + kind.name()
              + " does not support a release step yet; run the "
              + "command in the workflow before deploy-env instead");
      return Optional.empty();
    }
    int before = problems.size();
    if (r.app() == null || r.app().isBlank()) {
      problems.add(
          "'" + at + ".release.app' is missing; name the app whose new image runs the command");
    } else if (c.apps() != null && !c.apps().containsKey(r.app())) {
      problems.add(
          "'"
              + at
              + ".release.app' is '"
              + r.app()
              + "', which is not one of its apps ("
              + String.join(", ", c.apps() == null ? List.of() : c.apps().keySet())
              + ")");
    }
    if (r.command() == null
        || r.command().isEmpty()
        || r.command().stream().anyMatch(p -> p == null)) {
      problems.add(
          "'"
              + at
              + ".release.command' is missing; give the command as a list, e.g. [alembic, upgrade, "
              + "head]");
    }
    Duration timeout = RELEASE_TIMEOUT;
    if (r.timeout() != null) {
      try {
        timeout = Durations.positive(at + ".release.timeout", r.timeout());
      } catch (BadInputException e) {
        problems.add(
            "'"
                + at
                + ".release.timeout' is '"
                + r.timeout()
                + "'; use a duration longer than zero, such "
                + "as 10m or 90s");
      }
    }
    if (problems.size() > before) {
      return Optional.empty();
    }
    return Optional.of(
        new Release(
            r.app(), r.command(), timeout, Optional.ofNullable(r.job()).filter(j -> !j.isBlank())));
  }

  /**
   * Reads {@code node} into {@code type}, adding a problem with the key path when a value is wrong.
   */
  private static <T> T read(String at, ObjectNode node, Class<T> type, List<String> problems) {
    try {
      return YAML.treeToValue(node, type);
    } catch (UnrecognizedPropertyException e) {
      List<String> known =
          e.getKnownPropertyIds() == null
              ? List.of()
              : e.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
      problems.add(
          "unknown key '"
              + at
              + "."
              + path(e, e.getPropertyName())
              + "'. Known keys here: "
              + String.join(", ", known));
    } catch (JsonMappingException e) {
      problems.add(
          "'"
              + at
              + "."
              + path(e, null)
              + "' has the wrong type or value: "
              + e.getOriginalMessage().replaceAll("\\(class [^)]*\\)", "").trim());
    } catch (JsonProcessingException | IllegalArgumentException e) {
      problems.add("'" + at + "' cannot be read: " + e.getMessage());
    }
    return null;
  }

  /** A target's keys: its settings record's components, kebab-cased. */
  static List<String> keys(Class<? extends Record> type) {
    return Arrays.stream(type.getRecordComponents())
        // @JsonProperty cannot target a record component, so it is found on the accessor (a key
        // named "wait")
        .map(
            c ->
                Optional.ofNullable(c.getAccessor().getAnnotation(JsonProperty.class))
                    .map(JsonProperty::value)
                    .orElseGet(
                        () ->
                            new PropertyNamingStrategies.KebabCaseStrategy()
                                .translate(c.getName())))
        .toList();
  }

  private static List<String> names(JsonNode node) {
    List<String> out = new ArrayList<>();
    Iterator<String> it = node.fieldNames();
    it.forEachRemaining(out::add);
    return out;
  }

  /** The dotted key path of a Jackson failure: {@code release.timout}. */
  private static String path(JsonMappingException e, String last) {
    String joined =
        e.getPath().stream()
            .map(
                r ->
                    r.getFieldName() != null
                        ? r.getFieldName()
                        : r.getIndex() >= 0 ? "[" + r.getIndex() + "]" : "?")
            .collect(Collectors.joining("."))
            .replace(".[", "[");
    if (last != null && !joined.endsWith(last)) {
      joined = joined.isEmpty() ? last : joined + "." + last;
    }
    return joined.isEmpty() ? "(top level)" : joined;
  }
}
