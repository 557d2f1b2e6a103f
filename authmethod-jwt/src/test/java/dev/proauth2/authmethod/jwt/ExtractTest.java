package dev.proauth2.authmethod.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.spi.ClientAuthRequest;
import dev.proauth2.spi.ClientCredentials;
import dev.proauth2.spi.Proauth2Exception;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Finding the assertion in a token request's form (RFC 7523 section 2.2, RFC 7521 section 4.2). */
class ExtractTest {

  private final PrivateKeyJwt method = new PrivateKeyJwt(PrivateKeyJwtSettings.DEFAULTS);
  private final String assertion =
      Assertion.forClient("client-a", Instant.now()).signedWith(TestKeys.EC);

  private static ClientAuthRequest form(String... pairs) {
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      parameters.put(pairs[i], List.of(pairs[i + 1]));
    }
    return new ClientAuthRequest(Map.of(), parameters);
  }

  private String refused(ClientAuthRequest request) {
    Proauth2Exception thrown = assertThrows(Proauth2Exception.class, () -> method.extract(request));
    assertEquals(Proauth2Exception.INVALID_CLIENT, thrown.error());
    return thrown.description();
  }

  @Test
  @DisplayName("a request with client_secret or client_id only yields nothing")
  void otherMethods() {
    assertEquals(Optional.empty(), method.extract(form("client_id", "a", "client_secret", "s")));
    assertEquals(Optional.empty(), method.extract(form("client_id", "a")));
  }

  @Test
  @DisplayName("the client id comes from sub, and the assertion is the credentials' secret")
  void clientFromSubject() {
    ClientCredentials found = method.extract(Assertion.form(assertion)).orElseThrow();
    assertEquals("client-a", found.clientId());
    assertEquals(PrivateKeyJwt.NAME, found.method());
    assertEquals(assertion, found.secret());
    assertFalse(found.toString().contains(assertion));
  }

  @Test
  @DisplayName("a client_id parameter equal to sub is accepted")
  void matchingClientId() {
    ClientCredentials found =
        method
            .extract(
                form(
                    "client_id",
                    "client-a",
                    "client_assertion",
                    assertion,
                    "client_assertion_type",
                    PrivateKeyJwt.ASSERTION_TYPE))
            .orElseThrow();
    assertEquals("client-a", found.clientId());
  }

  @Test
  @DisplayName("a client_id parameter other than sub is refused")
  void otherClientId() {
    String description =
        refused(
            form(
                "client_id",
                "client-b",
                "client_assertion",
                assertion,
                "client_assertion_type",
                PrivateKeyJwt.ASSERTION_TYPE));
    assertTrue(description.contains("client_id"), description);
  }

  @Test
  @DisplayName("a missing client_assertion_type is refused, naming it")
  void missingType() {
    String description = refused(form("client_assertion", assertion));
    assertTrue(description.contains("client_assertion_type"), description);
  }

  @Test
  @DisplayName("a wrong client_assertion_type (SAML 2.0) is refused")
  void wrongType() {
    refused(
        form(
            "client_assertion",
            assertion,
            "client_assertion_type",
            "urn:ietf:params:oauth:client-assertion-type:saml2-bearer"));
  }

  @Test
  @DisplayName("an assertion over 8192 characters is refused for its length, before parsing")
  void oversized() {
    String huge = "e".repeat(PrivateKeyJwt.MAX_ASSERTION_LENGTH + 1);
    String description = refused(Assertion.form(huge));
    assertTrue(description.contains("longer than 8192"), description);
  }

  @Test
  @DisplayName("a signed assertion padded past 8192 characters is refused for its length")
  void oversizedSigned() {
    String padded =
        Assertion.forClient("client-a", Instant.now())
            .claim("pad", "x".repeat(PrivateKeyJwt.MAX_ASSERTION_LENGTH))
            .signedWith(TestKeys.EC);
    String description = refused(Assertion.form(padded));
    assertTrue(description.contains("longer than"), description);
  }

  @Test
  @DisplayName("something that is not a JWT is refused without echoing it")
  void notAJwt() {
    String description = refused(Assertion.form("not-a-jwt-secret-value"));
    assertFalse(description.contains("not-a-jwt-secret-value"));
  }

  @Test
  @DisplayName("an assertion without sub and without client_id names no client and is refused")
  void noSubject() {
    String withoutSub =
        Assertion.forClient("client-a", Instant.now()).claim("sub", null).signedWith(TestKeys.EC);
    String description = refused(Assertion.form(withoutSub));
    assertTrue(description.contains("sub"), description);
  }

  @Test
  @DisplayName("an unsigned (alg none) assertion is extracted, so verify refuses it for its client")
  void unsignedIsExtracted() {
    String unsigned = Assertion.forClient("client-a", Instant.now()).unsigned();
    assertEquals("client-a", method.extract(Assertion.form(unsigned)).orElseThrow().clientId());
  }

  @Test
  @DisplayName("a repeated client_assertion is invalid_request (RFC 6749 section 3.2)")
  void repeated() {
    ClientAuthRequest request =
        new ClientAuthRequest(
            Map.of(),
            Map.of(
                "client_assertion", List.of(assertion, assertion),
                "client_assertion_type", List.of(PrivateKeyJwt.ASSERTION_TYPE)));
    Proauth2Exception thrown = assertThrows(Proauth2Exception.class, () -> method.extract(request));
    assertEquals(Proauth2Exception.INVALID_REQUEST, thrown.error());
  }
}
