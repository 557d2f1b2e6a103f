/** Signing for proauth2: managed signing keys, the JWKS, JWT access tokens (RFC 9068). */
module dev.proauth2.jose {
  requires transitive dev.proauth2.core;
  requires transitive com.nimbusds.jose.jwt;
  // nimbus-jose-jwt signs and verifies Ed25519 with Tink, which it requires only statically.
  requires com.google.crypto.tink;

  exports dev.proauth2.jose;
}
