package dev.bosun.actions;

import java.util.Optional;

/** Gets this job's OIDC token from the Actions runtime. */
public interface OidcTokenClient {

  /**
   * The token for {@code audience}, or empty when the job has no OIDC permission ({@code
   * ACTIONS_ID_TOKEN_REQUEST_URL} is unset because {@code permissions: id-token: write} is
   * missing).
   */
  Optional<IdToken> token(String audience);
}
