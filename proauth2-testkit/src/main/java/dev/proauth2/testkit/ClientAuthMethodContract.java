package dev.proauth2.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.spi.ClientAuthContext;
import dev.proauth2.spi.ClientAuthMethod;
import dev.proauth2.spi.ClientAuthRequest;
import dev.proauth2.spi.ClientCredentials;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract of every {@link ClientAuthMethod}: the rules its javadoc lists, one test each under
 * the same sentence. Extend it and implement {@link #method()} and {@link #register(String)}; a
 * method that uses a client secret extends {@link ClientSecretMethodContract} instead, which
 * implements {@code register} for it.
 */
public abstract class ClientAuthMethodContract {

  /** A client registered with the method under test, as the contract needs it. */
  protected interface RegisteredClient {

    /** The client's application record, as the method's registration check returned it. */
    Record application();

    /** A new request carrying the client's own credentials; each call makes a fresh one. */
    ClientAuthRequest request();

    /**
     * A new request that names the client but carries credentials it does not hold: a wrong secret,
     * an assertion signed with another key.
     */
    ClientAuthRequest forgedRequest();
  }

  /** The method under test. */
  protected abstract ClientAuthMethod method();

  /** Registers a client with this id and the method under test. */
  protected abstract RegisteredClient register(String clientId);

  /** The context verify and the registration check get; a {@link TestAuthContext} by default. */
  protected ClientAuthContext context() {
    return new TestAuthContext();
  }

  /**
   * Asserts that verify refused: returned {@code false}, or threw {@code invalid_client}, which the
   * SPI allows a method that can name the failed check.
   */
  private static void assertRefused(BooleanSupplier verify) {
    boolean accepted;
    try {
      accepted = verify.getAsBoolean();
    } catch (Proauth2Exception e) {
      assertEquals(Proauth2Exception.INVALID_CLIENT, e.error(), e.getMessage());
      return;
    }
    assertFalse(accepted, "verify accepted what it must refuse");
  }

  private ClientCredentials extracted(ClientAuthRequest request) {
    return method().extract(request).orElseThrow(() -> new AssertionError("nothing extracted"));
  }

  @Test
  @DisplayName("1. the name is a token_endpoint_auth_method name: lower case, digits and '_'")
  void nameIsRegistryStyle() {
    assertTrue(method().name().matches("[a-z0-9_]{1,64}"), method().name());
  }

  @Test
  @DisplayName("2. a request without credentials yields none")
  void nothingToExtract() {
    assertEquals(Optional.empty(), method().extract(new ClientAuthRequest(Map.of(), Map.of())));
  }

  @Test
  @DisplayName("3. a request made for a client yields that client's id and the method's name")
  void extractsTheClient() {
    String clientId = "client-" + UUID.randomUUID();
    ClientCredentials found = extracted(register(clientId).request());
    assertEquals(clientId, found.clientId());
    assertEquals(method().name(), found.method());
  }

  @Test
  @DisplayName("4. the extracted credentials never show the secret in toString")
  void secretNotShown() {
    ClientCredentials found = extracted(register("client-1").request());
    if (found.secret() != null) {
      assertFalse(found.toString().contains(found.secret()), found.toString());
    }
  }

  @Test
  @DisplayName("5. the client's own credentials are accepted")
  void ownCredentialsAccepted() {
    RegisteredClient client = register("client-1");
    assertTrue(method().verify(extracted(client.request()), client.application(), context()));
  }

  @Test
  @DisplayName("6. forged credentials are refused")
  void forgedRefused() {
    RegisteredClient client = register("client-1");
    ClientCredentials forged = extracted(client.forgedRequest());
    assertRefused(() -> method().verify(forged, client.application(), context()));
  }

  @Test
  @DisplayName("7. another client's record is refused even for credentials that match it otherwise")
  void otherClientsRecordRefused() {
    RegisteredClient one = register("client-1");
    RegisteredClient two = register("client-2");
    ClientCredentials presented = extracted(one.request());
    assertRefused(() -> method().verify(presented, two.application(), context()));
  }

  @Test
  @DisplayName("8. a record without the method's material (secret hash, keys) is refused")
  void recordWithoutMaterialRefused() {
    RegisteredClient client = register("client-1");
    Map<String, Object> fields = new LinkedHashMap<>(client.application().fields());
    fields.remove(Table.SECRET_HASH);
    fields.remove(Table.JWKS);
    fields.remove(Table.JWKS_URI);
    ClientCredentials presented = extracted(client.request());
    assertRefused(() -> method().verify(presented, Record.of(fields), context()));
  }

  @Test
  @DisplayName(
      "9. a record the method registered passes its own registration check again unchanged")
  void registrationCheckIsStable() {
    Record application = register("client-1").application();
    assertEquals(application, method().checkRegistration(application, context()));
  }
}
