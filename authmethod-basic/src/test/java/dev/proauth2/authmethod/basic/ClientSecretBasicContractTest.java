package dev.proauth2.authmethod.basic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.proauth2.spi.ClientAuthMethod;
import dev.proauth2.spi.ClientAuthRequest;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.testkit.ClientSecretMethodContract;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ClientSecretBasicContractTest extends ClientSecretMethodContract {

  @Override
  protected ClientAuthMethod method() {
    return new ClientSecretBasic();
  }

  @Override
  protected ClientAuthRequest requestWith(String clientId, String secret) {
    return withHeader("Basic " + basic(encode(clientId) + ":" + encode(secret)));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String basic(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  private static ClientAuthRequest withHeader(String authorization) {
    return new ClientAuthRequest(Map.of("authorization", List.of(authorization)), Map.of());
  }

  @Test
  @DisplayName("a Bearer Authorization header is not Basic and yields nothing")
  void bearerIsNotBasic() {
    assertEquals(Optional.empty(), method().extract(withHeader("Bearer abc")));
  }

  @Test
  @DisplayName("a Basic header that is not base64 or lacks a colon is invalid_client")
  void malformedHeader() {
    for (String header : List.of("Basic !!!", "Basic " + basic("no-colon"))) {
      Proauth2Exception thrown =
          assertThrows(Proauth2Exception.class, () -> method().extract(withHeader(header)));
      assertEquals(Proauth2Exception.INVALID_CLIENT, thrown.error());
    }
  }

  @Test
  @DisplayName("the scheme name is matched without regard to case")
  void schemeCaseInsensitive() {
    assertEquals(
        "id", method().extract(withHeader("bAsIc " + basic("id:pw"))).orElseThrow().clientId());
  }
}
