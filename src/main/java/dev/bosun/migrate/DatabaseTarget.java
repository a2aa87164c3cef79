package dev.bosun.migrate;

import dev.bosun.support.BadInputException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the database is: a JDBC URL without credentials plus the user and password apart, so the
 * password is never part of a string that a driver may echo. Parsed from {@code database-url} (JDBC
 * or {@code postgres://}) or the libpq {@code PG*} variables.
 */
public record DatabaseTarget(String jdbcUrl, String user, String password) {

  private static final Pattern LIBPQ =
      Pattern.compile(
          "(?i)postgres(?:ql)?://(?:([^:@/]*)(?::([^@/]*))?@)?([^/?]*)(?:/([^?]*))?(?:\\?(.*))?");
  private static final Pattern JDBC =
      Pattern.compile("(?i)(jdbc:postgresql:(?://[^/?]*/?)?[^?]*)(?:\\?(.*))?");
  static final String EXPECTED =
      "Use a JDBC URL such as jdbc:postgresql://host:5432/app?user=app&password=... or a "
          + "postgres:// URL such as postgres://app:password@host:5432/app?sslmode=require.";

  /** Redacted form for logs: host and database only. */
  @Override
  public String toString() {
    return jdbcUrl + (user == null ? "" : " as " + user);
  }

  /** {@code host:port/db}, safe to print. */
  public String display() {
    Matcher m = Pattern.compile("jdbc:postgresql://([^/?]*)/([^?]*).*").matcher(jdbcUrl);
    return m.matches() ? m.group(1) + "/" + m.group(2) : "the database";
  }

  /** Parses {@code database-url}; the message never repeats the value, which is a secret. */
  public static DatabaseTarget parse(String url) {
    return parse("database-url", url);
  }

  /** Parses a secret URL input named {@code input}; the message never repeats the value. */
  public static DatabaseTarget parse(String input, String url) {
    try {
      return parseUrl(url);
    } catch (BadInputException e) {
      if (input.equals("database-url")) {
        throw e;
      }
      throw new BadInputException(
          input, e.getMessage().replace("'database-url'", "'" + input + "'"));
    }
  }

  private static DatabaseTarget parseUrl(String url) {
    String value = url.trim();
    Matcher lib = LIBPQ.matcher(value);
    if (lib.matches()) {
      Map<String, String> params = query(lib.group(5));
      String user =
          lib.group(1) == null || lib.group(1).isEmpty()
              ? params.remove("user")
              : decode(lib.group(1));
      String password = lib.group(2) == null ? params.remove("password") : decode(lib.group(2));
      params.remove("user");
      params.remove("password");
      String hosts = lib.group(3).isEmpty() ? "localhost" : lib.group(3);
      String db =
          lib.group(4) == null || lib.group(4).isEmpty()
              ? (user == null ? "postgres" : user)
              : decode(lib.group(4));
      return new DatabaseTarget(
          "jdbc:postgresql://" + hosts + "/" + db + queryString(params), user, password);
    }
    Matcher jdbc = JDBC.matcher(value);
    if (jdbc.matches()) {
      Map<String, String> params = query(jdbc.group(2));
      String user = params.remove("user");
      String password = params.remove("password");
      return new DatabaseTarget(jdbc.group(1) + queryString(params), user, password);
    }
    throw new BadInputException(
        "database-url", "Input 'database-url' is not a PostgreSQL URL. " + EXPECTED);
  }

  /** From libpq's variables, when {@code PGHOST} or {@code PGDATABASE} is set. */
  public static Optional<DatabaseTarget> fromPgEnv(Map<String, String> env) {
    String host = blankToNull(env.get("PGHOST"));
    String db = blankToNull(env.get("PGDATABASE"));
    if (host == null && db == null) {
      return Optional.empty();
    }
    String user = blankToNull(env.get("PGUSER"));
    String port = Optional.ofNullable(blankToNull(env.get("PGPORT"))).orElse("5432");
    Map<String, String> params = new LinkedHashMap<>();
    Optional.ofNullable(blankToNull(env.get("PGSSLMODE"))).ifPresent(m -> params.put("sslmode", m));
    String database = db != null ? db : user != null ? user : "postgres";
    return Optional.of(
        new DatabaseTarget(
            "jdbc:postgresql://"
                + (host == null ? "localhost" : host)
                + ":"
                + port
                + "/"
                + database
                + queryString(params),
            user,
            blankToNull(env.get("PGPASSWORD"))));
  }

  private static Map<String, String> query(String q) {
    Map<String, String> params = new LinkedHashMap<>();
    if (q == null || q.isEmpty()) {
      return params;
    }
    for (String pair : q.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      params.put(decode(k), decode(v));
    }
    return params;
  }

  private static String queryString(Map<String, String> params) {
    if (params.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder("?");
    params.forEach(
        (k, v) -> sb.append(sb.length() > 1 ? "&" : "").append(enc(k)).append('=').append(enc(v)));
    return sb.toString();
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(
          "database-url", "Input 'database-url' has a bad percent-escape. " + EXPECTED);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
