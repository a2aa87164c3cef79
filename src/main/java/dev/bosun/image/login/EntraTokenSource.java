package dev.bosun.image.login;

/**
 * Gets an Entra ID access token for a federated app; the narrow port in front of azure-identity.
 */
@FunctionalInterface
public interface EntraTokenSource {

  /** An access token for {@code scope}, for {@code clientId} in {@code tenantId}. */
  String accessToken(String tenantId, String clientId, String scope);
}
