/**
 * The OAuth 2.0 engine, plugin discovery and the endpoint helpers. Plugins are found with {@link
 * java.util.ServiceLoader} on the module path ({@code provides}) and the class path ({@code
 * META-INF/services}) alike.
 */
module dev.proauth2.core {
  requires transitive dev.proauth2.api;

  exports dev.proauth2;
  exports dev.proauth2.endpoint;

  uses dev.proauth2.spi.DataStoreProvider;
  uses dev.proauth2.spi.ClientAuthMethod;
  uses dev.proauth2.spi.ExtensionGrant;
  uses dev.proauth2.spi.Proauth2Listener;
}
