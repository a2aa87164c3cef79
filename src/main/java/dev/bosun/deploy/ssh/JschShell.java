package dev.bosun.deploy.ssh;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import dev.bosun.support.OutsideSystemException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * {@link RemoteShell} on JSch (the kept mwiede fork): one session, host key checked strictly
 * against the given known hosts only (never ~/.ssh), public key login only, one exec channel per
 * command.
 */
public final class JschShell implements RemoteShell {

  /**
   * The most of a command's output bosun keeps; more is cut (a status command prints a few lines).
   */
  static final int MAX_OUTPUT = 1 << 20;

  static final int STDERR_TAIL = 2000;

  private final SshAddress address;
  private final SshTrust trust;
  private final Duration connectTimeout;
  private Session session;

  private JschShell(SshAddress address, SshTrust trust, Duration connectTimeout) {
    this.address = address;
    this.trust = trust;
    this.connectTimeout = connectTimeout;
  }

  public static final Connector CONNECTOR = JschShell::new;

  private synchronized Session session() {
    if (session != null && session.isConnected()) {
      return session;
    }
    try {
      JSch jsch = new JSch();
      jsch.addIdentity("ssh-key", trust.privateKey().getBytes(StandardCharsets.UTF_8), null, null);
      jsch.setKnownHosts(
          new ByteArrayInputStream(
              String.join("\n", trust.knownHosts()).getBytes(StandardCharsets.UTF_8)));
      Session s = jsch.getSession(address.user(), address.host(), address.port());
      s.setConfig("StrictHostKeyChecking", "yes");
      s.setConfig("HashKnownHosts", "no");
      s.setConfig("PreferredAuthentications", "publickey");
      String types = String.join(",", trust.hostKeyTypes(address));
      if (!types.isEmpty()) {
        // ask only for key types the known hosts have, or a host with several keys looks "unknown"
        s.setConfig("server_host_key", types);
      }
      s.setServerAliveInterval(15_000);
      s.connect((int) connectTimeout.toMillis());
      session = s;
      return s;
    } catch (JSchException e) {
      throw new OutsideSystemException("ssh", describe(e));
    }
  }

  private String describe(JSchException e) {
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    if (m.startsWith("reject HostKey")
        || m.startsWith("UnknownHostKey")
        || m.startsWith("HostKey has been changed")) {
      return "The host key of "
          + address.knownHostsName()
          + " is not in ssh-known-hosts"
          + (m.startsWith("HostKey has") ? " (it has CHANGED since the entry was made)" : "")
          + ", so bosun refuses to connect ("
          + m
          + "). If the "
          + "host is really yours, get its key with 'ssh-keyscan -p "
          + address.port()
          + " "
          + address.host()
          + "', compare the fingerprint with 'ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub' on the host, and put "
          + "the line into ssh-known-hosts.";
    }
    if (m.contains("Auth fail") || m.contains("USERAUTH fail")) {
      return "SSH login as "
          + address.user()
          + " on "
          + address.knownHostsName()
          + " was refused: the public key "
          + "of ssh-key must be in that user's ~/.ssh/authorized_keys ("
          + m
          + ").";
    }
    return "Cannot reach " + address + " over SSH within " + connectTimeout.toSeconds() + "s: " + m;
  }

  @Override
  public Result run(String command, byte[] stdin, Duration timeout, Consumer<String> lines) {
    Session s = session();
    ChannelExec ch = null;
    try {
      ch = (ChannelExec) s.openChannel("exec");
      ch.setCommand(command);
      // an empty stdin still ends with EOF, so a command that reads it never waits
      ch.setInputStream(new ByteArrayInputStream(stdin == null ? new byte[0] : stdin));
      InputStream out = ch.getInputStream();
      InputStream err = ch.getErrStream();
      ch.connect((int) connectTimeout.toMillis());
      long deadline = System.nanoTime() + timeout.toNanos();
      Capture stdout = new Capture(MAX_OUTPUT, lines);
      Capture stderr = new Capture(MAX_OUTPUT, lines);
      byte[] buf = new byte[8192];
      while (true) {
        boolean read = stdout.drain(out, buf) | stderr.drain(err, buf);
        if (ch.isClosed() && out.available() == 0 && err.available() == 0) {
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new OutsideSystemException(
              "ssh",
              "A command on "
                  + address
                  + " did not finish within "
                  + timeout.toSeconds()
                  + "s and was stopped. Last error output: "
                  + tail(stderr.text()));
        }
        if (!read) {
          Thread.sleep(25);
        }
      }
      stdout.flush();
      stderr.flush();
      return new Result(ch.getExitStatus(), stdout.text(), tail(stderr.text()));
    } catch (JSchException e) {
      throw new OutsideSystemException("ssh", "SSH to " + address + " failed: " + e.getMessage());
    } catch (IOException e) {
      throw new OutsideSystemException(
          "ssh", "SSH to " + address + " broke off: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OutsideSystemException("ssh", "Interrupted while running a command on " + address);
    } finally {
      if (ch != null) {
        ch.disconnect();
      }
    }
  }

  static String tail(String text) {
    String t = text.strip();
    return t.length() <= STDERR_TAIL ? t : "..." + t.substring(t.length() - STDERR_TAIL);
  }

  @Override
  public synchronized void close() {
    if (session != null) {
      session.disconnect();
      session = null;
    }
  }

  /** Collects a stream up to a cap and hands on whole lines as they complete. */
  private static final class Capture {
    private final ByteArrayOutputStream all = new ByteArrayOutputStream();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final int cap;
    private final Consumer<String> lines;

    Capture(int cap, Consumer<String> lines) {
      this.cap = cap;
      this.lines = lines;
    }

    boolean drain(InputStream in, byte[] buf) throws IOException {
      boolean any = false;
      while (in.available() > 0) {
        int n = in.read(buf, 0, Math.min(buf.length, in.available()));
        if (n <= 0) {
          break;
        }
        any = true;
        int keep = Math.min(n, cap - all.size());
        if (keep > 0) {
          all.write(buf, 0, keep);
        }
        for (int i = 0; i < n; i++) {
          if (buf[i] == '\n') {
            flush();
          } else if (line.size() < 4096) {
            line.write(buf[i]);
          }
        }
      }
      return any;
    }

    void flush() {
      if (line.size() > 0) {
        lines.accept(line.toString(StandardCharsets.UTF_8).stripTrailing());
        line.reset();
      }
    }

    String text() {
      return all.toString(StandardCharsets.UTF_8);
    }
  }
}
