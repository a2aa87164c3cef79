package dev.bosun.smoke;

import dev.bosun.actions.ActionEnv;
import dev.bosun.support.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where checks come from: URL lines and/or a checks file, as the inputs give them. Shared by
 * smoke-check and deploy-env (which names its inputs {@code smoke-url} and {@code
 * smoke-checks-file}).
 *
 * @param urlInput the name of the URL input, for errors
 * @param urls one check per URL, judged by {@code urlExpectations}
 * @param fileInput the name of the checks-file input, for errors
 * @param file the checks file, if given
 * @param urlExpectations status, body, JSON and version expected from each URL check
 * @param headers sent with every check (secret values)
 * @param expectVersion the expect-version input, for checks-file entries that say {@code
 *     expect-version: true}
 */
public record CheckSources(
    String urlInput,
    List<String> urls,
    String fileInput,
    Optional<Path> file,
    Expectations urlExpectations,
    Map<String, String> headers,
    Optional<String> expectVersion) {

  public CheckSources {
    urls = List.copyOf(urls);
    headers = Map.copyOf(headers);
  }

  /**
   * Builds every check: URL checks first, named by their URL, then the file's.
   *
   * @param kinds the kinds a checks file may hold ({@link SmokeKinds}: {@code url:} and {@code
   *     sql:})
   */
  public List<Check> checks(ActionEnv env, Consumer<String> secrets, SmokeKinds kinds) {
    if (urls.isEmpty() && file.isEmpty()) {
      throw new BadInputException(
          urlInput,
          "Input required and not supplied: "
              + urlInput
              + " (or "
              + fileInput
              + "). Give the URL(s) to check, one per line, or a checks file.");
    }
    List<Check> checks = new ArrayList<>();
    for (String url : urls) {
      HttpCheck check =
          new HttpCheck(
              url,
              HttpCheck.parseUrl(urlInput, url),
              "GET",
              headers,
              Optional.empty(),
              urlExpectations);
      if (checks.stream().anyMatch(c -> c.name().equals(check.name()))) {
        throw new BadInputException(urlInput, "Input '" + urlInput + "' lists " + url + " twice.");
      }
      checks.add(check);
    }
    if (file.isPresent()) {
      List<CheckKind> fileKinds =
          kinds.fileKinds(headers, expectVersion, urlExpectations.retryOn());
      for (Check c : ChecksFile.read(fileInput, file.get(), fileKinds, env, secrets)) {
        if (checks.stream().anyMatch(existing -> existing.name().equals(c.name()))) {
          throw new BadInputException(
              fileInput,
              "Input '"
                  + fileInput
                  + "': check '"
                  + c.name()
                  + "' is also given by "
                  + urlInput
                  + "; give it another name.");
        }
        checks.add(c);
      }
    }
    return checks;
  }
}
