/** The in-process DataStore, scheme {@code memory}. */
module dev.proauth2.datastore.memory {
  requires dev.proauth2.api;
  requires static com.google.auto.service;

  provides dev.proauth2.spi.DataStoreProvider with
      dev.proauth2.datastore.memory.MemoryDataStoreProvider;
}
