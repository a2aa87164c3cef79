package dev.bosun.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks every {@code uses: <owner>/bosun/actions/<x>@<ref>} step of a workflow against {@code
 * actions/<x>/action.yml}: it passes only declared inputs and sets every required one, and the job
 * reads only outputs the action declares ({@code steps.<id>.outputs.<name>}). A placeholder action
 * (its description says "not implemented yet") is reported as such instead of failing, so templates
 * may run ahead of the actions.
 */
final class ActionInputCheck {

  static final Pattern BOSUN_ACTION =
      Pattern.compile("^[^/\\s]+/bosun/actions/([A-Za-z0-9_.-]+)@\\S+$");
  static final String PLACEHOLDER = "not implemented yet";
  private static final Pattern USES_LINE =
      Pattern.compile("^\\s*(?:-\\s+)?uses:\\s*['\"]?([^'\"\\s#]+)['\"]?\\s*(?:#.*)?$");
  static final Pattern STEP_OUTPUT =
      Pattern.compile("steps\\.([A-Za-z0-9_-]+)\\.outputs\\.([A-Za-z0-9_-]+)");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** One message about a step that uses the bosun action {@code action}. */
  record Finding(String action, String message) {
    @Override
    public String toString() {
      return message;
    }
  }

  /**
   * What one workflow's bosun steps were checked against: problems, placeholders met, and the
   * actions checked.
   */
  record Report(
      List<Finding> problems, List<Finding> notYetImplemented, List<String> actionsChecked) {
    int stepsChecked() {
      return actionsChecked.size();
    }

    List<String> messages() {
      return problems.stream().map(Finding::message).toList();
    }

    /** Every bosun action this workflow uses, in order of first use. */
    Set<String> actions() {
      Set<String> all = new LinkedHashSet<>(actionsChecked);
      problems.forEach(f -> all.add(f.action()));
      notYetImplemented.forEach(f -> all.add(f.action()));
      return all;
    }
  }

  /** One input of an action.yml. */
  record Input(boolean required, boolean hasDefault) {
    boolean mustBeSet() {
      return required && !hasDefault;
    }
  }

  /** An action.yml as far as this check cares. */
  record Action(String name, String description, Map<String, Input> inputs, Set<String> outputs) {
    boolean placeholder() {
      return description.contains(PLACEHOLDER);
    }
  }

  private ActionInputCheck() {}

  static Report check(Path workflow, Path actionsDir) throws IOException {
    JsonNode root = YAML.readTree(workflow.toFile());
    Iterator<Integer> usesLines = bosunUsesLines(workflow).iterator();
    List<Finding> problems = new ArrayList<>();
    List<Finding> placeholders = new ArrayList<>();
    List<String> checked = new ArrayList<>();
    JsonNode jobs = root == null ? null : root.path("jobs");
    if (jobs == null || !jobs.isObject()) {
      return new Report(List.of(new Finding("", workflow + ": has no jobs")), List.of(), List.of());
    }
    for (var job : jobs.properties()) {
      Map<String, CheckedStep> byId = new LinkedHashMap<>();
      JsonNode steps = job.getValue().path("steps");
      for (int i = 0; i < steps.size(); i++) {
        JsonNode step = steps.get(i);
        Matcher m = BOSUN_ACTION.matcher(step.path("uses").asText(""));
        if (!m.matches()) {
          continue;
        }
        String actionName = m.group(1);
        String stepName =
            "step " + (i + 1) + describeStep(step) + " (" + step.path("uses").asText() + ")";
        // Steps come in document order, so the next bosun `uses:` line in the text is this step's.
        String where =
            workflow
                + (usesLines.hasNext() ? ":" + usesLines.next() : "")
                + ": job '"
                + job.getKey()
                + "', "
                + stepName;
        Path yml = actionsDir.resolve(actionName).resolve("action.yml");
        if (!Files.exists(yml)) {
          problems.add(
              new Finding(
                  actionName,
                  where
                      + " uses the bosun action '"
                      + actionName
                      + "', but "
                      + yml
                      + " does not exist; the actions are: "
                      + String.join(", ", actionNames(actionsDir))));
          continue;
        }
        Action action = readAction(yml);
        if (action.placeholder()) {
          placeholders.add(
              new Finding(
                  actionName,
                  where
                      + ": actions/"
                      + actionName
                      + " is not yet implemented (its"
                      + " action.yml is still the placeholder), so this step's inputs are not checked yet"));
          continue;
        }
        checked.add(actionName);
        if (step.hasNonNull("id")) {
          byId.put(step.get("id").asText(), new CheckedStep(actionName, action, stepName));
        }
        checkInputs(step.path("with"), action, actionName, yml, where, problems);
      }
      checkOutputsRead(workflow, job.getKey(), job.getValue(), byId, problems);
    }
    return new Report(problems, placeholders, checked);
  }

  /**
   * Checks the bosun steps anywhere in a YAML snippet (a whole workflow, a list of steps or one
   * step), as the docs show them; {@code where} names the snippet. Placeholder actions are left
   * out, as in {@link #check}.
   */
  static List<Finding> checkSnippet(String where, JsonNode snippet, Path actionsDir)
      throws IOException {
    List<Finding> problems = new ArrayList<>();
    List<JsonNode> steps = new ArrayList<>();
    collectBosunSteps(snippet, steps);
    for (JsonNode step : steps) {
      String uses = step.get("uses").asText();
      Matcher m = BOSUN_ACTION.matcher(uses);
      m.matches();
      String actionName = m.group(1);
      Path yml = actionsDir.resolve(actionName).resolve("action.yml");
      String stepWhere = where + ": step" + describeStep(step) + " (" + uses + ")";
      if (!Files.exists(yml)) {
        problems.add(
            new Finding(
                actionName,
                stepWhere
                    + " uses the bosun action '"
                    + actionName
                    + "', but "
                    + yml
                    + " does not exist; the actions are: "
                    + String.join(", ", actionNames(actionsDir))));
      } else if (!readAction(yml).placeholder()) {
        checkInputs(step.path("with"), readAction(yml), actionName, yml, stepWhere, problems);
      }
    }
    return problems;
  }

  private static void collectBosunSteps(JsonNode node, List<JsonNode> into) {
    if (node == null) {
      return;
    }
    if (node.isObject() && BOSUN_ACTION.matcher(node.path("uses").asText("")).matches()) {
      into.add(node);
    }
    node.forEach(child -> collectBosunSteps(child, into));
  }

  /** A bosun step with an id, whose outputs the rest of the job may read. */
  private record CheckedStep(String actionName, Action action, String description) {}

  private static void checkInputs(
      JsonNode with,
      Action action,
      String actionName,
      Path yml,
      String where,
      List<Finding> problems) {
    for (var given : with.properties()) {
      if (!action.inputs().containsKey(given.getKey())) {
        problems.add(
            new Finding(
                actionName,
                where
                    + " passes input '"
                    + given.getKey()
                    + "', which "
                    + yml
                    + " does not declare"
                    + suggestion(given.getKey(), action.inputs().keySet())
                    + ". Declared inputs: "
                    + (action.inputs().isEmpty()
                        ? "none"
                        : String.join(", ", action.inputs().keySet()))));
      }
    }
    action
        .inputs()
        .forEach(
            (name, input) -> {
              if (input.mustBeSet() && !with.has(name)) {
                problems.add(
                    new Finding(
                        actionName,
                        where + " does not set '" + name + "', which " + yml + " requires"));
              }
            });
  }

  /**
   * Every {@code steps.<id>.outputs.<name>} in the job (steps, job outputs) names an output the
   * step's action has.
   */
  private static void checkOutputsRead(
      Path workflow,
      String jobName,
      JsonNode job,
      Map<String, CheckedStep> byId,
      List<Finding> problems) {
    for (String text : strings(job, new ArrayList<>())) {
      Matcher out = STEP_OUTPUT.matcher(text);
      while (out.find()) {
        CheckedStep step = byId.get(out.group(1));
        Set<String> outputs = step == null ? null : step.action().outputs();
        if (outputs != null && !outputs.contains(out.group(2))) {
          problems.add(
              new Finding(
                  step.actionName(),
                  workflow
                      + ": job '"
                      + jobName
                      + "' reads steps."
                      + out.group(1)
                      + ".outputs."
                      + out.group(2)
                      + ", but "
                      + step.description()
                      + " has no output '"
                      + out.group(2)
                      + "'"
                      + suggestion(out.group(2), outputs)
                      + ". Its outputs: "
                      + (outputs.isEmpty() ? "none" : String.join(", ", outputs))));
        }
      }
    }
  }

  static Action readAction(Path yml) throws IOException {
    JsonNode root = YAML.readTree(yml.toFile());
    Map<String, Input> inputs = new LinkedHashMap<>();
    for (var in : root.path("inputs").properties()) {
      JsonNode required = in.getValue().path("required");
      inputs.put(
          in.getKey(),
          new Input(
              required.asBoolean(false) || "true".equals(required.asText()),
              in.getValue().has("default")));
    }
    Set<String> outputs = new LinkedHashSet<>();
    root.path("outputs").fieldNames().forEachRemaining(outputs::add);
    return new Action(
        root.path("name").asText(), root.path("description").asText(""), inputs, outputs);
  }

  /** The 1-based line numbers of the bosun {@code uses:} lines, in document order. */
  private static List<Integer> bosunUsesLines(Path workflow) throws IOException {
    List<String> lines = Files.readAllLines(workflow);
    List<Integer> found = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = USES_LINE.matcher(lines.get(i));
      if (m.matches() && BOSUN_ACTION.matcher(m.group(1)).matches()) {
        found.add(i + 1);
      }
    }
    return found;
  }

  /** Every string scalar under a node: where a job may read a step's outputs. */
  private static List<String> strings(JsonNode node, List<String> into) {
    if (node.isTextual()) {
      into.add(node.asText());
    }
    node.forEach(child -> strings(child, into));
    return into;
  }

  private static String describeStep(JsonNode step) {
    if (step.hasNonNull("name")) {
      return " '" + step.get("name").asText() + "'";
    }
    return step.hasNonNull("id") ? " (id " + step.get("id").asText() + ")" : "";
  }

  private static List<String> actionNames(Path actionsDir) throws IOException {
    if (!Files.isDirectory(actionsDir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(actionsDir)) {
      return new ArrayList<>(
          s.map(p -> p.getFileName().toString())
              .collect(java.util.stream.Collectors.toCollection(TreeSet::new)));
    }
  }

  /** " (did you mean 'x'?)" for the closest declared name within two edits, or nothing. */
  static String suggestion(String given, Iterable<String> declared) {
    String best = null;
    int bestDistance = 3;
    for (String name : declared) {
      int d = dev.bosun.support.EditDistance.between(given.toLowerCase(), name.toLowerCase());
      if (d < bestDistance) {
        best = name;
        bestDistance = d;
      }
    }
    return best == null ? "" : " (did you mean '" + best + "'?)";
  }
}
