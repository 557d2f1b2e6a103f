/**
 * The JDBC DataStore: PostgreSQL, MySQL/MariaDB and H2 from the JDBC URL an application already
 * has, pooled by HikariCP, and {@link dev.proauth2.datastore.jdbc.JdbcDataStores} for a caller who
 * holds a {@link javax.sql.DataSource}. The JDBC driver is the application's, found at run time.
 */
module dev.proauth2.datastore.jdbc {
  requires transitive dev.proauth2.api;
  requires transitive java.sql;
  requires com.zaxxer.hikari;
  requires static com.google.auto.service;

  exports dev.proauth2.datastore.jdbc;

  provides dev.proauth2.spi.DataStoreProvider with
      dev.proauth2.datastore.jdbc.JdbcDataStoreProvider;
}
