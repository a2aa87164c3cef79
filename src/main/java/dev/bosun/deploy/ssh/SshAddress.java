package dev.bosun.deploy.ssh;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where to log in over SSH: {@code user@host} or {@code user@host:port} (port 22 when absent). */
public record SshAddress(String user, String host, int port) {

  private static final Pattern FORM =
      Pattern.compile(
          "([A-Za-z_][A-Za-z0-9_.-]{0,31})@([A-Za-z0-9]([A-Za-z0-9.-]{0,252})?)(?::(\\d{1,5}))?");

  /** The address in {@code text}, or empty when it is not of the form {@code user@host[:port]}. */
  public static Optional<SshAddress> parse(String text) {
    Matcher m = FORM.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    int port = m.group(4) == null ? 22 : Integer.parseInt(m.group(4));
    return port < 1 || port > 65535
        ? Optional.empty()
        : Optional.of(new SshAddress(m.group(1), m.group(2), port));
  }

  /** How known_hosts names this host: {@code host}, or {@code [host]:port} off port 22. */
  public String knownHostsName() {
    return port == 22 ? host : "[" + host + "]:" + port;
  }

  @Override
  public String toString() {
    return user + "@" + host + (port == 22 ? "" : ":" + port);
  }
}
