package dev.bosun.deploy.kubernetes;

import dev.bosun.support.BadInputException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One app of a kubernetes environment: {@code deployment/NAME} or {@code
 * deployment/NAME:CONTAINER}.
 */
public record AppRef(String deployment, Optional<String> container) {

  private static final Pattern FORM =
      Pattern.compile(
          "(?:deployment|deployments|deploy|deployment\\.apps)/([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?)"
              + "(?::([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?))?");

  /** Parses the value of {@code environments.ENV.apps.KEY}; {@code where} is that key path. */
  public static AppRef parse(String where, String value) {
    Matcher m = FORM.matcher(value == null ? "" : value.trim());
    if (!m.matches()) {
      throw new BadInputException(
          "config",
          where
              + " is '"
              + value
              + "'; expected deployment/NAME or "
              + "deployment/NAME:CONTAINER (a Deployment in the environment's namespace, and which of its containers "
              + "runs the image when it has more than one).");
    }
    return new AppRef(m.group(1), Optional.ofNullable(m.group(3)));
  }

  @Override
  public String toString() {
    return "deployment/" + deployment + container.map(c -> ":" + c).orElse("");
  }
}
