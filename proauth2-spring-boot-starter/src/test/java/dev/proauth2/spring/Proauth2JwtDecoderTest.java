package dev.proauth2.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.AccessTokenFormat;
import dev.proauth2.ClientRegistration;
import dev.proauth2.GrantType;
import dev.proauth2.Proauth2;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.TokenRequest;
import dev.proauth2.jose.JoseSigning;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;

@DisplayName("Proauth2JwtDecoder: Spring's JwtDecoder on the engine in-process")
class Proauth2JwtDecoderTest {

  private static final String API = "https://api.example/orders";

  private final Proauth2 oauth =
      Proauth2.builder()
          .dataStore("memory:")
          .issuer("https://auth.example")
          .resource(API)
          .signing(JoseSigning.managedKeys())
          .accessTokenFormat(AccessTokenFormat.JWT)
          .discoverListeners(false)
          .build();

  private final ClientRegistration client =
      oauth.registerApp(
          RegistrationRequest.builder("orders client")
              .grantType(GrantType.CLIENT_CREDENTIALS)
              .scope("orders:read orders:write")
              .build());

  @AfterEach
  void close() {
    oauth.close();
  }

  private String token(String scope, List<String> resources) {
    return oauth
        .requestAccessToken(
            new TokenRequest.ClientCredentials(client.clientId(), client.clientSecret(), scope)
                .withResources(resources))
        .accessToken();
  }

  @Test
  @DisplayName("a live JWT decodes to its header and claims; scope becomes SCOPE_ authorities")
  void decodes() {
    Jwt jwt = new Proauth2JwtDecoder(oauth, null).decode(token("orders:read", List.of()));
    assertEquals(client.clientId(), jwt.getSubject());
    assertEquals("at+jwt", jwt.getHeaders().get("typ"));
    assertEquals("https://auth.example", jwt.getClaimAsString("iss"));
    assertTrue(jwt.getExpiresAt().isAfter(jwt.getIssuedAt()));
    List<String> authorities =
        new JwtAuthenticationConverter()
            .convert(jwt).getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
    assertTrue(authorities.contains("SCOPE_orders:read"), authorities.toString());
    assertTrue(authorities.stream().noneMatch(a -> a.equals("SCOPE_orders:write")), "narrowed");
  }

  @Test
  @DisplayName("refused: a revoked JWT, an opaque value, a token for another resource")
  void refuses() {
    Proauth2JwtDecoder unbound = new Proauth2JwtDecoder(oauth, null);
    String revoked = token("orders:read", List.of());
    oauth.revokeToken(revoked);
    assertThrows(BadJwtException.class, () -> unbound.decode(revoked));
    assertThrows(BadJwtException.class, () -> unbound.decode("opaque-value"));
    String bound = token(null, List.of(API));
    assertThrows(BadJwtException.class, () -> unbound.decode(bound));
    assertEquals(client.clientId(), new Proauth2JwtDecoder(oauth, API).decode(bound).getSubject());
  }
}
