package dev.bosun.image.registry;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed {@code WWW-Authenticate} challenge: {@code Bearer realm="…",service="…",scope="…"} or
 * {@code Basic realm="…"}.
 */
record Challenge(String scheme, Map<String, String> params) {

  private static final Pattern SCHEME =
      Pattern.compile("^\\s*([A-Za-z]+)\\s*(.*)$", Pattern.DOTALL);
  private static final Pattern PARAM =
      Pattern.compile("([A-Za-z_]+)\\s*=\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^,\\s]*))");

  static Optional<Challenge> parse(String header) {
    if (header == null) {
      return Optional.empty();
    }
    Matcher m = SCHEME.matcher(header);
    if (!m.matches()) {
      return Optional.empty();
    }
    Map<String, String> params = new LinkedHashMap<>();
    Matcher p = PARAM.matcher(m.group(2));
    while (p.find()) {
      String value = p.group(2) != null ? p.group(2).replaceAll("\\\\(.)", "$1") : p.group(3);
      params.put(p.group(1).toLowerCase(Locale.ROOT), value);
    }
    return Optional.of(new Challenge(m.group(1).toLowerCase(Locale.ROOT), params));
  }

  boolean isBearer() {
    return scheme.equals("bearer");
  }

  boolean isBasic() {
    return scheme.equals("basic");
  }

  String param(String name) {
    return params.get(name);
  }
}
