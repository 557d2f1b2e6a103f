package dev.proauth2.datastore.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Connections from a JDBC driver, for the pool the store makes. HikariCP is handed this rather than
 * the URL: its own masking of a URL in its logs and messages knows {@code password=} only, not
 * {@code password1=}, {@code pwd=}, {@code user:password@} or MySQL's {@code (password=...)}. This
 * source shows only the redacted URL.
 */
final class DriverSource implements DataSource {

  private final Driver driver;
  private final String url;
  private final Properties properties = new Properties();
  private final String location;
  private volatile PrintWriter logWriter;
  private volatile int loginTimeout;

  /**
   * @param driver the driver that accepts the URL
   * @param url the URL for the driver, as the user wrote it less the store's options
   * @param user the user, or null
   * @param password the password, or null
   * @param driverProperties more properties for the driver, such as its socket timeout
   * @param location the URL with any secret redacted, for messages
   */
  DriverSource(
      Driver driver,
      String url,
      String user,
      String password,
      Map<String, String> driverProperties,
      String location) {
    this.driver = driver;
    this.url = url;
    this.location = location;
    properties.putAll(driverProperties);
    if (user != null) {
      properties.setProperty("user", user);
    }
    if (password != null) {
      properties.setProperty("password", password);
    }
  }

  @Override
  public Connection getConnection() throws SQLException {
    return connect(properties);
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    Properties given = new Properties();
    given.putAll(properties);
    given.remove("user");
    given.remove("password");
    if (user != null) {
      given.setProperty("user", user);
    }
    if (password != null) {
      given.setProperty("password", password);
    }
    return connect(given);
  }

  private Connection connect(Properties given) throws SQLException {
    Connection connection = driver.connect(url, given);
    if (connection == null) {
      throw new SQLException("the driver " + driver.getClass().getName() + " refused " + location);
    }
    return connection;
  }

  @Override
  public PrintWriter getLogWriter() {
    return logWriter;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    this.logWriter = out;
  }

  /** Kept, not used: the driver's own connect timeout, set from the store's, bounds a connect. */
  @Override
  public void setLoginTimeout(int seconds) {
    this.loginTimeout = seconds;
  }

  @Override
  public int getLoginTimeout() {
    return loginTimeout;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("the store's DriverSource logs nothing");
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new SQLException("DriverSource is not a wrapper for " + type.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return type.isInstance(this);
  }

  @Override
  public String toString() {
    return "DriverSource[" + location + "]";
  }
}
