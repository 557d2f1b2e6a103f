/**
 * The proauth2 engine. Start with {@link dev.proauth2.Proauth2}: open it on a store by config
 * string, register clients, issue codes and tokens, check and revoke tokens.
 *
 * <p>Requests are typed: {@link dev.proauth2.TokenRequest} has one record per grant, and grant
 * types and PKCE methods are the enums {@link dev.proauth2.GrantType} and {@link
 * dev.proauth2.CodeChallengeMethod}. What a client sent wrong is a {@link
 * dev.proauth2.spi.Proauth2Exception} with its RFC error code; what the calling program got wrong
 * (a {@code null} argument, a builder setting out of range, a closed engine) is a {@link
 * NullPointerException}, {@link IllegalArgumentException} or {@link IllegalStateException}.
 */
package dev.proauth2;
