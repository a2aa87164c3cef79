package dev.bosun.deploy.ssh;

import dev.bosun.support.BadInputException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The private key bosun logs in with and the host keys it trusts, from the {@code ssh-key} and
 * {@code ssh-known-hosts} inputs. Parsed before anything connects, so a pasted public key or an
 * empty known_hosts is bad input, not a failed connection. Shared by every target that reaches a
 * host over SSH.
 */
public record SshTrust(String privateKey, List<String> knownHosts) {

  public static final String KEY_INPUT = "ssh-key";
  public static final String KNOWN_HOSTS_INPUT = "ssh-known-hosts";

  public SshTrust {
    knownHosts = List.copyOf(knownHosts);
  }

  /** Both inputs checked; the messages never echo the key. */
  public static SshTrust parse(Optional<String> key, Optional<String> knownHosts) {
    String k = key.map(String::trim).orElse("");
    if (k.isEmpty()) {
      throw new BadInputException(
          KEY_INPUT,
          "Input required and not supplied: "
              + KEY_INPUT
              + " (the deploy "
              + "user's private key, e.g. secrets.DEPLOY_SSH_KEY; see docs/targets/compose.md)");
    }
    if (!k.startsWith("-----BEGIN ") || !k.contains("PRIVATE KEY-----")) {
      throw new BadInputException(
          KEY_INPUT,
          "Input '"
              + KEY_INPUT
              + "' is not a private key: it must start with "
              + "'-----BEGIN OPENSSH PRIVATE KEY-----' (or another PEM private key header). A public key (ssh-ed25519 "
              + "AAAA...) goes into the host's authorized_keys, not here.");
    }
    List<String> lines = new ArrayList<>();
    for (String line : knownHosts.orElse("").split("\\R")) {
      String l = line.trim();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      String[] f = l.split("\\s+");
      int typeAt = f[0].startsWith("@") ? 2 : 1;
      if (f.length < typeAt + 2 || !f[typeAt].matches("(ssh|ecdsa|sk)-[A-Za-z0-9@.-]+")) {
        throw new BadInputException(
            KNOWN_HOSTS_INPUT,
            "Input '"
                + KNOWN_HOSTS_INPUT
                + "' has a line that is not a "
                + "known_hosts entry: '"
                + (l.length() > 60 ? l.substring(0, 60) + "..." : l)
                + "'. Each line is "
                + "'host key-type base64-key', as 'ssh-keyscan -p PORT HOST' prints it.");
      }
      lines.add(l);
    }
    if (lines.isEmpty()) {
      throw new BadInputException(
          KNOWN_HOSTS_INPUT,
          "Input required and not supplied: "
              + KNOWN_HOSTS_INPUT
              + " (the host's public key lines, from 'ssh-keyscan -p PORT HOST' checked against the host itself). An "
              + "unknown host is never trusted.");
    }
    return new SshTrust(k + "\n", lines);
  }

  /**
   * The key types the known hosts list for {@code address}, best first, for the host key
   * negotiation.
   */
  public List<String> hostKeyTypes(SshAddress address) {
    Set<String> types = new LinkedHashSet<>();
    for (String line : knownHosts) {
      String[] f = line.split("\\s+");
      int typeAt = f[0].startsWith("@") ? 2 : 1;
      String type = f[typeAt];
      if ("ssh-rsa".equals(type)) {
        types.add("rsa-sha2-512");
        types.add("rsa-sha2-256");
      }
      types.add(type);
    }
    List<String> out = new ArrayList<>(types);
    out.sort((a, b) -> Integer.compare(rank(a), rank(b)));
    return out;
  }

  private static int rank(String type) {
    return type.contains("ed25519")
        ? 0
        : type.startsWith("ecdsa") ? 1 : type.startsWith("rsa-sha2") ? 2 : 3;
  }

  @Override
  public String toString() {
    return "SshTrust[key=***, knownHosts=" + knownHosts.size() + " line(s)]";
  }
}
