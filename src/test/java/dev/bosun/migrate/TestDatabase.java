package dev.bosun.migrate;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A fresh PostgreSQL database for one test class, on the server named by {@code
 * BOSUN_TEST_DATABASE_URL}, else in a Testcontainers PostgreSQL when Docker runs; otherwise the
 * test fails and says how to provide one. Dropped on close.
 */
public final class TestDatabase implements AutoCloseable {

  private static PostgreSQLContainer container;
  private final String adminUrl;
  private final String name;

  private TestDatabase(String adminUrl, String name) {
    this.adminUrl = adminUrl;
    this.name = name;
  }

  public static TestDatabase create() {
    String admin = System.getenv("BOSUN_TEST_DATABASE_URL");
    if (admin == null || admin.isBlank()) {
      admin = containerUrl();
    }
    String name = "bosun_mig_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(admin);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot create a test database on BOSUN_TEST_DATABASE_URL: " + e.getMessage(), e);
    }
    return new TestDatabase(admin, name);
  }

  private static synchronized String containerUrl() {
    if (container == null) {
      if (!DockerClientFactory.instance().isDockerAvailable()) {
        throw new IllegalStateException(
            "These tests need PostgreSQL. Set BOSUN_TEST_DATABASE_URL to a server the tests "
                + "may create databases on, e.g. jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres (.ci/run does), "
                + "or run Docker so Testcontainers can start one.");
      }
      container = new PostgreSQLContainer("postgres:16-alpine");
      container.start();
    }
    return container.getJdbcUrl()
        + "&user="
        + container.getUsername()
        + "&password="
        + container.getPassword();
  }

  /** JDBC URL of this database, credentials included as the admin URL has them. */
  public String url() {
    int q = adminUrl.indexOf('?');
    String base = q < 0 ? adminUrl : adminUrl.substring(0, q);
    String query = q < 0 ? "" : adminUrl.substring(q);
    return base.substring(0, base.lastIndexOf('/') + 1) + name + query;
  }

  public String name() {
    return name;
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url());
  }

  Connector connector() {
    return this::connect;
  }

  /** Runs a query and returns the first column of every row as text. */
  List<String> column(String sql) {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  public void execute(String sql) {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  boolean tableExists(String table) {
    return !column("SELECT 1 FROM pg_tables WHERE tablename = '" + table + "'").isEmpty();
  }

  @Override
  public void close() {
    try (Connection c = DriverManager.getConnection(adminUrl);
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot drop test database " + name + ": " + e.getMessage(), e);
    }
  }
}
