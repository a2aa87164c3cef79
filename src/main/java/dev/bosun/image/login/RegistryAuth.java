package dev.bosun.image.login;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bosun.image.registry.ImageReference;
import dev.bosun.image.registry.RegistryCredential;
import dev.bosun.image.registry.RegistryCredentials;
import dev.bosun.support.BadInputException;
import dev.bosun.support.Yaml;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The {@code registry-auth} input: logins for several registries at once, in docker/login-action's
 * form (a YAML list of {@code registry}, {@code username}, {@code password}). They serve the
 * registries the image and its promotions touch, and go into the build's temporary docker config so
 * private base images can be pulled.
 */
public final class RegistryAuth implements RegistryCredentials {

  private static final ObjectMapper YAML = Yaml.mapper();
  private static final Pattern HOST = Pattern.compile("[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\\d{1,5})?");
  static final int MAX_CHARS = 64 * 1024;

  private final Map<String, RegistryCredential> logins;
  private final RegistryCredentials fallback;

  public RegistryAuth(Map<String, RegistryCredential> logins, RegistryCredentials fallback) {
    this.logins = Map.copyOf(logins);
    this.fallback = fallback;
  }

  /**
   * Parses the input; every password is masked before anything else happens. Messages name the
   * entry by number, never by its values.
   */
  public static Map<String, RegistryCredential> parse(String yaml, Consumer<String> mask) {
    Map<String, RegistryCredential> out = new LinkedHashMap<>();
    if (yaml == null || yaml.isBlank()) {
      return out;
    }
    if (yaml.length() > MAX_CHARS) {
      throw new BadInputException(
          "registry-auth", "registry-auth is longer than " + MAX_CHARS + " characters");
    }
    JsonNode list;
    try {
      list = YAML.readTree(yaml);
    } catch (IOException e) {
      // the parser's message may quote the input, which holds passwords
      throw new BadInputException(
          "registry-auth",
          "registry-auth is not YAML; write a list of entries with "
              + "registry, username and password, as docker/login-action's registry-auth");
    }
    if (list == null || !list.isArray()) {
      throw new BadInputException(
          "registry-auth",
          "registry-auth must be a YAML list (each entry starts with '- " + "registry:')");
    }
    for (JsonNode e : list) {
      String p = e.path("password").asText("");
      if (!p.isEmpty()) {
        mask.accept(p);
      }
    }
    for (int i = 0; i < list.size(); i++) {
      JsonNode e = list.get(i);
      String registry = normal(e.path("registry").asText(""));
      String user = e.path("username").asText("");
      String password = e.path("password").asText("");
      if (!HOST.matcher(registry).matches() || user.isEmpty() || password.isEmpty()) {
        throw new BadInputException(
            "registry-auth",
            "Entry "
                + (i + 1)
                + " of registry-auth needs registry (a host "
                + "such as ghcr.io), username and password");
      }
      if (out.put(registry, new RegistryCredential(user, password)) != null) {
        throw new BadInputException(
            "registry-auth",
            "Entry "
                + (i + 1)
                + " of registry-auth names "
                + registry
                + " again; give each registry once");
      }
    }
    return out;
  }

  /**
   * {@code https://index.docker.io/v1/} and {@code docker.io} are one registry, as docker's config
   * treats them.
   */
  static String normal(String registry) {
    String r =
        registry
            .trim()
            .toLowerCase(Locale.ROOT)
            .replaceFirst("^https?://", "")
            .replaceFirst("/.*$", "");
    return r.equals("index.docker.io") || r.equals("registry-1.docker.io")
        ? ImageReference.DOCKER_HUB
        : r;
  }

  /** The registries this input logs in to, in the order given. */
  public List<String> registries() {
    return List.copyOf(logins.keySet());
  }

  @Override
  public Optional<RegistryCredential> forRegistry(String registry) {
    RegistryCredential c = logins.get(registry);
    return c != null ? Optional.of(c) : fallback.forRegistry(registry);
  }

  /** For the plan. */
  public String describe(String registry) {
    RegistryCredential c = logins.get(registry);
    if (c != null) {
      return "user " + c.username() + " (registry-auth)";
    }
    return fallback instanceof DockerConfigCredentials files ? files.describe() : "anonymous";
  }
}
