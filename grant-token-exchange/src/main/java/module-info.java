/** OAuth 2.0 Token Exchange (RFC 8693) as an extension grant. */
module dev.proauth2.grant.exchange {
  requires dev.proauth2.api;
  requires static com.google.auto.service;

  exports dev.proauth2.grant.exchange;

  provides dev.proauth2.spi.ExtensionGrant with
      dev.proauth2.grant.exchange.TokenExchangeGrant;
}
