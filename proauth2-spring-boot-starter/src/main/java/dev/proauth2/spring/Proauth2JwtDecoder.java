package dev.proauth2.spring;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.proauth2.Proauth2;
import dev.proauth2.spi.DataStoreUnavailableException;
import dev.proauth2.spi.Proauth2Exception;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Spring Security's {@link JwtDecoder} on the engine in-process, for an API in the authorization
 * server's own application that runs the resource server in JWT mode ({@code
 * http.oauth2ResourceServer(o -> o.jwt(j -> j.decoder(decoder)))}): the engine checks the JWT
 * access token (its signature against the engine's keys, then its record: expired and revoked
 * tokens fail at once, unlike a decoder working from the {@code jwks_uri} alone), and Spring gets
 * its header and claims, so {@code scope} becomes {@code SCOPE_} authorities as usual. Opaque
 * tokens are refused: use {@link Proauth2OpaqueTokenIntrospector}, which takes both.
 */
public final class Proauth2JwtDecoder implements JwtDecoder {

  private final Proauth2 oauth;
  private final String resource;

  /**
   * Creates a decoder.
   *
   * @param resource the resource (RFC 8707) the API is, whose tokens alone it accepts; {@code null}
   *     for an API that names none, which accepts only tokens issued for none
   */
  public Proauth2JwtDecoder(Proauth2 oauth, String resource) {
    this.oauth = Objects.requireNonNull(oauth, "oauth");
    this.resource = resource;
  }

  @Override
  public Jwt decode(String token) throws JwtException {
    if (token == null || token.indexOf('.') < 0) {
      throw new BadJwtException("not a JWT access token");
    }
    try {
      if (resource == null) {
        oauth.authenticateToken(token);
      } else {
        oauth.authenticateToken(token, resource);
      }
    } catch (DataStoreUnavailableException e) {
      throw new JwtException("the token store did not answer", e);
    } catch (Proauth2Exception e) {
      // Never the token itself: the description says only why it was refused.
      throw new BadJwtException("the token is unknown, expired, revoked or not for this API");
    }
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      Map<String, Object> values = new LinkedHashMap<>(claims.getClaims());
      values.put("iat", claims.getIssueTime().toInstant());
      values.put("exp", claims.getExpirationTime().toInstant());
      return Jwt.withTokenValue(token)
          .headers(headers -> headers.putAll(jwt.getHeader().toJSONObject()))
          .claims(all -> all.putAll(values))
          .build();
    } catch (ParseException | RuntimeException e) {
      throw new BadJwtException("the JWT access token cannot be read", e);
    }
  }
}
