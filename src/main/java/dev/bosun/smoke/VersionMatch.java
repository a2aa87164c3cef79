package dev.bosun.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bosun.actions.Printable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The rule behind {@code expect-version}: a service reports what it runs in the usual fields; a SHA
 * must be one of the commit fields, a version or tag one of the version fields (seed 003's {@code
 * /api/version} gives both a {@code branch} that is the tag and a {@code commit_sha}).
 */
public final class VersionMatch {

  /** The fields a commit SHA is compared with. */
  public static final List<String> SHA_FIELDS = List.of("commit_sha", "sha", "git_sha");

  /**
   * The fields a version or tag is compared with ({@code branch} holds the tag when a tag was
   * checked out).
   */
  public static final List<String> VERSION_FIELDS = List.of("version", "tag", "branch", "release");

  private VersionMatch() {}

  /**
   * True when {@code actual} is {@code expected}: equal ignoring case, one SHA a prefix (7+ hex
   * digits) of the other, or the same tag with or without a leading {@code v}.
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
   * Empty when {@code document} reports {@code expected} in a field of its kind, otherwise why not,
   * with what each of those fields said. A SHA is compared with {@link #SHA_FIELDS}, and with a
   * version field only when that field holds a SHA too (services that report their build commit as
   * {@code version}); anything else with {@link #VERSION_FIELDS}.
   */
  public static Optional<String> check(String expected, JsonNode document) {
    boolean sha = isSha(expected.trim());
    List<String> said = new ArrayList<>();
    for (String field : sha ? concat(SHA_FIELDS, VERSION_FIELDS) : VERSION_FIELDS) {
      Optional<String> value = text(document, field);
      if (value.isEmpty()
          || (sha && VERSION_FIELDS.contains(field) && !isSha(value.get().trim()))) {
        continue;
      }
      if (matches(expected, value.get())) {
        return Optional.empty();
      }
      said.add("'" + JsonAssertion.abbreviate(value.get()) + "' (field " + field + ")");
    }
    if (!said.isEmpty()) {
      return Optional.of(
          "version is " + String.join(", ", said) + ", expected " + Printable.quoted(expected));
    }
    List<String> looked = sha ? SHA_FIELDS : VERSION_FIELDS;
    List<String> other = new ArrayList<>();
    for (String field : sha ? VERSION_FIELDS : SHA_FIELDS) {
      text(document, field)
          .ifPresent(v -> other.add(field + " '" + JsonAssertion.abbreviate(v) + "'"));
    }
    return Optional.of(
        "no "
            + (sha ? "commit SHA" : "version")
            + " field to compare "
            + Printable.quoted(expected)
            + " with (looked"
            + " for "
            + String.join(", ", looked)
            + ")"
            + (other.isEmpty()
                ? ""
                : "; the response has "
                    + String.join(", ", other)
                    + ", so expect-version should be "
                    + (sha ? "the version or tag" : "the commit SHA")));
  }

  private static Optional<String> text(JsonNode document, String field) {
    JsonNode node = document.get(field);
    return node != null && node.isValueNode() && !node.isNull() && !node.asText().isBlank()
        ? Optional.of(node.asText())
        : Optional.empty();
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static boolean isSha(String s) {
    return s.length() >= 7
        && s.length() <= 64
        && s.chars().allMatch(c -> Character.digit(c, 16) >= 0);
  }

  private static String stripV(String s) {
    return s.startsWith("v") && s.length() > 1 && Character.isDigit(s.charAt(1))
        ? s.substring(1)
        : s;
  }
}
