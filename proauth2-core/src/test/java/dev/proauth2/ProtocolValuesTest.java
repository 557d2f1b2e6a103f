package dev.proauth2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The protocol's own strings for grant types and PKCE methods, and the lookups that read them. */
class ProtocolValuesTest {

  @Test
  @DisplayName("grant types carry their RFC 6749 values and are found by them exactly")
  void grantTypes() {
    assertEquals("authorization_code", GrantType.AUTHORIZATION_CODE.value());
    assertEquals("refresh_token", GrantType.REFRESH_TOKEN.value());
    assertEquals("client_credentials", GrantType.CLIENT_CREDENTIALS.value());
    for (GrantType type : GrantType.values()) {
      assertEquals(Optional.of(type), GrantType.fromValue(type.value()));
    }
    for (String other : new String[] {"password", "implicit", "AUTHORIZATION_CODE", "", " "}) {
      assertEquals(Optional.empty(), GrantType.fromValue(other), other);
    }
    assertEquals(Optional.empty(), GrantType.fromValue(null));
  }

  @Test
  @DisplayName("PKCE methods carry their RFC 7636 values and are found by them, case-sensitively")
  void codeChallengeMethods() {
    assertEquals("S256", CodeChallengeMethod.S256.value());
    assertEquals("plain", CodeChallengeMethod.PLAIN.value());
    for (CodeChallengeMethod method : CodeChallengeMethod.values()) {
      assertEquals(Optional.of(method), CodeChallengeMethod.fromValue(method.value()));
    }
    for (String other : new String[] {"s256", "PLAIN", "S512", "S256 ", ""}) {
      assertEquals(Optional.empty(), CodeChallengeMethod.fromValue(other), other);
    }
    assertEquals(Optional.empty(), CodeChallengeMethod.fromValue(null));
  }
}
