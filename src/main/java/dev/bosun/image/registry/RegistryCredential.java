package dev.bosun.image.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A user name and password (or token) for one registry. {@link #toString()} never shows the secret.
 */
public record RegistryCredential(String username, String secret) {

  /**
   * The value of a Basic {@code Authorization} header, and of {@code auth} in a Docker config.json.
   */
  public String basic() {
    return Base64.getEncoder()
        .encodeToString((username + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "RegistryCredential[username=" + username + ", secret=***]";
  }
}
