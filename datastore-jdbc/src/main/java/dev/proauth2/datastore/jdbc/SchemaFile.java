package dev.proauth2.datastore.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The schema of a dialect, as the plain {@code .sql} file the jar ships for migration tools: the
 * store creates its tables by running that same file, so the two cannot drift apart.
 */
final class SchemaFile {

  private SchemaFile() {}

  /** The statements of the dialect's file, comments left out, in order. */
  static List<String> statements(JdbcDialect dialect) {
    String text;
    try (InputStream in = SchemaFile.class.getResourceAsStream(dialect.schemaResource())) {
      if (in == null) {
        throw new IllegalStateException(dialect.schemaResource() + " is missing from the jar");
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StringBuilder sql = new StringBuilder();
    for (String line : text.split("\n")) {
      if (!line.strip().startsWith("--")) {
        sql.append(line).append('\n');
      }
    }
    List<String> statements = new ArrayList<>();
    for (String statement : sql.toString().split(";")) {
      if (!statement.isBlank()) {
        statements.add(statement.strip());
      }
    }
    return statements;
  }

  /**
   * Runs every statement of the file; each is idempotent. Two stores starting at once may both
   * create a table, and PostgreSQL can fail one of them on its catalog's unique index: the file is
   * run once more then, when the tables exist.
   */
  static void apply(DataSource dataSource, JdbcDialect dialect) throws SQLException {
    List<String> statements = statements(dialect);
    for (int attempt = 1; ; attempt++) {
      try (Connection connection = dataSource.getConnection();
          Statement statement = connection.createStatement()) {
        for (String sql : statements) {
          statement.execute(sql);
        }
        return;
      } catch (SQLException e) {
        if (attempt == 3 || e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
          throw e;
        }
      }
    }
  }
}
