package dev.bosun.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bosun.actions.ActionEnv;
import dev.bosun.actions.FileInputs;
import dev.bosun.support.BadInputException;
import dev.bosun.support.Durations;
import dev.bosun.support.Yaml;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a checks file: a YAML list (or a mapping with a {@code checks:} list) of named checks.
 * Values may use {@code ${VAR}} to read an environment variable; one used in a header is treated as
 * a secret.
 *
 * <pre>
 * - name: ready
 *   url: https://shop.example.com/ready
 * - name: version
 *   url: https://shop.example.com/api/version
 *   expect-version: ${GITHUB_SHA}
 *   json: { /environment: staging }
 * </pre>
 */
public final class ChecksFile {

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

  private ChecksFile() {}

  /**
   * Reads {@code file} (relative to the working directory, the workspace in a container action).
   */
  public static List<Check> read(
      String input, Path file, List<CheckKind> kinds, ActionEnv env, Consumer<String> secrets) {
    return parse(input, FileInputs.read(input, file, FileInputs.TEXT_LIMIT), kinds, env, secrets);
  }

  /** Parses the YAML text of a checks file with the given kinds (HTTP is {@link HttpCheckKind}). */
  public static List<Check> parse(
      String input, String yaml, List<CheckKind> kinds, ActionEnv env, Consumer<String> secrets) {
    JsonNode root;
    try {
      root = Yaml.mapper().readTree(yaml);
    } catch (IOException e) {
      throw new BadInputException(
          input,
          "Input '"
              + input
              + "' is not valid YAML: "
              + e.getMessage().lines().findFirst().orElse(""));
    }
    if (root != null && root.isObject() && root.has("checks")) {
      root = root.get("checks");
    }
    if (root == null || !root.isArray() || root.isEmpty()) {
      throw new BadInputException(
          input,
          "Input '"
              + input
              + "' must hold a YAML list of checks, each with a name and"
              + " a "
              + keys(kinds)
              + ", e.g. '- name: ready' / '  url: https://host/ready'.");
    }
    List<Check> checks = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int index = 0;
    for (JsonNode node : root) {
      index++;
      if (!node.isObject()) {
        throw new BadInputException(
            input, "Input '" + input + "': entry #" + index + " is not a mapping of fields.");
      }
      Entry entry = new Entry(input, index, node, env, secrets);
      List<CheckKind> matching = kinds.stream().filter(k -> node.has(k.key())).toList();
      if (matching.size() != 1) {
        throw entry.fail(
            matching.isEmpty() ? "has no " + keys(kinds) : "has more than one of " + keys(kinds));
      }
      CheckKind kind = matching.get(0);
      Set<String> unknown = new TreeSet<>();
      node.fieldNames()
          .forEachRemaining(
              f -> {
                if (!kind.fields().contains(f)) {
                  unknown.add(f);
                }
              });
      if (!unknown.isEmpty()) {
        throw entry.fail(
            "has unknown field(s) "
                + unknown
                + "; a "
                + kind.key()
                + ": check takes "
                + new TreeSet<>(kind.fields()));
      }
      Check check = kind.parse(entry);
      if (!names.add(check.name())) {
        throw entry.fail("repeats the name '" + check.name() + "'; names must be unique");
      }
      checks.add(check);
    }
    return checks;
  }

  private static String keys(List<CheckKind> kinds) {
    return String.join(" or ", kinds.stream().map(k -> "'" + k.key() + ":'").toList());
  }

  /** One entry of a checks file, with typed readers whose errors name the input and the entry. */
  public static final class Entry {

    private final String input;
    private final int index;
    private final JsonNode node;
    private final ActionEnv env;
    private final Consumer<String> secrets;

    Entry(String input, int index, JsonNode node, ActionEnv env, Consumer<String> secrets) {
      this.input = input;
      this.index = index;
      this.node = node;
      this.env = env;
      this.secrets = secrets;
    }

    /**
     * The input the file came from, for errors raised by parsers ({@code checks-file}, {@code
     * smoke-checks-file}).
     */
    public String input() {
      return input;
    }

    /** The {@code name:} field, or {@code fallback} when absent. */
    public String name(String fallback) {
      return text("name").orElse(fallback);
    }

    public JsonNode node() {
      return node;
    }

    /** A scalar field as text, with {@code ${VAR}} expanded. */
    public Optional<String> text(String field) {
      JsonNode v = node.get(field);
      if (v == null || v.isNull()) {
        return Optional.empty();
      }
      if (!v.isValueNode()) {
        throw fail("field '" + field + "' must be a single value");
      }
      return Optional.of(expand(v.asText(), false));
    }

    public String requiredText(String field) {
      return text(field)
          .filter(s -> !s.isBlank())
          .orElseThrow(() -> fail("needs a '" + field + "' field"));
    }

    public Optional<Duration> duration(String field) {
      return text(field)
          .map(
              t -> {
                try {
                  return Durations.positive(field, t);
                } catch (BadInputException e) {
                  throw fail(
                      "has "
                          + field
                          + " '"
                          + t
                          + "'; give a duration longer than zero, such as 500ms or 2s");
                }
              });
    }

    /** A scalar or a list of scalars, as text. */
    public List<String> texts(String field) {
      JsonNode v = node.get(field);
      if (v == null || v.isNull()) {
        return List.of();
      }
      if (v.isValueNode()) {
        return List.of(expand(v.asText(), false));
      }
      if (!v.isArray()) {
        throw fail("field '" + field + "' must be a value or a list of values");
      }
      List<String> out = new ArrayList<>();
      v.forEach(
          e -> {
            if (!e.isValueNode()) {
              throw fail("field '" + field + "' must be a list of values");
            }
            out.add(expand(e.asText(), false));
          });
      return out;
    }

    /**
     * A mapping field, in file order; {@code secret} values have their {@code ${VAR}} expansions
     * masked.
     */
    public List<java.util.Map.Entry<String, JsonNode>> mapping(String field) {
      JsonNode v = node.get(field);
      if (v == null || v.isNull()) {
        return List.of();
      }
      if (!v.isObject()) {
        throw fail("field '" + field + "' must be a mapping of 'key: value' lines");
      }
      List<java.util.Map.Entry<String, JsonNode>> out = new ArrayList<>();
      for (Iterator<java.util.Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
        out.add(it.next());
      }
      return out;
    }

    /**
     * Replaces {@code ${VAR}} with the variable's value. When {@code secret}, each value read is
     * registered as a secret first, so it is masked wherever it could be printed.
     */
    public String expand(String text, boolean secret) {
      Matcher m = VARIABLE.matcher(text);
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        String value =
            env.get(m.group(1))
                .orElseThrow(
                    () ->
                        fail(
                            "uses ${"
                                + m.group(1)
                                + "}, but that environment variable is not set; set it in the step's env:"));
        if (secret) {
          secrets.accept(value);
        }
        m.appendReplacement(sb, Matcher.quoteReplacement(value));
      }
      m.appendTail(sb);
      return sb.toString();
    }

    /** Registers a value as a secret, to be masked. */
    public void secret(String value) {
      secrets.accept(value);
    }

    /** An error that names the input and this entry; throw it. */
    public BadInputException fail(String problem) {
      JsonNode name = node.get("name");
      String which =
          name != null && name.isValueNode() ? "entry '" + name.asText() + "'" : "entry #" + index;
      return new BadInputException(input, "Input '" + input + "': " + which + " " + problem + ".");
    }
  }
}
