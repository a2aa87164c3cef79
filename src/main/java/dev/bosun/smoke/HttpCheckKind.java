package dev.bosun.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bosun.actions.UserInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks-file entries with {@code url:}. Fields: {@code name}, {@code url}, {@code method}, {@code
 * headers} (mapping), {@code body}, {@code expect-status}, {@code body-contains}, {@code json}
 * (mapping of pointer to a value, or to {@code {matches: regex}}), {@code expect-version} ({@code
 * true} takes the {@code expect-version} input) and {@code max-latency}, and {@code retry-on} (4xx
 * statuses to keep retrying).
 */
public final class HttpCheckKind implements CheckKind {

  private static final Set<String> FIELDS =
      Set.of(
          "name",
          "url",
          "method",
          "headers",
          "body",
          "expect-status",
          "body-contains",
          "json",
          "expect-version",
          "max-latency",
          "retry-on");

  /** Header names whose values are always treated as secrets, even when written literally. */
  private static final List<String> SECRET_HEADER_HINTS =
      List.of("authorization", "cookie", "token", "key", "secret");

  private final Map<String, String> sharedHeaders;
  private final Optional<String> versionInput;
  private final StatusSet retryOn;

  /**
   * @param sharedHeaders headers from the {@code headers} input, sent with every check (an entry's
   *     own win)
   * @param versionInput the {@code expect-version} input, for entries that say {@code
   *     expect-version: true}
   * @param retryOn the {@code retry-on} input, for entries without their own
   */
  public HttpCheckKind(
      Map<String, String> sharedHeaders, Optional<String> versionInput, StatusSet retryOn) {
    this.sharedHeaders = Map.copyOf(sharedHeaders);
    this.versionInput = versionInput;
    this.retryOn = retryOn;
  }

  public HttpCheckKind(Map<String, String> sharedHeaders, Optional<String> versionInput) {
    this(sharedHeaders, versionInput, StatusSet.none());
  }

  @Override
  public String key() {
    return "url";
  }

  @Override
  public Set<String> fields() {
    return FIELDS;
  }

  @Override
  public Check parse(ChecksFile.Entry entry) {
    String input = entry.input();
    String urlText = entry.requiredText("url");
    var url = HttpCheck.parseUrl(input, urlText);
    UserInfo.secrets(urlText).forEach(entry::secret);
    String method = entry.text("method").map(m -> HttpCheck.parseMethod(input, m)).orElse("GET");
    Map<String, String> headers = new LinkedHashMap<>(sharedHeaders);
    for (var h : entry.mapping("headers")) {
      HttpCheck.checkHeaderName(input, h.getKey());
      if (!h.getValue().isValueNode()) {
        throw entry.fail("header '" + h.getKey() + "' must be a single value");
      }
      String value = entry.expand(h.getValue().asText(), true);
      if (value.contains("\n") || value.contains("\r")) {
        throw entry.fail("header '" + h.getKey() + "' must be one line");
      }
      String lower = h.getKey().toLowerCase(Locale.ROOT);
      if (SECRET_HEADER_HINTS.stream().anyMatch(lower::contains)) {
        Headers.mask(value, entry::secret);
      }
      headers.keySet().removeIf(k -> k.equalsIgnoreCase(h.getKey()));
      headers.put(h.getKey(), value);
    }
    StatusSet status =
        entry.texts("expect-status").isEmpty()
            ? StatusSet.ok()
            : StatusSet.parse(input, String.join(",", entry.texts("expect-status")));
    List<JsonAssertion> json = new ArrayList<>();
    for (var a : entry.mapping("json")) {
      JsonNode v = a.getValue();
      if (v.isObject() && v.has("matches") && v.size() == 1) {
        json.add(
            JsonAssertion.matching(
                input, a.getKey(), entry.expand(v.get("matches").asText(), false)));
      } else if (v.isObject() && v.has("equals") && v.size() == 1) {
        json.add(
            JsonAssertion.equalTo(
                input, a.getKey(), entry.expand(v.get("equals").asText(), false)));
      } else if (v.isValueNode()) {
        json.add(JsonAssertion.equalTo(input, a.getKey(), entry.expand(v.asText(), false)));
      } else {
        throw entry.fail(
            "json assertion '"
                + a.getKey()
                + "' must be a value, {equals: value} or {matches: regex}");
      }
    }
    Optional<String> version =
        entry
            .text("expect-version")
            .flatMap(
                v ->
                    switch (v) {
                      case "true" ->
                          Optional.of(
                              versionInput.orElseThrow(
                                  () ->
                                      entry.fail(
                                          "says 'expect-version: true', but the expect-version input is empty; set it, e.g. to ${{ github.sha }}")));
                      case "false", "" -> Optional.empty();
                      default -> Optional.of(v);
                    });
    StatusSet retry =
        entry.texts("retry-on").isEmpty()
            ? retryOn
            : StatusSet.retryOn(input, String.join(",", entry.texts("retry-on")));
    Expectations expect =
        new Expectations(
            status,
            entry.text("body-contains"),
            json,
            version,
            entry.duration("max-latency"),
            retry);
    return new HttpCheck(
        entry.name(url.toString()), url, method, headers, entry.text("body"), expect);
  }
}
