package dev.bosun.deploy.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.bosun.support.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads and validates {@code .github/bosun.yml}. An unknown key, a missing field or a wrong value is bad input for
 * the {@code config} input, naming the key path ({@code environments.prod.resource-grup}) and what is expected.
 */
public final class ConfigLoader {

  private static final Pattern SUBSCRIPTION = Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

  private ConfigLoader() {}

  public static BosunConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new BadInputException("config", "The environments file " + file + " does not exist. Create it (see the "
          + "deploy-env section of the README) or point the 'config' input at it.");
    } catch (IOException e) {
      throw new BadInputException("config", "Cannot read the environments file " + file + ": " + e.getMessage(), e);
    }
    return parse(file.toString(), text);
  }

  /** Parses and validates the file's text; {@code source} names it in messages. */
  public static BosunConfig parse(String source, String text) {
    BosunConfig raw;
    try {
      raw = YAML.readValue(text, BosunConfig.class);
    } catch (UnrecognizedPropertyException e) {
      String path = path(e, e.getPropertyName());
      List<String> known = e.getKnownPropertyIds() == null ? List.of()
          : e.getKnownPropertyIds().stream().map(String::valueOf).filter(k -> !k.equals("name")).sorted().toList();
      throw new BadInputException("config", source + ": unknown key '" + path + "'. Known keys here: "
          + String.join(", ", known) + ".");
    } catch (JsonMappingException e) {
      throw new BadInputException("config", source + ": '" + path(e, null) + "' has the wrong type or value: "
          + e.getOriginalMessage().replaceAll("\\(class [^)]*\\)", "").trim());
    } catch (JsonProcessingException e) {
      throw new BadInputException("config", source + " is not valid YAML: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
    }
    if (raw == null) {
      throw new BadInputException("config", source + " is empty; it needs at least 'environments'.");
    }
    return validate(source, raw);
  }

  private static BosunConfig validate(String source, BosunConfig raw) {
    List<String> problems = new ArrayList<>();
    if (raw.environments().isEmpty()) {
      problems.add("'environments' is missing or empty; add at least one environment");
    }
    Map<String, EnvironmentSpec> named = new LinkedHashMap<>();
    raw.environments().forEach((key, spec) -> {
      String at = "environments." + key;
      if (!ENV_NAME.matcher(key).matches()) {
        problems.add("'" + at + "': environment names use letters, digits, '.', '_' and '-'");
      }
      if (spec == null) {
        problems.add("'" + at + "' is empty; it needs target, subscription, resource-group and apps");
        return;
      }
      if (spec.name() != null) {
        problems.add("unknown key '" + at + ".name'; the environment's name is its key");
      }
      EnvironmentSpec env = spec.named(key);
      required(problems, at + ".target", env.target());
      if (env.target() != null && !EnvironmentSpec.AZURE_CONTAINER_APPS.equals(env.target())) {
        problems.add("'" + at + ".target' is '" + env.target() + "'; the supported target is "
            + EnvironmentSpec.AZURE_CONTAINER_APPS);
      }
      required(problems, at + ".subscription", env.subscription());
      if (env.subscription() != null && !SUBSCRIPTION.matcher(env.subscription()).matches()) {
        problems.add("'" + at + ".subscription' is '" + env.subscription()
            + "'; use the subscription ID (a GUID, see 'az account list'), not its name");
      }
      required(problems, at + ".resource-group", env.resourceGroup());
      if (env.apps().isEmpty()) {
        problems.add("'" + at + ".apps' is missing or empty; map each app to its Container App name, "
            + "e.g. { api: aca-shop-api-" + key + " }");
      }
      env.apps().forEach((app, resource) -> required(problems, at + ".apps." + app, resource));
      if (env.url() != null && !env.url().matches("https?://\\S+")) {
        problems.add("'" + at + ".url' is '" + env.url() + "'; use an http(s) URL");
      }
      for (String from : env.promoteFrom()) {
        if (!raw.environments().containsKey(from)) {
          problems.add("'" + at + ".promote-from' names '" + from + "', which is not an environment in this file");
        } else if (from.equals(key)) {
          problems.add("'" + at + ".promote-from' names the environment itself");
        }
      }
      for (String app : env.buildPerEnvironment()) {
        if (!env.apps().containsKey(app)) {
          problems.add("'" + at + ".build-per-environment' names '" + app + "', which is not one of its apps ("
              + String.join(", ", env.apps().keySet()) + ")");
        }
      }
      for (int i = 0; i < env.windows().size(); i++) {
        try {
          DeployWindow.parse(at + ".windows[" + i + "]", env.windows().get(i));
        } catch (BadInputException e) {
          problems.add(e.getMessage());
        }
      }
      named.put(key, env);
    });
    if (!problems.isEmpty()) {
      throw new BadInputException("config", source + ": " + String.join("; ", problems) + ".");
    }
    return new BosunConfig(raw.registry(), named);
  }

  private static void required(List<String> problems, String path, String value) {
    if (value == null || value.isBlank()) {
      problems.add("'" + path + "' is missing");
    }
  }

  /** The dotted key path of a Jackson failure: {@code environments.prod.resource-grup}. */
  private static String path(JsonMappingException e, String last) {
    String joined = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName()
            : r.getIndex() >= 0 ? "[" + r.getIndex() + "]" : "?")
        .collect(Collectors.joining(".")).replace(".[", "[");
    if (last != null && !joined.endsWith(last)) {
      joined = joined.isEmpty() ? last : joined + "." + last;
    }
    return joined.isEmpty() ? "(top level)" : joined;
  }
}
