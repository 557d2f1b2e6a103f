/**
 * The embedded in-process DataStore, scheme {@code memory}: the default for development, tests and
 * single-instance servers. Its entry point is {@link
 * dev.proauth2.datastore.memory.MemoryDataStoreProvider}; open it with {@code
 * Proauth2.open("memory:")}.
 */
package dev.proauth2.datastore.memory;
