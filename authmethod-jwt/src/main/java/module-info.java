/** Client authentication with a JWT signed by the client's private key: {@code private_key_jwt}. */
module dev.proauth2.authmethod.jwt {
  requires dev.proauth2.api;
  requires com.nimbusds.jose.jwt;
  // nimbus-jose-jwt verifies Ed25519 signatures with Tink, which it requires only statically.
  requires com.google.crypto.tink;
  requires static com.google.auto.service;

  provides dev.proauth2.spi.ClientAuthMethod with
      dev.proauth2.authmethod.jwt.PrivateKeyJwt;
}
