package dev.proauth2.grant.exchange;

import static dev.proauth2.grant.exchange.Engines.exchange;
import static dev.proauth2.grant.exchange.Engines.own;
import static dev.proauth2.grant.exchange.Engines.run;
import static dev.proauth2.grant.exchange.Engines.typedExchange;
import static dev.proauth2.grant.exchange.Engines.userGrant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.proauth2.ClientRegistration;
import dev.proauth2.DataStores;
import dev.proauth2.GrantType;
import dev.proauth2.Proauth2;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.TokenRequest;
import dev.proauth2.TokenResponse;
import dev.proauth2.spi.GrantRequest;
import dev.proauth2.spi.Proauth2Event;
import dev.proauth2.spi.Proauth2Exception;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Hostile token exchange requests by category, each refused with the error its category calls for,
 * and none issuing a token: the counts are printed for the closing note.
 */
class HostileExchangeTest {

  private final MovingClock clock = new MovingClock();
  private final Map<String, List<Supplier<String>>> byCategory = new LinkedHashMap<>();
  private final List<Proauth2Event> exchanges = new CopyOnWriteArrayList<>();

  /** Adds a request that must be refused with {@code error}; the supplier returns what it got. */
  private void add(
      String category, String error, Proauth2 oauth, ClientRegistration c, GrantRequest r) {
    byCategory
        .computeIfAbsent(category, k -> new ArrayList<>())
        .add(
            () -> {
              try {
                run(oauth, c, r);
                return "issued";
              } catch (Proauth2Exception e) {
                return e.error().equals(error) ? null : e.error() + ": " + e.getMessage();
              }
            });
  }

  @Test
  @DisplayName("every hostile exchange is refused with its category's error and issues nothing")
  void hostile() {
    try (Proauth2 oauth =
        Proauth2.builder()
            .dataStore(DataStores.open("memory:", clock))
            .clock(clock)
            .issuer(Engines.ISSUER)
            .resource(Engines.API)
            .resource(Engines.OTHER_API)
            .discoverListeners(false)
            .listener(
                event -> {
                  if (event instanceof Proauth2Event.TokensIssued issued
                      && issued.grantType().equals(TokenExchangeGrant.GRANT_TYPE)) {
                    exchanges.add(issued);
                  }
                })
            .build()) {
      ClientRegistration app = Engines.app(oauth);
      TokenResponse user = userGrant(oauth, app, "read", Engines.API);
      String live = user.accessToken();
      String actor = own(oauth, app).accessToken();
      String access = TokenExchangeGrant.ACCESS_TOKEN_TYPE;

      String unknown = "unknown subject tokens";
      for (String token :
          List.of(
              "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
              live.substring(1),
              live + "A",
              "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9.",
              "x".repeat(40_000),
              "ünïcödé",
              " ",
              user.refreshToken())) {
        add(unknown, Proauth2Exception.INVALID_REQUEST, oauth, app, exchange(token));
      }
      add(
          unknown,
          Proauth2Exception.INVALID_REQUEST,
          oauth,
          app,
          exchange(live, "actor_token", "AAAA", "actor_token_type", access));

      String revoked = "revoked subject tokens (access, grant, rotated-away grant)";
      TokenResponse revokedAccess = userGrant(oauth, app, "read");
      oauth.revokeToken(revokedAccess.accessToken());
      add(
          revoked,
          Proauth2Exception.INVALID_REQUEST,
          oauth,
          app,
          exchange(revokedAccess.accessToken()));
      TokenResponse revokedGrant = userGrant(oauth, app, "read");
      oauth.revokeToken(revokedGrant.refreshToken());
      add(
          revoked,
          Proauth2Exception.INVALID_REQUEST,
          oauth,
          app,
          exchange(revokedGrant.accessToken()));
      TokenResponse rotatedAway = userGrant(oauth, app, "read");
      TokenRequest.RefreshToken refresh =
          TokenRequest.refreshToken(
              app.clientId(), app.clientSecret(), rotatedAway.refreshToken(), null);
      oauth.requestAccessToken(refresh);
      // Reuse of the rotated refresh token revokes the grant.
      assertThrows(Proauth2Exception.class, () -> oauth.requestAccessToken(refresh));
      add(
          revoked,
          Proauth2Exception.INVALID_REQUEST,
          oauth,
          app,
          exchange(rotatedAway.accessToken()));

      String widening = "widening";
      add(
          widening,
          Proauth2Exception.INVALID_SCOPE,
          oauth,
          app,
          exchange(live, "scope", "read write"));
      add(widening, Proauth2Exception.INVALID_SCOPE, oauth, app, exchange(live, "scope", "admin"));
      add(
          widening,
          Proauth2Exception.INVALID_SCOPE,
          oauth,
          app,
          exchange(live, "scope", "read  write"));
      add(
          widening,
          Proauth2Exception.INVALID_TARGET,
          oauth,
          app,
          exchange(live, "resource", Engines.OTHER_API));
      add(
          widening,
          Proauth2Exception.INVALID_TARGET,
          oauth,
          app,
          exchange(live, "resource", Engines.API, "resource", Engines.OTHER_API));
      add(
          widening,
          Proauth2Exception.INVALID_TARGET,
          oauth,
          app,
          exchange(live, "resource", "not a uri"));
      add(widening, Proauth2Exception.INVALID_TARGET, oauth, app, exchange(live, "audience", "b"));

      String types = "wrong token types";
      for (String type :
          List.of(
              "urn:ietf:params:oauth:token-type:refresh_token",
              "urn:ietf:params:oauth:token-type:id_token",
              "urn:ietf:params:oauth:token-type:saml2",
              "access_token")) {
        add(types, Proauth2Exception.INVALID_REQUEST, oauth, app, typedExchange(live, type));
        add(
            types,
            Proauth2Exception.INVALID_REQUEST,
            oauth,
            app,
            exchange(live, "requested_token_type", type));
        add(
            types,
            Proauth2Exception.INVALID_REQUEST,
            oauth,
            app,
            exchange(live, "actor_token", actor, "actor_token_type", type));
      }
      add(
          types,
          Proauth2Exception.INVALID_REQUEST,
          oauth,
          app,
          exchange(live, "actor_token", actor));
      add(
          types,
          Proauth2Exception.INVALID_REQUEST,
          oauth,
          app,
          exchange(live, "actor_token_type", access));
      add(
          types,
          Proauth2Exception.INVALID_REQUEST,
          oauth,
          app,
          exchange(live, "subject_token", live));

      String without = "a client without the grant";
      ClientRegistration codeOnly = oauth.registerApp("Code only", Engines.REDIRECT);
      ClientRegistration machine =
          oauth.registerApp(
              RegistrationRequest.builder("Machine")
                  .grantType(GrantType.CLIENT_CREDENTIALS)
                  .build());
      for (ClientRegistration client : List.of(codeOnly, machine)) {
        add(without, Proauth2Exception.UNAUTHORIZED_CLIENT, oauth, client, exchange(live));
        add(without, Proauth2Exception.UNAUTHORIZED_CLIENT, oauth, client, exchange("AAAA"));
      }
      ClientRegistration other = Engines.service(oauth, "Other service");
      add(without, Proauth2Exception.INVALID_REQUEST, oauth, other, exchange(live));

      int total = 0;
      List<String> wrong = new ArrayList<>();
      StringBuilder counts = new StringBuilder("hostile token exchange requests:\n");
      for (Map.Entry<String, List<Supplier<String>>> category : byCategory.entrySet()) {
        int i = 0;
        for (Supplier<String> attempt : category.getValue()) {
          String outcome = attempt.get();
          if (outcome != null) {
            wrong.add(category.getKey() + " #" + i + ": " + outcome);
          }
          i++;
        }
        counts.append("  ").append(category.getKey()).append(": ").append(i).append('\n');
        total += i;
      }
      System.out.print(counts.append("  total: ").append(total).append('\n'));
      if (!wrong.isEmpty()) {
        fail(String.join("\n", wrong));
      }
      oauth.flushEvents(Duration.ofSeconds(10));
      assertEquals(List.of(), exchanges, "a hostile request issued a token");
      assertTrue(oauth.introspect(live).active(), "the subject token itself stays untouched");
    }
  }
}
