/**
 * The JDBC DataStore, scheme {@code jdbc}: the JDBC URL of a PostgreSQL, MySQL, MariaDB or H2
 * database is the config string, as in {@code Proauth2.open("jdbc:postgresql://db/auth")}. Its
 * entry point is {@link dev.proauth2.datastore.jdbc.JdbcDataStoreProvider}; a caller with a {@code
 * DataSource} of its own uses {@link dev.proauth2.datastore.jdbc.JdbcDataStores}. The schema ships
 * as versioned migrations per database, plain {@code .sql} in Flyway's naming under {@code
 * META-INF/proauth2/migrations/}; the module's README documents the options, the schema, its
 * upgrades and the sweeper.
 */
package dev.proauth2.datastore.jdbc;
