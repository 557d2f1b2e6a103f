package dev.proauth2.grant.exchange;

import static dev.proauth2.grant.exchange.Engines.own;
import static dev.proauth2.grant.exchange.Engines.run;
import static dev.proauth2.grant.exchange.Engines.typedExchange;
import static dev.proauth2.grant.exchange.Engines.userGrant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.proauth2.AccessTokenFormat;
import dev.proauth2.ClientRegistration;
import dev.proauth2.DataStores;
import dev.proauth2.Proauth2;
import dev.proauth2.TokenResponse;
import dev.proauth2.jose.JoseSigning;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Token exchange on an engine whose access tokens are JWTs (RFC 9068). */
class JwtExchangeTest {

  private final MovingClock clock = new MovingClock();
  private Proauth2 oauth;
  private ClientRegistration app;

  @BeforeEach
  void start() {
    oauth =
        Proauth2.builder()
            .dataStore(DataStores.open("memory:", clock))
            .clock(clock)
            .issuer(Engines.ISSUER)
            .signing(JoseSigning.managedKeys())
            .accessTokenFormat(AccessTokenFormat.JWT)
            .discoverListeners(false)
            .build();
    app = Engines.app(oauth);
  }

  @AfterEach
  void close() {
    oauth.close();
  }

  @Test
  @DisplayName("a JWT access token, typed as a JWT, is exchanged for a JWT that carries act")
  void jwtSubjectToken() throws Exception {
    TokenResponse user = userGrant(oauth, app, "read write");
    TokenResponse actor = own(oauth, app);
    TokenResponse exchanged =
        run(
            oauth,
            app,
            typedExchange(
                user.accessToken(),
                TokenExchangeGrant.JWT_TYPE,
                "actor_token",
                actor.accessToken(),
                "actor_token_type",
                TokenExchangeGrant.JWT_TYPE,
                "scope",
                "read"));
    JWTClaimsSet claims = SignedJWT.parse(exchanged.accessToken()).getJWTClaimsSet();
    JWTClaimsSet subject = SignedJWT.parse(user.accessToken()).getJWTClaimsSet();
    assertEquals(Engines.USER, claims.getSubject());
    assertEquals(app.clientId(), claims.getStringClaim("client_id"));
    assertEquals("read", claims.getStringClaim("scope"));
    assertEquals(Map.of("sub", app.clientId()), claims.getJSONObjectClaim("act"));
    assertTrue(!claims.getExpirationTime().after(subject.getExpirationTime()));
  }

  @Test
  @DisplayName("signing the user out ends a JWT issued by exchange at introspection")
  void signedOut() {
    TokenResponse user = userGrant(oauth, app, "read");
    TokenResponse exchanged =
        run(oauth, app, typedExchange(user.accessToken(), TokenExchangeGrant.JWT_TYPE));
    oauth.revokeAll(Engines.USER);
    assertFalse(oauth.introspect(exchanged.accessToken()).active());
  }
}
