package dev.bosun.smoke;

import dev.bosun.actions.Printable;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The rule behind {@code expect-version}: a service reports what it runs in one of the usual fields, and that must
 * be the SHA or tag just deployed.
 */
public final class VersionMatch {

  /** The fields looked at, in this order; the first present one is compared. */
  public static final List<String> FIELDS = List.of("commit_sha", "sha", "version", "git_sha");

  private VersionMatch() {}

  /**
   * True when {@code actual} is {@code expected}: equal ignoring case, one SHA a prefix (7+ hex digits) of the other,
   * or the same tag with or without a leading {@code v}.
   */
  public static boolean matches(String expected, String actual) {
    String e = expected.trim().toLowerCase(Locale.ROOT);
    String a = actual.trim().toLowerCase(Locale.ROOT);
    if (e.isEmpty() || a.isEmpty()) {
      return false;
    }
    if (e.equals(a)) {
      return true;
    }
    if (isSha(e) && isSha(a)) {
      return e.startsWith(a) || a.startsWith(e);
    }
    return stripV(e).equals(stripV(a));
  }

  /**
   * Empty when {@code document} reports {@code expected} in one of {@link #FIELDS}, otherwise why not.
   */
  public static Optional<String> check(String expected, JsonNode document) {
    for (String field : FIELDS) {
      JsonNode node = document.get(field);
      if (node != null && node.isValueNode() && !node.isNull()) {
        return matches(expected, node.asText()) ? Optional.empty()
            : Optional.of("version is '" + JsonAssertion.abbreviate(node.asText()) + "' (field " + field
                + "), expected " + Printable.quoted(expected));
      }
    }
    return Optional.of("no version field in the response (looked for " + String.join(", ", FIELDS) + ")");
  }

  private static boolean isSha(String s) {
    return s.length() >= 7 && s.length() <= 64 && s.chars().allMatch(c -> Character.digit(c, 16) >= 0);
  }

  private static String stripV(String s) {
    return s.startsWith("v") && s.length() > 1 && Character.isDigit(s.charAt(1)) ? s.substring(1) : s;
  }
}
