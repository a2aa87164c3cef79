package dev.bosun.deploy.railway;

import dev.bosun.support.BadInputException;
import java.util.Locale;

/**
 * The {@code railway-token} secret and how Railway expects it: a project token in {@code
 * Project-Access-Token}, an account or team token as a Bearer token. {@link #toString()} never
 * shows the value.
 */
public record RailwayToken(Kind kind, String value) {

  /** Which kind of Railway token it is; it decides the header. */
  public enum Kind {
    PROJECT,
    ACCOUNT;

    /**
     * Parses the {@code railway-token-type} input: {@code project} (the default) or {@code
     * account}.
     */
    public static Kind parse(String input, String text) {
      String v = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
      return switch (v) {
        case "", "project" -> PROJECT;
        case "account", "team", "workspace" -> ACCOUNT;
        default ->
            throw new BadInputException(
                input,
                "Input '"
                    + input
                    + "' is '"
                    + text
                    + "'; expected project "
                    + "(a project token, created in the project's Settings > Tokens) or account (an account or team token, "
                    + "created in Account Settings > Tokens).");
      };
    }
  }

  public String headerName() {
    return kind == Kind.PROJECT ? "Project-Access-Token" : "Authorization";
  }

  public String headerValue() {
    return kind == Kind.PROJECT ? value : "Bearer " + value;
  }

  /** How the token is described in messages, e.g. "project token". */
  public String describe() {
    return kind == Kind.PROJECT ? "project token" : "account/team token";
  }

  @Override
  public String toString() {
    return "RailwayToken[" + kind + ", ***]";
  }
}
