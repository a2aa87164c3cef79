package dev.bosun.migrate;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * Opens JDBC connections to a {@link DatabaseTarget}; the password comes from a supplier so an
 * Entra token is fetched fresh.
 */
public final class JdbcConnector implements Connector {

  private final DatabaseTarget target;
  private final Supplier<String> password;

  public JdbcConnector(DatabaseTarget target, Supplier<String> password) {
    this.target = target;
    this.password = password;
  }

  public static JdbcConnector of(DatabaseTarget target) {
    return new JdbcConnector(target, target::password);
  }

  @Override
  public Connection open() throws SQLException {
    Properties props = new Properties();
    if (target.user() != null) {
      props.setProperty("user", target.user());
    }
    String pw = password.get();
    if (pw != null) {
      props.setProperty("password", pw);
    }
    props.putIfAbsent("connectTimeout", "15");
    props.putIfAbsent("tcpKeepAlive", "true");
    props.putIfAbsent("ApplicationName", "bosun db-migrate");
    return DriverManager.getConnection(target.jdbcUrl(), props);
  }

  @Override
  public String toString() {
    return target.toString();
  }
}
