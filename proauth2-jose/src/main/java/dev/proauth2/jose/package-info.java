/**
 * Signing for proauth2 on nimbus-jose-jwt: {@link dev.proauth2.jose.JoseSigning} (the engine's
 * {@link dev.proauth2.TokenSigner}), its keys ({@link dev.proauth2.jose.ManagedSigningKeys}, {@link
 * dev.proauth2.jose.HostSigningKeys}, or a KMS plugin on {@link dev.proauth2.jose.SigningKeys}),
 * and JWT access tokens (RFC 9068).
 */
package dev.proauth2.jose;
