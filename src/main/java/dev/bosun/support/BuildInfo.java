package dev.bosun.support;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/**
 * The version and git commit bosun was built from, filtered into {@code build.properties} by Maven.
 */
public final class BuildInfo implements CommandLine.IVersionProvider {

  private static final Properties PROPS = load();

  public static String version() {
    return value("version");
  }

  public static String commit() {
    return value("commit");
  }

  /** The released image, without tag, that every action.yml points at. */
  public static String image() {
    return value("image");
  }

  @Override
  public String[] getVersion() {
    return new String[] {"bosun " + version() + " (commit " + commit() + ")"};
  }

  private static String value(String key) {
    String v = PROPS.getProperty(key, "unknown");
    return v.startsWith("${") ? "unknown" : v;
  }

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("/dev/bosun/build.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException ignored) {
      // a jar without build info still runs; --version then says "unknown"
    }
    return p;
  }
}
