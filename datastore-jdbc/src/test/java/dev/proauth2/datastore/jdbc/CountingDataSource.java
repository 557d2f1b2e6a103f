package dev.proauth2.datastore.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A DataSource in front of another that writes down every statement the store executes and every
 * commit, each a round trip to the database: {@code SELECT tokens}, {@code put tokens}
 * (PostgreSQL's one-statement put), {@code SELECT FOR UPDATE nonce_codes}, {@code COMMIT}.
 */
final class CountingDataSource implements DataSource {

  private static final Pattern TABLE = Pattern.compile("(?i)\\b(?:FROM|INTO|UPDATE)\\s+(\\w+)");

  private final DataSource target;
  private final List<String> sent = Collections.synchronizedList(new ArrayList<>());

  CountingDataSource(DataSource target) {
    this.target = target;
  }

  /** What was sent since the last call, in order, and forgets it. */
  List<String> takeSent() {
    synchronized (sent) {
      List<String> copy = List.copyOf(sent);
      sent.clear();
      return copy;
    }
  }

  /**
   * A statement's name: its verb (put and replace for PostgreSQL's one-statement forms) and table.
   */
  static String name(String sql) {
    String upper = sql.toUpperCase(Locale.ROOT);
    Matcher table = TABLE.matcher(sql);
    String name = table.find() ? table.group(1) : "?";
    if (upper.startsWith("WITH")) {
      return (upper.contains("ON CONFLICT") ? "put " : "replace ") + name;
    }
    String verb = upper.substring(0, upper.indexOf(' '));
    return verb + (upper.endsWith("FOR UPDATE") ? " FOR UPDATE " : " ") + name;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return counting(target.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return counting(target.getConnection(username, password));
  }

  private Connection counting(Connection connection) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          Object result = invoke(connection, method, args);
          switch (method.getName()) {
            case "prepareStatement" -> {
              return statement((PreparedStatement) result, (String) args[0]);
            }
            case "commit" -> sent.add("COMMIT");
            case "rollback" -> sent.add("ROLLBACK");
            default -> {}
          }
          return result;
        };
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
  }

  private PreparedStatement statement(PreparedStatement statement, String sql) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (method.getName().startsWith("execute")) {
            sent.add(name(sql));
          }
          return invoke(statement, method, args);
        };
    return (PreparedStatement)
        Proxy.newProxyInstance(
            PreparedStatement.class.getClassLoader(),
            new Class<?>[] {PreparedStatement.class},
            handler);
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return target.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    target.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    target.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return target.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return target.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    return target.unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return target.isWrapperFor(type);
  }
}
