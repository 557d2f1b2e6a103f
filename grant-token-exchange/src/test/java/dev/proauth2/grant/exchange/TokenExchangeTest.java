package dev.proauth2.grant.exchange;

import static dev.proauth2.grant.exchange.Engines.API;
import static dev.proauth2.grant.exchange.Engines.OTHER_API;
import static dev.proauth2.grant.exchange.Engines.exchange;
import static dev.proauth2.grant.exchange.Engines.own;
import static dev.proauth2.grant.exchange.Engines.run;
import static dev.proauth2.grant.exchange.Engines.userGrant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.ClientRegistration;
import dev.proauth2.DataStores;
import dev.proauth2.Proauth2;
import dev.proauth2.TokenInfo;
import dev.proauth2.TokenResponse;
import dev.proauth2.endpoint.AuthorizationServerMetadata;
import dev.proauth2.spi.Actor;
import dev.proauth2.spi.GrantRequest;
import dev.proauth2.spi.Proauth2Exception;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Token exchange (RFC 8693) in a real engine on the memory store, found by ServiceLoader. */
class TokenExchangeTest {

  private final MovingClock clock = new MovingClock();
  private Proauth2 oauth;
  private ClientRegistration app;

  @BeforeEach
  void start() {
    oauth = engine(null);
    app = Engines.app(oauth);
  }

  private Proauth2 engine(TokenExchangePolicy policy) {
    Proauth2.Builder builder =
        Proauth2.builder()
            .dataStore(DataStores.open("memory:", clock))
            .clock(clock)
            .issuer(Engines.ISSUER)
            .resource(API)
            .resource(OTHER_API)
            .discoverListeners(false);
    if (policy != null) {
      builder.extensionGrant(new TokenExchangeGrant(policy));
    }
    return builder.build();
  }

  @AfterEach
  void close() {
    oauth.close();
  }

  private static Proauth2Exception refused(String error, Executable call) {
    Proauth2Exception thrown = assertThrows(Proauth2Exception.class, call);
    assertEquals(error, thrown.error(), thrown.getMessage());
    return thrown;
  }

  @Test
  @DisplayName("the engine finds the grant on the class path and advertises it")
  void discovered() {
    assertEquals(
        List.of(TokenExchangeGrant.GRANT_TYPE), oauth.capabilities().extensionGrantTypes());
    @SuppressWarnings("unchecked")
    List<String> advertised =
        (List<String>)
            AuthorizationServerMetadata.builder(oauth)
                .build()
                .fields()
                .get("grant_types_supported");
    assertTrue(advertised.contains(TokenExchangeGrant.GRANT_TYPE), advertised.toString());
  }

  @Nested
  @DisplayName("exchange")
  class Exchange {

    @Test
    @DisplayName("a client's own token is exchanged for a narrower one, typed as an access token")
    void narrower() {
      TokenResponse user = userGrant(oauth, app, "read write");
      TokenResponse exchanged = run(oauth, app, exchange(user.accessToken(), "scope", "read"));
      assertEquals("read", exchanged.scope());
      assertEquals(TokenExchangeGrant.ACCESS_TOKEN_TYPE, exchanged.issuedTokenType());
      assertNull(exchanged.refreshToken());
      TokenInfo info = oauth.introspect(exchanged.accessToken());
      assertEquals(Engines.USER, info.subject());
      assertNull(info.actor());
      assertEquals(Engines.USER, oauth.authenticateToken(exchanged.accessToken()).userId());
    }

    @Test
    @DisplayName("an actor token makes the issued token carry act with the actor's subject")
    void actor() {
      TokenResponse user = userGrant(oauth, app, "read");
      String actor = own(oauth, app).accessToken();
      TokenResponse exchanged =
          run(
              oauth,
              app,
              exchange(
                  user.accessToken(),
                  "actor_token",
                  actor,
                  "actor_token_type",
                  TokenExchangeGrant.ACCESS_TOKEN_TYPE));
      assertEquals(Actor.of(app.clientId()), oauth.introspect(exchanged.accessToken()).actor());
    }

    @Test
    @DisplayName("exchanging a token that has act nests the earlier actor inside the new one")
    void nested() {
      oauth.close();
      oauth = engine(TokenExchangePolicy.anySubjectToken());
      app = Engines.app(oauth);
      ClientRegistration first = Engines.service(oauth, "Service A");
      ClientRegistration second = Engines.service(oauth, "Service B");
      TokenResponse user = userGrant(oauth, app, "read write");
      TokenResponse once =
          run(
              oauth,
              first,
              exchange(
                  user.accessToken(),
                  "actor_token",
                  own(oauth, first).accessToken(),
                  "actor_token_type",
                  TokenExchangeGrant.ACCESS_TOKEN_TYPE));
      TokenResponse twice =
          run(
              oauth,
              second,
              exchange(
                  once.accessToken(),
                  "actor_token",
                  own(oauth, second).accessToken(),
                  "actor_token_type",
                  TokenExchangeGrant.ACCESS_TOKEN_TYPE,
                  "scope",
                  "read"));
      Actor act = oauth.introspect(twice.accessToken()).actor();
      assertEquals(new Actor(second.clientId(), Actor.of(first.clientId())), act);
      // Without an actor token, the earlier actors are kept.
      TokenResponse thrice = run(oauth, second, exchange(twice.accessToken()));
      assertEquals(act, oauth.introspect(thrice.accessToken()).actor());
    }

    @Test
    @DisplayName("the resources only narrow: a subset is kept, another resource is invalid_target")
    void resources() {
      TokenResponse user = userGrant(oauth, app, "read", API);
      TokenResponse exchanged = run(oauth, app, exchange(user.accessToken(), "resource", API));
      assertEquals(List.of(API), oauth.introspect(exchanged.accessToken()).audience());
      refused(
          Proauth2Exception.INVALID_TARGET,
          () -> run(oauth, app, exchange(user.accessToken(), "resource", OTHER_API)));
      refused(
          Proauth2Exception.INVALID_TARGET,
          () -> run(oauth, app, exchange(user.accessToken(), "audience", "service-b")));
    }

    @Test
    @DisplayName("a wider scope is invalid_scope")
    void scope() {
      TokenResponse user = userGrant(oauth, app, "read");
      refused(
          Proauth2Exception.INVALID_SCOPE,
          () -> run(oauth, app, exchange(user.accessToken(), "scope", "read write")));
    }

    @Test
    @DisplayName("the issued token lives no longer than the subject token")
    void lifetime() {
      TokenResponse user = userGrant(oauth, app, "read");
      clock.advance(Duration.ofMinutes(55));
      TokenResponse exchanged = run(oauth, app, exchange(user.accessToken()));
      assertEquals(300, exchanged.expiresIn());
      assertEquals(
          oauth.introspect(user.accessToken()).expiresAt(),
          oauth.introspect(exchanged.accessToken()).expiresAt());
    }
  }

  @Nested
  @DisplayName("the issued token belongs to the subject token's grant")
  class Revocation {

    @Test
    @DisplayName("revoking the grant (its refresh token) ends the exchanged token")
    void grantRevoked() {
      TokenResponse user = userGrant(oauth, app, "read");
      TokenResponse exchanged = run(oauth, app, exchange(user.accessToken()));
      oauth.revokeToken(user.refreshToken());
      assertFalse(oauth.introspect(exchanged.accessToken()).active());
    }

    @Test
    @DisplayName("signing the user out ends the exchanged token")
    void signedOut() {
      TokenResponse exchanged =
          run(oauth, app, exchange(userGrant(oauth, app, "read").accessToken()));
      oauth.revokeAll(Engines.USER);
      assertFalse(oauth.introspect(exchanged.accessToken()).active());
    }

    @Test
    @DisplayName("a revoked subject token cannot be exchanged")
    void revokedSubject() {
      TokenResponse user = userGrant(oauth, app, "read");
      oauth.revokeToken(user.accessToken());
      refused(
          Proauth2Exception.INVALID_REQUEST, () -> run(oauth, app, exchange(user.accessToken())));
    }
  }

  @Nested
  @DisplayName("who may exchange")
  class Who {

    @Test
    @DisplayName("a client not registered for token exchange is unauthorized_client")
    void notRegistered() {
      ClientRegistration plain = oauth.registerApp("Plain", Engines.REDIRECT);
      TokenResponse user = userGrant(oauth, plain, null);
      refused(
          Proauth2Exception.UNAUTHORIZED_CLIENT,
          () -> run(oauth, plain, exchange(user.accessToken())));
    }

    @Test
    @DisplayName("by default a client may not exchange another client's token")
    void othersTokens() {
      ClientRegistration service = Engines.service(oauth, "Service");
      TokenResponse user = userGrant(oauth, app, "read");
      refused(
          Proauth2Exception.INVALID_REQUEST,
          () -> run(oauth, service, exchange(user.accessToken())));
    }

    @Test
    @DisplayName("the host's policy decides, and may let services exchange their callers' tokens")
    void hostPolicy() {
      oauth.close();
      oauth = engine(TokenExchangePolicy.anySubjectToken());
      app = Engines.app(oauth);
      ClientRegistration service = Engines.service(oauth, "Service");
      TokenResponse user = userGrant(oauth, app, "read");
      TokenResponse exchanged = run(oauth, service, exchange(user.accessToken()));
      assertEquals(service.clientId(), oauth.introspect(exchanged.accessToken()).clientId());
      // Acting with another client's token is still refused.
      refused(
          Proauth2Exception.INVALID_REQUEST,
          () ->
              run(
                  oauth,
                  service,
                  exchange(
                      user.accessToken(),
                      "actor_token",
                      own(oauth, app).accessToken(),
                      "actor_token_type",
                      TokenExchangeGrant.ACCESS_TOKEN_TYPE)));
    }
  }

  @Test
  @DisplayName("a refused exchange leaves nothing issued: the user's tokens are all there are")
  void refusedLeavesNothing() {
    TokenResponse user = userGrant(oauth, app, "read");
    GrantRequest wider = exchange(user.accessToken(), "scope", "read write");
    refused(Proauth2Exception.INVALID_SCOPE, () -> run(oauth, app, wider));
    // revokeAll counts what it removes: the code's tombstone, the access and the refresh token.
    assertEquals(3, oauth.revokeAll(Engines.USER));
  }
}
