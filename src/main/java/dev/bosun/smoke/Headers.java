package dev.bosun.smoke;

import dev.bosun.support.BadInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Parses {@code Name: value} header lines. Values are secrets: no message ever quotes one. */
public final class Headers {

  private Headers() {}

  public static Map<String, String> parse(String input, List<String> lines) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new BadInputException(
            input,
            "Input '"
                + input
                + "': line "
                + (i + 1)
                + " is not a header. Write one per line as 'Name: value', e.g. 'Authorization: Bearer <token>'.");
      }
      String name = line.substring(0, colon).trim();
      HttpCheck.checkHeaderName(input, name);
      headers.put(name, line.substring(colon + 1).trim());
    }
    return headers;
  }

  /**
   * Registers a header value as secret, and also the credential after its scheme ({@code Bearer
   * <token>}), since a service may echo the bare token.
   */
  public static void mask(String value, Consumer<String> secrets) {
    secrets.accept(value);
    int space = value.indexOf(' ');
    if (space > 0) {
      secrets.accept(value.substring(space + 1).trim());
    }
  }
}
