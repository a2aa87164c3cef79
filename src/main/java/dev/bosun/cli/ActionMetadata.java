package dev.bosun.cli;

import dev.bosun.actions.ActionBranding;
import dev.bosun.actions.ActionOutput;
import dev.bosun.actions.InputDefaultProvider;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Generates each {@code actions/<command>/action.yml} from the picocli model, so a flag and its
 * action input are one definition. A test compares the committed files with this output.
 */
public final class ActionMetadata {

  private ActionMetadata() {}

  /** The inputs of a command: every option except help, version and the laptop-only flags. */
  public static List<OptionSpec> inputs(CommandSpec spec) {
    return spec.options().stream()
        .filter(o -> !o.usageHelp() && !o.versionHelp() && !InputDefaultProvider.isCliOnly(o))
        .toList();
  }

  public static List<ActionOutput> outputs(CommandSpec spec) {
    return Arrays.asList(spec.userObject().getClass().getAnnotationsByType(ActionOutput.class));
  }

  /**
   * The first description line of a command or option, with picocli's {@code %n} turned into
   * spaces.
   */
  public static String describe(String[] description) {
    return String.join(" ", description).replace("%n", " ").replaceAll("\\s+", " ").trim();
  }

  public static String actionYml(CommandSpec spec, String image, String version) {
    return actionYml(spec, ActionImages.tagged(image, version));
  }

  public static String actionYml(CommandSpec spec, ActionImages images) {
    StringBuilder y = new StringBuilder();
    y.append("# Generated from the picocli model of `bosun ")
        .append(spec.name())
        .append(
            "` by ActionMetadata; regenerate with BOSUN_REGENERATE=1 ./mvnw test -Dtest=ActionMetadataTest\n");
    y.append("name: ").append(quote("bosun " + spec.name())).append('\n');
    y.append("description: ")
        .append(quote(describe(spec.usageMessage().description())))
        .append('\n');
    y.append("author: 'bosun'\n");
    ActionBranding branding = spec.userObject().getClass().getAnnotation(ActionBranding.class);
    if (branding != null) {
      y.append("branding:\n  icon: ")
          .append(quote(branding.icon()))
          .append("\n  color: ")
          .append(quote(branding.color()))
          .append('\n');
    }
    List<OptionSpec> inputs = inputs(spec);
    if (!inputs.isEmpty()) {
      y.append("inputs:\n");
      for (OptionSpec o : inputs) {
        y.append("  ").append(InputDefaultProvider.inputName(o)).append(":\n");
        y.append("    description: ").append(quote(describe(o.description()))).append('\n');
        y.append("    required: ").append(o.required()).append('\n');
        if (o.defaultValue() != null) {
          y.append("    default: ").append(quote(o.defaultValue())).append('\n');
        }
      }
    }
    List<ActionOutput> outputs = outputs(spec);
    if (!outputs.isEmpty()) {
      y.append("outputs:\n");
      for (ActionOutput out : outputs) {
        y.append("  ").append(out.name()).append(":\n");
        y.append("    description: ").append(quote(out.description())).append('\n');
      }
    }
    y.append("runs:\n  using: 'docker'\n  image: ")
        .append(quote(images.reference(spec.name())))
        .append('\n');
    y.append("  args:\n    - ").append(quote(spec.name())).append('\n');
    return y.toString();
  }

  /** A single-quoted YAML scalar. */
  static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
