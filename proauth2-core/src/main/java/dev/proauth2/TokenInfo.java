package dev.proauth2;

import dev.proauth2.spi.Actor;
import java.util.List;

/**
 * What introspection (RFC 7662) tells about a token. For anything not currently valid, only {@code
 * active = false} is told.
 *
 * @param active whether the token is currently valid
 * @param scope the token's scopes, or {@code null}
 * @param clientId the client it was issued to, or {@code null}
 * @param subject the user it was issued for ({@code sub}); {@code null} for a token a client got
 *     for itself ({@code client_credentials}), where {@code clientId} names the client
 * @param tokenType {@code Bearer} for access tokens, {@code refresh_token} for refresh tokens
 * @param expiresAt expiry in epoch seconds ({@code exp}), or 0
 * @param issuedAt issue time in epoch seconds ({@code iat}), or 0
 * @param audience the resources (RFC 8707) the token is for ({@code aud}); empty for none
 * @param actor who acts for the subject ({@code act}, RFC 8693 section 4.1), or {@code null}
 * @param dpopJkt the thumbprint of the DPoP key the token is bound to ({@code cnf.jkt}, RFC 9449
 *     section 6.2), or {@code null} for a bearer token
 */
public record TokenInfo(
    boolean active,
    String scope,
    String clientId,
    String subject,
    String tokenType,
    long expiresAt,
    long issuedAt,
    List<String> audience,
    Actor actor,
    String dpopJkt) {

  private static final TokenInfo INACTIVE = new TokenInfo(false, null, null, null, null, 0, 0);

  /** Copies the audience. */
  public TokenInfo {
    audience = audience == null ? List.of() : List.copyOf(audience);
  }

  /** What introspection tells about a token no one acts for, bound to no DPoP key. */
  public TokenInfo(
      boolean active,
      String scope,
      String clientId,
      String subject,
      String tokenType,
      long expiresAt,
      long issuedAt,
      List<String> audience) {
    this(active, scope, clientId, subject, tokenType, expiresAt, issuedAt, audience, null, null);
  }

  /** What introspection tells about a token for no resource in particular. */
  public TokenInfo(
      boolean active,
      String scope,
      String clientId,
      String subject,
      String tokenType,
      long expiresAt,
      long issuedAt) {
    this(active, scope, clientId, subject, tokenType, expiresAt, issuedAt, List.of(), null, null);
  }

  /** The answer for any token that is unknown, expired or revoked. */
  public static TokenInfo inactive() {
    return INACTIVE;
  }
}
