package dev.bosun.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bosun.support.Json;
import dev.bosun.support.OutsideSystemException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * A GitHub Actions OIDC token and its claims. bosun reads claims (such as {@code environment}) only
 * from a token the runner just issued to this job; it does not verify the signature, which the
 * token's consumer (Azure) does.
 */
public record IdToken(String jwt, JsonNode claims) {

  private static final ObjectMapper JSON = Json.mapper();

  public static IdToken parse(String jwt) {
    String[] parts = jwt.split("\\.");
    if (parts.length < 2) {
      throw new OutsideSystemException(
          "oidc", "The OIDC token is not a JWT (expected header.payload.signature)");
    }
    try {
      byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
      return new IdToken(jwt, JSON.readTree(new String(payload, StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new OutsideSystemException(
          "oidc", "The OIDC token's payload is not valid base64url JSON", e);
    }
  }

  public Optional<String> claim(String name) {
    JsonNode n = claims.get(name);
    return n == null || n.isNull() ? Optional.empty() : Optional.of(n.asText());
  }

  @Override
  public String toString() {
    return "IdToken[claims=" + claims + "]";
  }
}
