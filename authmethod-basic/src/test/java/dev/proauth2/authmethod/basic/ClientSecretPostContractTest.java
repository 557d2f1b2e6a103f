package dev.proauth2.authmethod.basic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.proauth2.spi.ClientAuthMethod;
import dev.proauth2.spi.ClientAuthRequest;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.testkit.ClientSecretMethodContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ClientSecretPostContractTest extends ClientSecretMethodContract {

  @Override
  protected ClientAuthMethod method() {
    return new ClientSecretPost();
  }

  @Override
  protected ClientAuthRequest requestWith(String clientId, String secret) {
    return new ClientAuthRequest(
        Map.of(), Map.of("client_id", List.of(clientId), "client_secret", List.of(secret)));
  }

  @Test
  @DisplayName("a repeated client_secret parameter is invalid_request (RFC 6749 section 3.2)")
  void repeatedParameter() {
    ClientAuthRequest request =
        new ClientAuthRequest(
            Map.of(), Map.of("client_id", List.of("c"), "client_secret", List.of("a", "b")));
    Proauth2Exception thrown =
        assertThrows(Proauth2Exception.class, () -> method().extract(request));
    assertEquals(Proauth2Exception.INVALID_REQUEST, thrown.error());
  }

  @Test
  @DisplayName("a client_secret without client_id is invalid_client")
  void secretWithoutId() {
    ClientAuthRequest request =
        new ClientAuthRequest(Map.of(), Map.of("client_secret", List.of("s")));
    Proauth2Exception thrown =
        assertThrows(Proauth2Exception.class, () -> method().extract(request));
    assertEquals(Proauth2Exception.INVALID_CLIENT, thrown.error());
  }
}
