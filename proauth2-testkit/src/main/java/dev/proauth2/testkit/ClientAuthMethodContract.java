package dev.proauth2.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.spi.ClientAuthMethod;
import dev.proauth2.spi.ClientAuthRequest;
import dev.proauth2.spi.ClientCredentials;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.spi.Table;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract of a secret-based {@link ClientAuthMethod}. Extend it and implement {@link
 * #method()} and {@link #requestWith(String, String)}, which puts a client id and secret into a
 * request the way your method expects them.
 */
public abstract class ClientAuthMethodContract {

  /** The method under test. */
  protected abstract ClientAuthMethod method();

  /**
   * A request carrying these credentials in this method's way (a header, form parameters, ...).
   *
   * @param clientId the client id
   * @param secret the client secret
   * @return the request
   */
  protected abstract ClientAuthRequest requestWith(String clientId, String secret);

  /** An application record registered with this method and secret. */
  protected Record applicationFor(String clientId, String secret) {
    Map<String, Object> fields = new LinkedHashMap<>(SampleRecords.application(clientId).fields());
    fields.put(Table.SECRET_HASH, SecretHashes.sha256(secret));
    fields.put(Table.AUTH_METHOD, method().name());
    return Record.of(fields);
  }

  private static ClientAuthRequest emptyRequest() {
    return new ClientAuthRequest(Map.of(), Map.of());
  }

  @Nested
  @DisplayName("extracting credentials")
  class Extracting {

    @Test
    @DisplayName("the name is a token_endpoint_auth_method name: lower case, digits and '_'")
    void nameIsRegistryStyle() {
      assertTrue(method().name().matches("[a-z0-9_]{1,64}"), method().name());
    }

    @Test
    @DisplayName("the client id and secret put into a request come back out unchanged")
    void roundTrip() {
      String clientId = "client-" + UUID.randomUUID();
      String secret = "s3cr3t-" + UUID.randomUUID();
      Optional<ClientCredentials> found = method().extract(requestWith(clientId, secret));
      assertTrue(found.isPresent());
      assertEquals(clientId, found.get().clientId());
      assertEquals(secret, found.get().secret());
      assertEquals(method().name(), found.get().method());
    }

    @Test
    @DisplayName("ids and secrets with ':', '+', '%', spaces and non-ASCII survive the encoding")
    void specialCharacters() {
      String clientId = "my:client+1 %41 é";
      String secret = "p:a+s%s w€rd";
      ClientCredentials found = method().extract(requestWith(clientId, secret)).orElseThrow();
      assertEquals(clientId, found.clientId());
      assertEquals(secret, found.secret());
    }

    @Test
    @DisplayName("a request without credentials yields none")
    void nothingToExtract() {
      assertEquals(Optional.empty(), method().extract(emptyRequest()));
    }

    @Test
    @DisplayName("the extracted credentials never show the secret in toString")
    void secretNotShown() {
      String secret = "never-print-" + UUID.randomUUID();
      ClientCredentials found = method().extract(requestWith("client-1", secret)).orElseThrow();
      assertFalse(found.toString().contains(secret), found.toString());
    }
  }

  @Nested
  @DisplayName("verifying credentials")
  class Verifying {

    @Test
    @DisplayName("the right secret for the right client is accepted")
    void rightSecret() {
      String secret = UUID.randomUUID().toString();
      ClientCredentials presented = method().extract(requestWith("client-1", secret)).orElseThrow();
      assertTrue(method().verify(presented, applicationFor("client-1", secret)));
    }

    @Test
    @DisplayName("a wrong secret is refused")
    void wrongSecret() {
      ClientCredentials presented =
          method().extract(requestWith("client-1", "wrong")).orElseThrow();
      assertFalse(method().verify(presented, applicationFor("client-1", "right")));
    }

    @Test
    @DisplayName("another client's record is refused even with its secret")
    void otherClient() {
      ClientCredentials presented = method().extract(requestWith("client-1", "same")).orElseThrow();
      assertFalse(method().verify(presented, applicationFor("client-2", "same")));
    }

    @Test
    @DisplayName("a client registered without a secret cannot authenticate with one")
    void publicClientRecord() {
      Map<String, Object> fields =
          new LinkedHashMap<>(applicationFor("client-1", "whatever").fields());
      fields.remove(Table.SECRET_HASH);
      ClientCredentials presented =
          method().extract(requestWith("client-1", "whatever")).orElseThrow();
      assertFalse(method().verify(presented, Record.of(fields)));
    }
  }
}
