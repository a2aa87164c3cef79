package dev.bosun.migrate;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The one way db-migrate reaches PostgreSQL; tests hand in a real database, the embedded server
 * hands in its own.
 */
@FunctionalInterface
public interface Connector {

  Connection open() throws SQLException;
}
