package dev.bosun.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.bosun.support.BadInputException;
import dev.bosun.support.Durations;
import dev.bosun.support.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A team's own Slack payload (JSON or YAML) with {@code {environment}}-style placeholders.
 * Placeholders are replaced inside string values of the parsed tree, so a value can never break the
 * JSON; the result is checked for what Slack would refuse before anything is sent.
 *
 * @param input the input it came from ({@code payload} or {@code payload-file}), named in every
 *     error
 */
public record PayloadTemplate(String input, ObjectNode tree) {

  static final int MAX_BLOCKS = 50;
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z][a-z-]*)\\}");
  private static final ObjectMapper JSON = Json.mapper();

  /** The same SnakeYAML limits as every other YAML bosun reads (aliases, nesting, code points). */
  private static final ObjectMapper YAML = dev.bosun.support.Yaml.mapper();

  /**
   * Parses JSON (text starting with <code>{</code>) or YAML into an object, or fails naming {@code
   * input}.
   */
  public static PayloadTemplate parse(String input, String text) {
    String trimmed = text.strip();
    if (trimmed.isEmpty()) {
      throw new BadInputException(
          input, "Input '" + input + "' is empty; give a Slack message as JSON or YAML.");
    }
    boolean json = trimmed.startsWith("{");
    JsonNode node;
    try {
      node = (json ? JSON : YAML).readTree(trimmed);
    } catch (JsonProcessingException e) {
      var where = e.getLocation();
      throw new BadInputException(
          input,
          "Input '"
              + input
              + "' is not valid "
              + (json ? "JSON" : "YAML")
              + (where == null
                  ? ""
                  : " at line " + where.getLineNr() + ", column " + where.getColumnNr())
              + ": "
              + e.getOriginalMessage());
    }
    if (!(node instanceof ObjectNode object)) {
      throw new BadInputException(
          input,
          "Input '"
              + input
              + "' must be a JSON or YAML object such as "
              + "{\"text\": \"Deployed {environment}\"}, not "
              + (node == null ? "nothing" : node.getNodeType())
              + ".");
    }
    PayloadTemplate template = new PayloadTemplate(input, object);
    template.checkPlaceholders(object, "");
    // the shape is checked now, before any call; render checks again once placeholders have values
    template.validate(object);
    return template;
  }

  /**
   * The placeholder values for {@code c}: user text is escaped for mrkdwn, URLs are given as they
   * are.
   */
  public static Map<String, String> values(DeployContext c) {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("status", c.status().input());
    v.put("status-emoji", c.status().emoji());
    v.put("color", c.status().color());
    v.put("headline", MessageBuilder.headline(c));
    v.put("text", MessageBuilder.fallback(c));
    v.put("environment", Mrkdwn.escape(c.environment().orElse("")));
    v.put("environment-url", c.environmentUrl().map(Object::toString).orElse(""));
    v.put("version", Mrkdwn.escape(c.version().orElse("")));
    v.put("sha", c.sha().orElse(""));
    v.put("short-sha", c.shortSha().orElse(""));
    v.put("commit-url", c.commitUrl().orElse(""));
    v.put("actor", Mrkdwn.escape(c.actor().orElse("")));
    v.put("reason", Mrkdwn.escape(c.reason().orElse("")));
    v.put("live-version", Mrkdwn.escape(c.liveVersion().orElse("")));
    v.put("mention", c.alert().map(Mention::text).orElse(""));
    v.put("repository", Mrkdwn.escape(c.repository().orElse("")));
    v.put("run-url", c.runUrl().orElse(""));
    v.put("duration", c.duration().map(Durations::format).orElse(""));
    v.put("commits", c.commits().isEmpty() ? "" : MessageBuilder.commitsText(c));
    return v;
  }

  /** Every placeholder a template may use, sorted for error messages. */
  static final TreeSet<String> NAMES =
      new TreeSet<>(
          java.util.List.of(
              "status",
              "status-emoji",
              "color",
              "headline",
              "text",
              "environment",
              "environment-url",
              "version",
              "sha",
              "short-sha",
              "commit-url",
              "actor",
              "repository",
              "run-url",
              "duration",
              "commits",
              "reason",
              "live-version",
              "mention"));

  /**
   * The payload for {@code c}, with a fallback {@code text} added when the template has blocks but
   * no text.
   */
  public ObjectNode render(DeployContext c) {
    Map<String, String> values = values(c);
    ObjectNode out = (ObjectNode) substitute(tree, values);
    if (!out.hasNonNull("text") && out.has("blocks")) {
      out.put("text", MessageBuilder.fallback(c));
    }
    validate(out);
    return out;
  }

  private static JsonNode substitute(JsonNode node, Map<String, String> values) {
    if (node.isTextual()) {
      Matcher m = PLACEHOLDER.matcher(node.textValue());
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        m.appendReplacement(sb, Matcher.quoteReplacement(values.get(m.group(1))));
      }
      m.appendTail(sb);
      return TextNode.valueOf(sb.toString());
    }
    if (node.isObject()) {
      ObjectNode copy = JSON.createObjectNode();
      node.properties().forEach(e -> copy.set(e.getKey(), substitute(e.getValue(), values)));
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = JSON.createArrayNode();
      node.forEach(item -> copy.add(substitute(item, values)));
      return copy;
    }
    return node.deepCopy();
  }

  /** A YAML key without a value: null, or empty text as bosun's YAML factory reads it. */
  private static boolean isEmpty(JsonNode value) {
    return value.isNull() || (value.isTextual() && value.asText().isEmpty());
  }

  /**
   * Unknown placeholders are typos; an unquoted YAML {@code {environment}} parses as a mapping,
   * which we explain.
   */
  private void checkPlaceholders(JsonNode node, String path) {
    if (node.isTextual()) {
      Matcher m = PLACEHOLDER.matcher(node.textValue());
      while (m.find()) {
        if (!NAMES.contains(m.group(1))) {
          throw new BadInputException(
              input,
              "Input '"
                  + input
                  + "' uses the unknown placeholder {"
                  + m.group(1)
                  + "} at "
                  + where(path)
                  + "; known placeholders: {"
                  + String.join("}, {", NAMES)
                  + "}.");
        }
      }
    } else if (node.isObject()) {
      if (node.size() == 1
          && NAMES.contains(node.fieldNames().next())
          && isEmpty(node.elements().next())) {
        throw new BadInputException(
            input,
            "Input '"
                + input
                + "' has an unquoted {"
                + node.fieldNames().next()
                + "} at "
                + where(path)
                + ", which YAML reads as a mapping; quote the value: \"{"
                + node.fieldNames().next()
                + "}\".");
      }
      node.properties().forEach(e -> checkPlaceholders(e.getValue(), path + "." + e.getKey()));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        checkPlaceholders(node.get(i), path + "[" + i + "]");
      }
    }
  }

  /** What Slack answers with {@code no_text} or {@code invalid_blocks}, caught before sending. */
  void validate(ObjectNode payload) {
    JsonNode text = payload.get("text");
    JsonNode blocks = payload.get("blocks");
    JsonNode attachments = payload.get("attachments");
    if (text != null && !text.isTextual()) {
      fail("'text' must be a string");
    }
    if (blocks != null) {
      if (!blocks.isArray()) {
        fail("'blocks' must be a list of blocks");
      }
      if (blocks.size() > MAX_BLOCKS) {
        fail("'blocks' has " + blocks.size() + " blocks; Slack takes at most " + MAX_BLOCKS);
      }
      checkBlocks(blocks, "blocks");
    }
    if (attachments != null) {
      if (!attachments.isArray()) {
        fail("'attachments' must be a list");
      }
      for (int i = 0; i < attachments.size(); i++) {
        JsonNode a = attachments.get(i);
        if (!a.isObject()) {
          fail("attachments[" + i + "] must be an object");
        }
        if (a.has("blocks")) {
          if (!a.get("blocks").isArray()) {
            fail("attachments[" + i + "].blocks must be a list of blocks");
          }
          checkBlocks(a.get("blocks"), "attachments[" + i + "].blocks");
        }
      }
    }
    boolean hasText = text != null && !text.asText().isBlank();
    boolean hasBlocks = blocks != null && !blocks.isEmpty();
    boolean hasAttachments = attachments != null && !attachments.isEmpty();
    if (!hasText && !hasBlocks && !hasAttachments) {
      fail(
          "the message has no 'text', 'blocks' or 'attachments', so Slack would refuse it (no_text)");
    }
  }

  private void checkBlocks(JsonNode blocks, String path) {
    for (int i = 0; i < blocks.size(); i++) {
      JsonNode b = blocks.get(i);
      if (!b.isObject() || !b.path("type").isTextual() || b.path("type").asText().isBlank()) {
        fail(
            path
                + "["
                + i
                + "] must be an object with a 'type' such as \"section\" (see Slack's Block Kit)");
      }
    }
  }

  private void fail(String problem) {
    throw new BadInputException(
        input, "Input '" + input + "' is not a Slack message: " + problem + ".");
  }

  private static String where(String path) {
    return path.isEmpty() ? "the top" : path.substring(1);
  }
}
