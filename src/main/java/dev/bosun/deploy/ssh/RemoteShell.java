package dev.bosun.deploy.ssh;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Runs commands on one host over one connection: the narrow port for "a host reached over SSH".
 * Secrets go through {@code stdin}, never into {@code command}, which the host may log.
 */
public interface RemoteShell extends AutoCloseable {

  /**
   * Runs {@code command} (a POSIX shell line) with {@code stdin}, waiting at most {@code timeout};
   * each output line goes to {@code lines} as it arrives. Throws {@link
   * dev.bosun.support.OutsideSystemException} when the connection fails or the time is up; a
   * non-zero exit status is returned, not thrown.
   */
  Result run(String command, byte[] stdin, Duration timeout, Consumer<String> lines);

  default Result run(String command, Duration timeout) {
    return run(command, new byte[0], timeout, line -> {});
  }

  @Override
  void close();

  /**
   * What a command did.
   *
   * @param stdout its output, capped
   * @param stderrTail the end of its error output, for messages
   */
  record Result(int status, String stdout, String stderrTail) {

    public boolean ok() {
      return status == 0;
    }
  }

  /** Opens a {@link RemoteShell}; the connection is made on the first command. */
  @FunctionalInterface
  interface Connector {
    RemoteShell connect(SshAddress address, SshTrust trust, Duration connectTimeout);
  }
}
