package dev.bosun.smoke;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.bosun.actions.Printable;
import dev.bosun.support.BadInputException;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One assertion on a JSON response: the value at an RFC 6901 pointer equals a text, or matches a
 * regular expression (found anywhere in the value unless anchored with {@code ^…$}).
 */
public record JsonAssertion(String pointer, String expected, Pattern regex) {

  /** Equality with {@code expected}; scalars compare as text, so {@code 1} equals {@code "1"}. */
  public static JsonAssertion equalTo(String input, String pointer, String expected) {
    return new JsonAssertion(checkPointer(input, pointer), expected, null);
  }

  public static JsonAssertion matching(String input, String pointer, String regex) {
    try {
      return new JsonAssertion(checkPointer(input, pointer), regex, Pattern.compile(regex));
    } catch (PatternSyntaxException e) {
      throw new BadInputException(
          input,
          "Input '"
              + input
              + "': '"
              + regex
              + "' for "
              + pointer
              + " is not a valid regular expression: "
              + e.getDescription());
    }
  }

  /**
   * Parses one line of {@code expect-json}: {@code /pointer=value} for equality, {@code
   * /pointer~=regex} for a match.
   */
  public static JsonAssertion parseLine(String input, String line) {
    int eq = line.indexOf('=');
    if (!line.startsWith("/") || eq < 0) {
      throw new BadInputException(
          input,
          "Input '"
              + input
              + "': '"
              + line
              + "' is not an assertion. Write one per line as /pointer=value, or /pointer~=regex, e.g. /status=ok.");
    }
    boolean regex = eq > 0 && line.charAt(eq - 1) == '~';
    String pointer = line.substring(0, regex ? eq - 1 : eq).trim();
    String value = line.substring(eq + 1).trim();
    return regex ? matching(input, pointer, value) : equalTo(input, pointer, value);
  }

  private static String checkPointer(String input, String pointer) {
    try {
      JsonPointer.compile(pointer);
      if (pointer.isEmpty()) {
        throw new IllegalArgumentException("empty");
      }
      return pointer;
    } catch (IllegalArgumentException e) {
      throw new BadInputException(
          input,
          "Input '"
              + input
              + "': '"
              + pointer
              + "' is not a JSON pointer. Start it with '/' and separate fields with '/', e.g. /build/commit_sha.");
    }
  }

  /** Empty when the assertion holds, otherwise why not. */
  public Optional<String> check(JsonNode document) {
    JsonNode node = document.at(pointer);
    if (node.isMissingNode()) {
      return Optional.of(pointer + " is missing");
    }
    String actual = node.isValueNode() ? node.asText() : node.toString();
    if (regex != null) {
      return regex.matcher(actual).find()
          ? Optional.empty()
          : Optional.of(
              pointer
                  + " is '"
                  + abbreviate(actual)
                  + "', which does not match /"
                  + Printable.value(expected)
                  + "/");
    }
    return actual.equals(expected)
        ? Optional.empty()
        : Optional.of(
            pointer + " is '" + abbreviate(actual) + "', expected " + Printable.quoted(expected));
  }

  static String abbreviate(String s) {
    return Printable.value(s.length() <= 80 ? s : s.substring(0, 80) + "…");
  }

  @Override
  public String toString() {
    return pointer + (regex != null ? " ~= " : " = ") + expected;
  }
}
