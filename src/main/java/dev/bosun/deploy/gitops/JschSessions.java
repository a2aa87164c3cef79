package dev.bosun.deploy.gitops;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RemoteSession;
import org.eclipse.jgit.transport.SshSessionFactory;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.util.FS;

/**
 * JGit's SSH transport over JSch (mwiede's maintained fork, the SSH stack bosun already carries),
 * with the key and known hosts from the action's inputs only: no ~/.ssh, no agent, and the host key
 * must be known.
 */
final class JschSessions extends SshSessionFactory {

  private final String privateKey;
  private final String knownHosts;

  JschSessions(String privateKey, String knownHosts) {
    this.privateKey = privateKey;
    this.knownHosts = knownHosts;
  }

  @Override
  public RemoteSession getSession(
      URIish uri, CredentialsProvider credentials, FS fs, int timeoutSeconds)
      throws TransportException {
    try {
      JSch jsch = new JSch();
      jsch.addIdentity("ssh-key", privateKey.getBytes(StandardCharsets.UTF_8), null, null);
      jsch.setKnownHosts(new ByteArrayInputStream(knownHosts.getBytes(StandardCharsets.UTF_8)));
      String user = uri.getUser() == null ? "git" : uri.getUser();
      Session session =
          jsch.getSession(user, uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 22);
      session.setConfig("StrictHostKeyChecking", "yes");
      session.setConfig("PreferredAuthentications", "publickey");
      session.connect(Math.max(timeoutSeconds, 30) * 1000);
      return new JschRemote(session);
    } catch (JSchException e) {
      // JSch says "UnknownHostKey: [127.0.0.1]:2222. RSA key fingerprint is ...": no secret, and
      // the fix is clear
      throw new TransportException(
          uri,
          "SSH to "
              + uri.getHost()
              + " failed: "
              + e.getMessage()
              + (e.getMessage() != null && e.getMessage().contains("HostKey")
                  ? " (add the host's key to " + "ssh-known-hosts: ssh-keyscan -p PORT HOST)"
                  : ""),
          e);
    }
  }

  @Override
  public String getType() {
    return "bosun-jsch";
  }

  /** One SSH connection; each git command runs in an exec channel. */
  private record JschRemote(Session session) implements RemoteSession {
    @Override
    public Process exec(String command, int timeout) throws IOException {
      try {
        ChannelExec channel = (ChannelExec) session.openChannel("exec");
        channel.setCommand(command);
        InputStream out = channel.getInputStream();
        InputStream err = channel.getErrStream();
        OutputStream in = channel.getOutputStream();
        channel.connect(Math.max(timeout, 30) * 1000);
        return new ChannelProcess(channel, in, out, err);
      } catch (JSchException e) {
        throw new IOException("SSH exec failed: " + e.getMessage(), e);
      }
    }

    @Override
    public void disconnect() {
      session.disconnect();
    }
  }

  /** An exec channel seen as a {@link Process}, which is what JGit's pack protocol drives. */
  private static final class ChannelProcess extends Process {
    private final ChannelExec channel;
    private final OutputStream in;
    private final InputStream out;
    private final InputStream err;

    ChannelProcess(ChannelExec channel, OutputStream in, InputStream out, InputStream err) {
      this.channel = channel;
      this.in = in;
      this.out = out;
      this.err = err;
    }

    @Override
    public OutputStream getOutputStream() {
      return in;
    }

    @Override
    public InputStream getInputStream() {
      return out;
    }

    @Override
    public InputStream getErrorStream() {
      return err;
    }

    @Override
    public int waitFor() throws InterruptedException {
      while (!channel.isClosed()) {
        Thread.sleep(50);
      }
      return channel.getExitStatus();
    }

    @Override
    public int exitValue() {
      if (!channel.isClosed()) {
        throw new IllegalThreadStateException("still running");
      }
      return channel.getExitStatus();
    }

    @Override
    public void destroy() {
      channel.disconnect();
    }
  }
}
