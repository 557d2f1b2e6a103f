/** The plugin guide's store as a named module: found through provides on the module path. */
module dev.proauth2.thirdparty {
  requires dev.proauth2.api;

  provides dev.proauth2.spi.DataStoreProvider with
      dev.proauth2.thirdparty.TinyDataStoreProvider;
}
