/** OpenID Connect for proauth2: ID tokens, UserInfo, discovery, RP-initiated logout. */
module dev.proauth2.oidc {
  requires transitive dev.proauth2.core;
  requires transitive dev.proauth2.jose;
  requires transitive com.nimbusds.jose.jwt;

  exports dev.proauth2.oidc;
}
