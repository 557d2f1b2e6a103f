/**
 * Client authentication with a JWT signed by the client's private key: {@link
 * dev.proauth2.authmethod.jwt.PrivateKeyJwt} ({@code private_key_jwt}, RFC 7523 sections 2.2 and
 * 3). Add this jar and clients registered with their public keys ({@code jwks} or {@code jwks_uri})
 * can authenticate; {@link dev.proauth2.authmethod.jwt.PrivateKeyJwtSettings} holds its limits.
 */
package dev.proauth2.authmethod.jwt;
