package dev.bosun.deploy.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bosun.support.BadInputException;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Changes one app's image in a GitOps file and nothing else: the text is edited at the positions
 * the YAML parser reports, so comments, key order, quoting and indentation stay as they were. Works
 * on a kustomization's {@code images:} entries or on a Helm values key. The result is parsed again
 * and checked to differ from the input only where it should.
 */
public final class ImageEdit {

  private static final ObjectMapper YAML = dev.bosun.support.Yaml.mapper();

  /** A GitOps file is a few kilobytes; the cap keeps a wrong {@code file} from being read whole. */
  public static final int FILE_CAP = 1024 * 1024;

  private ImageEdit() {}

  /** Which kind of file, and where in it the image lives. */
  public sealed interface Format {}

  /**
   * A kustomization's {@code images:} list; the entry whose {@code name} (or {@code newName}) is
   * the image.
   */
  public record Kustomize() implements Format {}

  /**
   * A Helm values file; {@code path} is a dotted key path. A path ending in {@code digest} gets the
   * bare {@code sha256:…}; any other path gets the full {@code repository@sha256:…} reference.
   */
  public record HelmValues(String path) implements Format {}

  /**
   * The image to set: its repository as the file names it, the digest, and the tag that digest was
   * pushed as.
   */
  public record Target(String image, String digest, Optional<String> tag) {}

  /** What an app's entry holds now. */
  public record Current(String digest, String text) {}

  /** The new text, and whether it differs. */
  public record Result(String text, boolean changed, String before, String after) {}

  public static Result apply(String file, String text, Format format, Target target) {
    return switch (format) {
      case Kustomize k -> kustomize(file, text, target);
      case HelmValues h -> helm(file, text, h.path(), target);
    };
  }

  /** The digest the file pins for the image now (empty when none), for status and plans. */
  public static Optional<String> current(String file, String text, Format format, String image) {
    Node root = compose(file, text);
    return switch (format) {
      case Kustomize k ->
          entry(file, root, image).flatMap(e -> scalar(e, "digest")).map(ScalarNode::getValue);
      case HelmValues h ->
          at(root, h.path())
              .map(ScalarNode::getValue)
              .filter(v -> !v.isEmpty())
              .map(v -> v.contains("@") ? v.substring(v.indexOf('@') + 1) : v);
    };
  }

  private static Result kustomize(String file, String text, Target target) {
    Node root = compose(file, text);
    MappingNode entry =
        entry(file, root, target.image())
            .orElseThrow(
                () ->
                    new BadInputException(
                        "config",
                        file
                            + " has no images: entry with name (or newName) '"
                            + target.image()
                            + "'. Add one (kustomize edit set image "
                            + target.image()
                            + "="
                            + target.image()
                            + "@"
                            + target.digest()
                            + ") or fix the app's image in apps:."));
    List<Splice> splices = new ArrayList<>();
    Optional<ScalarNode> digest = scalar(entry, "digest");
    String before = digest.map(ScalarNode::getValue).orElse("");
    if (digest.isPresent()) {
      splices.add(replace(text, digest.get(), target.digest()));
    } else {
      splices.add(addKey(text, entry, "digest", target.digest()));
    }
    Optional<ScalarNode> tag = scalar(entry, "newTag");
    if (tag.isPresent()) {
      // kustomize writes name:tag@digest; a stale tag beside the new digest would mislead whoever
      // reads the file
      splices.add(
          target
              .tag()
              .map(t -> replace(text, tag.get(), t))
              .orElseGet(() -> removeKey(text, entry, "newTag")));
    }
    String out = applyAll(text, splices);
    verify(file, text, out, "images", target);
    return new Result(out, !out.equals(text), before, target.digest());
  }

  private static Result helm(String file, String text, String path, Target target) {
    Node root = compose(file, text);
    ScalarNode node =
        at(root, path)
            .orElseThrow(
                () ->
                    new BadInputException(
                        "config",
                        file
                            + " has no value at '"
                            + path
                            + "' (value-path). Add the key (it may be empty: digest: \"\") so bosun knows where the image goes."));
    String value =
        path.endsWith("digest") ? target.digest() : target.image() + "@" + target.digest();
    String out = applyAll(text, List.of(replace(text, node, value)));
    verify(file, text, out, path, target);
    return new Result(out, !out.equals(text), node.getValue(), value);
  }

  private static Optional<MappingNode> entry(String file, Node root, String image) {
    if (!(root instanceof MappingNode map)) {
      throw new BadInputException(
          "config", file + " is not a kustomization (no top-level mapping).");
    }
    Optional<Node> images = value(map, "images");
    if (images.isEmpty() || !(images.get() instanceof SequenceNode list)) {
      return Optional.empty();
    }
    for (Node item : list.getValue()) {
      if (item instanceof MappingNode m
          && (scalar(m, "name").map(ScalarNode::getValue).filter(image::equals).isPresent()
              || scalar(m, "newName")
                  .map(ScalarNode::getValue)
                  .filter(image::equals)
                  .isPresent())) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  private static Optional<ScalarNode> at(Node root, String path) {
    Node node = root;
    for (String key : path.split("\\.")) {
      if (!(node instanceof MappingNode map)) {
        return Optional.empty();
      }
      Optional<Node> next = value(map, key);
      if (next.isEmpty()) {
        return Optional.empty();
      }
      node = next.get();
    }
    return node instanceof ScalarNode s ? Optional.of(s) : Optional.empty();
  }

  private static Optional<Node> value(MappingNode map, String key) {
    for (NodeTuple t : map.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
        return Optional.of(t.getValueNode());
      }
    }
    return Optional.empty();
  }

  private static Optional<ScalarNode> scalar(MappingNode map, String key) {
    return value(map, key).filter(ScalarNode.class::isInstance).map(ScalarNode.class::cast);
  }

  /** A change of the text: replace [start, end) with {@code with}. */
  private record Splice(int start, int end, String with) {}

  private static Splice replace(String text, ScalarNode node, String value) {
    int start = offset(text, node.getStartMark().getIndex());
    int end = offset(text, node.getEndMark().getIndex());
    String quoted =
        switch (node.getScalarStyle()) {
          case DOUBLE_QUOTED -> "\"" + value + "\"";
          case SINGLE_QUOTED -> "'" + value + "'";
          default -> value;
        };
    // an empty plain value ("digest:") sits right after the colon
    return new Splice(
        start,
        end,
        start == end && start > 0 && text.charAt(start - 1) == ':' ? " " + quoted : quoted);
  }

  /**
   * A new key after the entry's last one, at the same indentation (block style), or inside the
   * braces (flow).
   */
  private static Splice addKey(String text, MappingNode entry, String key, String value) {
    NodeTuple last = entry.getValue().get(entry.getValue().size() - 1);
    int end = offset(text, last.getValueNode().getEndMark().getIndex());
    if (entry.getFlowStyle() == DumperOptions.FlowStyle.FLOW) {
      return new Splice(end, end, ", " + key + ": " + value);
    }
    int column = last.getKeyNode().getStartMark().getColumn();
    int lineEnd = text.indexOf('\n', end);
    int at = lineEnd < 0 ? text.length() : lineEnd;
    String newline = at > 0 && at <= text.length() && text.startsWith("\r", at - 1) ? "\r\n" : "\n";
    if (newline.equals("\r\n")) {
      at -= 1;
    }
    return new Splice(at, at, newline + " ".repeat(column) + key + ": " + value);
  }

  /** Removes a key: its whole line in block style, or the key and its comma in flow style. */
  private static Splice removeKey(String text, MappingNode entry, String key) {
    for (int i = 0; i < entry.getValue().size(); i++) {
      NodeTuple t = entry.getValue().get(i);
      if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
        int start = offset(text, t.getKeyNode().getStartMark().getIndex());
        int end = offset(text, t.getValueNode().getEndMark().getIndex());
        if (entry.getFlowStyle() == DumperOptions.FlowStyle.FLOW) {
          int comma = text.indexOf(',', end);
          return i + 1 < entry.getValue().size() && comma >= 0
              ? new Splice(start, skipSpaces(text, comma + 1), "")
              : new Splice(text.lastIndexOf(',', start), end, "");
        }
        int lineStart = text.lastIndexOf('\n', start - 1) + 1;
        boolean alone = text.substring(lineStart, start).isBlank();
        int lineEnd = text.indexOf('\n', end);
        return alone
            ? new Splice(lineStart, lineEnd < 0 ? text.length() : lineEnd + 1, "")
            : new Splice(start, lineEnd < 0 ? text.length() : lineEnd, "");
      }
    }
    throw new IllegalStateException("no key " + key);
  }

  private static int skipSpaces(String text, int i) {
    while (i < text.length() && text.charAt(i) == ' ') {
      i++;
    }
    return i;
  }

  private static String applyAll(String text, List<Splice> splices) {
    StringBuilder out = new StringBuilder(text);
    splices.stream()
        .sorted(Comparator.comparingInt(Splice::start).reversed())
        .forEach(s -> out.replace(s.start(), s.end(), s.with()));
    return out.toString();
  }

  /** SnakeYAML counts code points; Java strings count UTF-16 units. */
  private static int offset(String text, int codePoints) {
    return text.offsetByCodePoints(0, Math.min(codePoints, text.codePointCount(0, text.length())));
  }

  private static Node compose(String file, String text) {
    if (text.length() > FILE_CAP) {
      throw new BadInputException(
          "config",
          file
              + " is larger than "
              + FILE_CAP
              + " bytes; point 'file' at the "
              + "kustomization or values file that names the image.");
    }
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(20);
    try {
      Node node = new Yaml(options).compose(new StringReader(text));
      if (node == null) {
        throw new BadInputException("config", file + " is empty.");
      }
      return node;
    } catch (RuntimeException e) {
      if (e instanceof BadInputException b) {
        throw b;
      }
      throw new BadInputException(
          "config",
          file
              + " is not valid YAML: "
              + e.getMessage().lines().findFirst().orElse("")
              + ". Fix the file in the GitOps repository.");
    }
  }

  /** The edit must leave the document equal to the old one with only the app's image changed. */
  private static void verify(
      String file, String before, String after, String where, Target target) {
    try {
      JsonNode old = YAML.readTree(before);
      JsonNode now = YAML.readTree(after);
      JsonNode expected = old.deepCopy();
      if (where.equals("images")) {
        for (JsonNode e : expected.path("images")) {
          if (target.image().equals(e.path("name").asText())
              || target.image().equals(e.path("newName").asText())) {
            ((ObjectNode) e).put("digest", target.digest());
            if (e.has("newTag")) {
              if (target.tag().isPresent()) {
                ((ObjectNode) e).put("newTag", target.tag().get());
              } else {
                ((ObjectNode) e).remove("newTag");
              }
            }
          }
        }
      } else {
        String[] keys = where.split("\\.");
        JsonNode parent = expected;
        for (int i = 0; i < keys.length - 1; i++) {
          parent = parent.path(keys[i]);
        }
        ((ObjectNode) parent)
            .put(
                keys[keys.length - 1],
                where.endsWith("digest")
                    ? target.digest()
                    : target.image() + "@" + target.digest());
      }
      if (!expected.equals(now)) {
        throw new IllegalStateException(
            "the edited " + file + " differs from the expected document");
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "the edited " + file + " does not parse: " + e.getMessage(), e);
    }
  }
}
