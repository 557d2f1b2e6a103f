package dev.proauth2.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.proauth2.spi.ClientAuthRequest;
import dev.proauth2.spi.ClientCredentials;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.spi.Table;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@code ClientAuthMethod} that uses a client secret: every rule of {@link
 * ClientAuthMethodContract}, and any client id and secret survive the method's encoding. Implement
 * {@link #method()} and {@link #requestWith(String, String)}, which puts a client id and secret
 * into a request the way your method expects them.
 */
public abstract class ClientSecretMethodContract extends ClientAuthMethodContract {

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

  @Override
  protected RegisteredClient register(String clientId) {
    String secret = "s3cr3t-" + UUID.randomUUID();
    Record application = applicationFor(clientId, secret);
    return new RegisteredClient() {
      @Override
      public Record application() {
        return application;
      }

      @Override
      public ClientAuthRequest request() {
        return requestWith(clientId, secret);
      }

      @Override
      public ClientAuthRequest forgedRequest() {
        return requestWith(clientId, secret + "x");
      }
    };
  }

  @Test
  @DisplayName("the client id and secret put into a request come back out unchanged")
  void roundTrip() {
    String clientId = "client-" + UUID.randomUUID();
    String secret = "s3cr3t-" + UUID.randomUUID();
    ClientCredentials found = method().extract(requestWith(clientId, secret)).orElseThrow();
    assertEquals(clientId, found.clientId());
    assertEquals(secret, found.secret());
  }

  @Test
  @DisplayName("another client's record is refused even with its secret")
  void otherClientSameSecret() {
    ClientCredentials presented = method().extract(requestWith("client-1", "same")).orElseThrow();
    assertFalse(method().verify(presented, applicationFor("client-2", "same"), context()));
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
}
