package dev.bosun.image.registry;

import java.util.Base64;
import java.nio.charset.StandardCharsets;

/** A user name and password (or token) for one registry. {@link #toString()} never shows the secret. */
public record RegistryCredential(String username, String secret) {

  /** The user name that marks {@code secret} as a refresh token (ACR's convention, also used by {@code az acr login}). */
  public static final String REFRESH_TOKEN_USER = "00000000-0000-0000-0000-000000000000";

  /** True when the secret is a refresh token, which is traded for access tokens with the OAuth2 refresh grant. */
  public boolean isRefreshToken() {
    return REFRESH_TOKEN_USER.equals(username);
  }

  /** The value of a Basic {@code Authorization} header, and of {@code auth} in a Docker config.json. */
  public String basic() {
    return Base64.getEncoder().encodeToString((username + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "RegistryCredential[username=" + username + ", secret=***]";
  }
}
