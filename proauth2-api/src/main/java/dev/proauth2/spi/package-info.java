/**
 * The proauth2 plugin SPI. A storage backend implements {@link dev.proauth2.spi.DataStoreProvider}
 * and {@link dev.proauth2.spi.DataStore}; a client authentication method implements {@link
 * dev.proauth2.spi.ClientAuthMethod}. Both are found with {@link java.util.ServiceLoader}. Start
 * with {@link dev.proauth2.spi.DataStore}, and test a plugin with the {@code proauth2-testkit}
 * contracts.
 */
package dev.proauth2.spi;
