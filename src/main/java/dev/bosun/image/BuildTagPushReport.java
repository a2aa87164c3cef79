package dev.bosun.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bosun.actions.ActionRuntime;
import dev.bosun.actions.Summary;
import dev.bosun.image.registry.ImageReference;
import dev.bosun.support.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns a {@link BuildTagPushResult} into step outputs, the step summary and the closing log lines.
 */
public final class BuildTagPushReport {

  private static final ObjectMapper JSON = Json.mapper();

  private BuildTagPushReport() {}

  public static void write(BuildTagPushResult result, ActionRuntime runtime) {
    List<String> refs = result.tags().stream().map(ImageReference::toString).toList();
    String labels =
        result.labels().entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("\n"));
    if (result.dryRun()) {
      runtime.log().info("Dry run: nothing was built, pushed or logged in to. The plan:");
      result.plan().forEach(line -> runtime.log().info("  " + line));
    }
    result.pinned().filter(p -> !result.dryRun()).ifPresent(p -> runtime.outputs().set("image", p));
    result
        .digest()
        .filter(d -> !result.dryRun())
        .ifPresent(d -> runtime.outputs().set("digest", d));
    runtime.outputs().set("tags", String.join("\n", refs));
    runtime.outputs().set("labels", labels);
    runtime.outputs().set("metadata", metadata(result, refs));

    Summary summary = runtime.summary();
    String verb =
        switch (result.mode()) {
          case BUILD ->
              result.tags().isEmpty() ? "built and pushed by digest (no tag)" : "built and pushed";
          case PROMOTE -> "promoted";
          case MERGE ->
              "merged from "
                  + result.platforms().size()
                  + " platforms ("
                  + String.join(", ", result.platforms())
                  + ") and tagged";
        };
    summary.heading(
        2, "build-tag-push: " + result.image().name() + (result.dryRun() ? " (dry run)" : ""));
    if (result.dryRun()) {
      summary.paragraph("Dry run: nothing was built, pushed or logged in to.");
    } else if (result.digest().isPresent()) {
      summary.paragraph("`" + result.pinned().orElseThrow() + "` " + verb + ".");
    } else {
      summary.paragraph("Built, not pushed (`push: false`).");
    }
    result.source().ifPresent(s -> summary.paragraph("Source: `" + s + "`"));
    summary.table(
        List.of("Tag", "Reference"),
        result.tags().stream().map(t -> List.of("`" + t.tag() + "`", "`" + t + "`")).toList());
    result
        .promotion()
        .ifPresent(
            p ->
                summary.paragraph(
                    "Blobs: "
                        + p.mounted()
                        + " mounted, "
                        + p.copied()
                        + " copied, "
                        + p.present()
                        + " already there. Nothing was pulled or rebuilt."));
    if (!result.labels().isEmpty()) {
      List<List<String>> rows = new ArrayList<>();
      result.labels().forEach((k, v) -> rows.add(List.of("`" + k + "`", v)));
      summary.table(List.of("Label", "Value"), rows);
    }
    if (result.dryRun()) {
      summary.codeBlock("text", String.join("\n", result.plan()));
    }
    summary.write();
    result.pinned().filter(p -> !result.dryRun()).ifPresent(p -> runtime.log().info("Image: " + p));
  }

  static String metadata(BuildTagPushResult result, List<String> refs) {
    ObjectNode json = JSON.createObjectNode();
    json.put("mode", result.mode().input());
    json.put("dry-run", result.dryRun());
    json.put("image", result.image().name());
    result.digest().ifPresentOrElse(d -> json.put("digest", d), () -> json.putNull("digest"));
    result.source().ifPresent(s -> json.put("source", s.toString()));
    if (!result.platforms().isEmpty()) {
      var platforms = json.putArray("platforms");
      result.platforms().forEach(platforms::add);
    }
    var tags = json.putArray("tags");
    refs.forEach(tags::add);
    ObjectNode labels = json.putObject("labels");
    for (Map.Entry<String, String> e : result.labels().entrySet()) {
      labels.put(e.getKey(), e.getValue());
    }
    try {
      return JSON.writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
