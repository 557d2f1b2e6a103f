package dev.proauth2.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.AuthorizationCode;
import dev.proauth2.ClientRegistration;
import dev.proauth2.GrantType;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.TokenInfo;
import dev.proauth2.TokenRequest;
import dev.proauth2.TokenResponse;
import dev.proauth2.TokenSubject;
import dev.proauth2.spi.ClientCredentials;
import dev.proauth2.spi.Proauth2Exception;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A revocation reaches exactly what it covers (RFC 7009 section 2.1, "sign me out everywhere",
 * deleting a client): a token it misses is a session the user believes ended, and a token it takes
 * by mistake signs out someone who did nothing.
 */
@DisplayName("revocation cascades")
class RevocationCascadesTest {

  private static final int CASES = 200;
  private static final List<String> USERS = List.of(Harness.USER, "bob@example.com", "carol");

  /**
   * One authorization: a pending code, the tokens it was redeemed for and refreshed into, or a
   * client_credentials token (which has no user: {@code user} holds the client id).
   */
  private static final class Grant {
    final int number;
    final ClientRegistration client;
    final String user;
    final List<String> accessTokens = new ArrayList<>();
    AuthorizationCode pendingCode;
    String verifier;
    String refreshToken;
    boolean covered;

    Grant(int number, ClientRegistration client, String user) {
      this.number = number;
      this.client = client;
      this.user = user;
    }

    @Override
    public String toString() {
      return "grant " + number + " (" + client.name() + ", " + user + ")";
    }
  }

  private enum Revocation {
    ACCESS_TOKEN,
    REFRESH_TOKEN,
    USER,
    CLIENT
  }

  @Test
  @DisplayName(
      "after one random revocation among random grants, every token it covers is refused and"
          + " every other one still works")
  void exactlyWhatItCovers() {
    Cases.check(CASES, RevocationCascadesTest::run);
  }

  private static void run(Gen gen, Cases.Input input) {
    try (Harness h = Engines.open(builder -> builder)) {
      ClientRegistration service =
          h.remember(
              h.oauth.registerApp(
                  RegistrationRequest.builder("Service")
                      .redirectUri(Harness.REDIRECT)
                      .grantType(GrantType.CLIENT_CREDENTIALS)
                      .build()));
      List<ClientRegistration> clients = List.of(h.app, h.other, h.spa, service);
      List<Grant> grants = new ArrayList<>();
      int count = gen.between(2, 8);
      for (int n = 1; n <= count; n++) {
        ClientRegistration client = gen.oneOf(clients);
        Grant grant =
            new Grant(n, client, client == service ? service.clientId() : gen.oneOf(USERS));
        grants.add(grant);
        if (client == service) {
          input.add(grant + ": a client_credentials token");
          grant.accessTokens.add(
              h.remember(
                      h.oauth.requestAccessToken(
                          TokenRequest.clientCredentials(
                              service.clientId(), service.clientSecret(), null)))
                  .accessToken());
          continue;
        }
        grant.verifier = h.newVerifier();
        grant.pendingCode =
            h.authorize(h.request(grant.client, grant.verifier).userId(grant.user).build());
        if (gen.chance(0.2)) {
          input.add(grant + ": a code, not redeemed");
          continue;
        }
        TokenResponse tokens = h.exchange(grant.client, grant.pendingCode, grant.verifier);
        grant.pendingCode = null;
        grant.accessTokens.add(tokens.accessToken());
        grant.refreshToken = tokens.refreshToken();
        int refreshes = gen.between(0, 2);
        for (int i = 0; i < refreshes; i++) {
          TokenResponse next = h.refresh(grant.client, grant.refreshToken, null);
          grant.accessTokens.add(next.accessToken());
          grant.refreshToken = next.refreshToken();
        }
        input.add(grant + ": redeemed, refreshed " + refreshes + " times");
      }

      revoke(gen, input, h, grants);

      for (Grant grant : grants) {
        assertAccessTokens(h, grant);
        if (grant.refreshToken != null) {
          TokenInfo info = h.oauth.introspect(grant.refreshToken);
          assertEquals(!grant.covered, info.active(), grant + ": whether its refresh token works");
        }
      }
      // Only now the calls that change things: a refresh rotates, a redemption issues.
      for (Grant grant : grants) {
        if (grant.refreshToken != null) {
          Outcome<TokenResponse> refresh =
              Outcome.of(() -> h.refresh(grant.client, grant.refreshToken, null));
          assertRefusedOrWorks(grant, "a refresh", refresh);
        }
        if (grant.pendingCode != null) {
          Outcome<TokenResponse> redemption =
              Outcome.of(() -> h.exchange(grant.client, grant.pendingCode, grant.verifier));
          assertRefusedOrWorks(grant, "the redemption of its code", redemption);
        }
      }
    }
  }

  /** Runs one random revocation and marks the grants it covers. */
  private static void revoke(Gen gen, Cases.Input input, Harness h, List<Grant> grants) {
    Revocation revocation = gen.oneOf(Revocation.values());
    boolean access = revocation == Revocation.ACCESS_TOKEN;
    List<Grant> holding =
        grants.stream()
            .filter(grant -> access ? !grant.accessTokens.isEmpty() : grant.refreshToken != null)
            .toList();
    if (holding.isEmpty() && (access || revocation == Revocation.REFRESH_TOKEN)) {
      revocation = gen.oneOf(Revocation.USER, Revocation.CLIENT);
    }
    switch (revocation) {
      case ACCESS_TOKEN, REFRESH_TOKEN -> {
        Grant grant = gen.oneOf(holding);
        int which = gen.between(0, grant.accessTokens.size() - 1);
        String token = access ? grant.accessTokens.get(which) : grant.refreshToken;
        boolean byClient = gen.chance(0.5);
        String hint = gen.oneOf("access_token", "refresh_token", null);
        input.add(
            "revoke "
                + grant
                + (access ? "'s access token " + (which + 1) : "'s refresh token")
                + (byClient ? " as its client, hint " + hint : " as the host"));
        if (byClient) {
          h.oauth.revokeToken(
              new ClientCredentials(
                  grant.client.authMethod(), grant.client.clientId(), grant.client.clientSecret()),
              token,
              hint);
        } else {
          h.oauth.revokeToken(token);
        }
        if (access) {
          String revoked = grant.accessTokens.remove(which);
          assertEquals(
              Proauth2Exception.INVALID_TOKEN,
              Outcome.of(() -> h.oauth.authenticateToken(revoked).userId()).error(),
              "the revoked access token still authenticates");
          assertEquals(TokenInfo.inactive(), h.oauth.introspect(revoked));
        } else {
          grant.covered = true;
        }
      }
      case USER -> {
        String user = gen.oneOf(USERS);
        input.add("revoke everything of " + user);
        h.oauth.revokeAll(user);
        grants.stream().filter(grant -> grant.user.equals(user)).forEach(g -> g.covered = true);
      }
      case CLIENT -> {
        ClientRegistration client = gen.oneOf(grants).client;
        input.add("delete client " + client.name());
        assertTrue(h.oauth.deleteApp(client.clientId()), "the client did not exist");
        grants.stream().filter(grant -> grant.client == client).forEach(g -> g.covered = true);
      }
    }
  }

  /** A user's id, or the client's marked as such: a service token has no user. */
  private static String who(TokenSubject subject) {
    return subject.isClient() ? "client " + subject.clientId() : subject.userId();
  }

  private static void assertAccessTokens(Harness h, Grant grant) {
    for (int i = 0; i < grant.accessTokens.size(); i++) {
      String token = grant.accessTokens.get(i);
      String which = grant + ": access token " + (i + 1);
      Outcome<String> user = Outcome.of(() -> who(h.oauth.authenticateToken(token)));
      TokenInfo info = h.oauth.introspect(token);
      if (grant.covered) {
        assertEquals(Proauth2Exception.INVALID_TOKEN, user.error(), which + " still authenticates");
        assertEquals(TokenInfo.inactive(), info, which + " still introspects");
      } else {
        String expected =
            grant.client.name().equals("Service") ? "client " + grant.user : grant.user;
        assertEquals(expected, user.value(), which + " no longer authenticates");
        assertTrue(info.active(), which + " no longer introspects as active");
        assertEquals(grant.client.clientId(), info.clientId(), which + ": its client");
      }
    }
  }

  private static void assertRefusedOrWorks(
      Grant grant, String call, Outcome<TokenResponse> outcome) {
    if (grant.covered) {
      assertNull(outcome.value(), grant + ": " + call + " worked");
      assertTrue(
          Set.of(Proauth2Exception.INVALID_GRANT, Proauth2Exception.INVALID_CLIENT)
              .contains(outcome.error()),
          grant + ": " + call + " was refused with " + outcome.error());
    } else {
      assertNotNull(outcome.value(), grant + ": " + call + " was refused with " + outcome.error());
    }
  }
}
