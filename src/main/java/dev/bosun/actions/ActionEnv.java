package dev.bosun.actions;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The process environment, read once. Nothing else in bosun calls {@code System.getenv}: tests pass
 * a map.
 */
public final class ActionEnv {

  private final Map<String, String> vars;
  private final Optional<String> osUser;

  public ActionEnv(Map<String, String> vars) {
    this(vars, System.getProperty("user.name"));
  }

  /**
   * @param osUser the account the process runs as (the JVM's {@code user.name}, read from the OS,
   *     not from {@code $USER}); null or {@code ?} when it has no name
   */
  public ActionEnv(Map<String, String> vars, String osUser) {
    this.vars = Map.copyOf(vars);
    this.osUser =
        osUser == null || osUser.isBlank() || osUser.equals("?")
            ? Optional.empty()
            : Optional.of(osUser);
  }

  public static ActionEnv of(Map<String, String> vars) {
    return new ActionEnv(vars);
  }

  /** The raw variable, or empty when unset or blank. */
  public Optional<String> get(String name) {
    String v = vars.get(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
  }

  /**
   * The input named as in action.yml, exactly as {@code core.getInput}: spaces become {@code _},
   * hyphens stay, trimmed.
   */
  public Optional<String> input(String name) {
    String v = vars.get(inputVariable(name));
    if (v == null) {
      return Optional.empty();
    }
    String trimmed = v.trim();
    return trimmed.isEmpty() ? Optional.empty() : Optional.of(trimmed);
  }

  /** {@code INPUT_IMAGE-NAME} for {@code image-name}. */
  public static String inputVariable(String name) {
    return "INPUT_" + name.replace(' ', '_').toUpperCase(java.util.Locale.ROOT);
  }

  /** True inside a GitHub Actions job (the runner sets {@code GITHUB_ACTIONS=true}). */
  public boolean inActions() {
    return "true".equals(vars.get("GITHUB_ACTIONS"));
  }

  public boolean runnerDebug() {
    return "1".equals(vars.get("RUNNER_DEBUG"));
  }

  public Optional<Path> outputFile() {
    return get("GITHUB_OUTPUT").map(Path::of);
  }

  public Optional<Path> envFile() {
    return get("GITHUB_ENV").map(Path::of);
  }

  public Optional<Path> stepSummaryFile() {
    return get("GITHUB_STEP_SUMMARY").map(Path::of);
  }

  public Optional<String> repository() {
    return get("GITHUB_REPOSITORY");
  }

  public String serverUrl() {
    return get("GITHUB_SERVER_URL").orElse("https://github.com");
  }

  public String apiUrl() {
    return get("GITHUB_API_URL").orElse("https://api.github.com");
  }

  public Optional<String> sha() {
    return get("GITHUB_SHA");
  }

  public Optional<String> ref() {
    return get("GITHUB_REF");
  }

  public Optional<String> eventName() {
    return get("GITHUB_EVENT_NAME");
  }

  public Optional<Path> eventPath() {
    return get("GITHUB_EVENT_PATH").map(Path::of);
  }

  public Optional<String> actor() {
    return get("GITHUB_ACTOR");
  }

  public Optional<String> workflow() {
    return get("GITHUB_WORKFLOW");
  }

  public Optional<String> githubToken() {
    return get("GITHUB_TOKEN");
  }

  /** The link to this workflow run, when in Actions. */
  public Optional<String> runUrl() {
    return repository()
        .flatMap(
            repo ->
                get("GITHUB_RUN_ID").map(id -> serverUrl() + "/" + repo + "/actions/runs/" + id));
  }

  public Optional<String> oidcRequestUrl() {
    return get("ACTIONS_ID_TOKEN_REQUEST_URL");
  }

  public Optional<String> oidcRequestToken() {
    return get("ACTIONS_ID_TOKEN_REQUEST_TOKEN");
  }

  /**
   * The user bosun acts as: {@code GITHUB_ACTOR}, else the OS user ({@code $USER}, {@code
   * $USERNAME}, or the account itself when a container sets neither).
   */
  public String actorOrUser() {
    return actor()
        .or(() -> get("USER"))
        .or(() -> get("USERNAME"))
        .or(() -> osUser)
        .orElse("unknown");
  }

  /** All variables, for adapters that pass an environment on to a child process. */
  public Map<String, String> all() {
    return vars;
  }
}
