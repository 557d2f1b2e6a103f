package dev.proauth2.authmethod.jwt;

import dev.proauth2.spi.ClientAuthMethod;
import dev.proauth2.spi.ClientAuthRequest;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import dev.proauth2.testkit.ClientAuthMethodContract;
import dev.proauth2.testkit.TestAuthContext;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code private_key_jwt} keeps every rule of the client authentication method contract. */
class PrivateKeyJwtContractTest extends ClientAuthMethodContract {

  private final PrivateKeyJwt method = new PrivateKeyJwt(PrivateKeyJwtSettings.DEFAULTS);

  @Override
  protected ClientAuthMethod method() {
    return method;
  }

  @Override
  protected RegisteredClient register(String clientId) {
    Record application =
        method.checkRegistration(application(clientId, TestKeys.jwks(TestKeys.EC)), context());
    return new RegisteredClient() {
      @Override
      public Record application() {
        return application;
      }

      @Override
      public ClientAuthRequest request() {
        return Assertion.form(Assertion.forClient(clientId, Instant.now()).signedWith(TestKeys.EC));
      }

      @Override
      public ClientAuthRequest forgedRequest() {
        // The attacker's key under the client's kid: only the signature gives it away.
        return Assertion.form(
            Assertion.forClient(clientId, Instant.now())
                .header(header -> header.keyID(TestKeys.EC.getKeyID()))
                .signedWith(TestKeys.ATTACKER_EC));
      }
    };
  }

  /** An application record as the engine builds it before the method's registration check. */
  static Record application(String clientId, String jwks) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(Table.CLIENT_ID, clientId);
    fields.put(Table.NAME, "test client");
    fields.put(Table.GRANT_TYPES, "client_credentials");
    fields.put(Table.AUTH_METHOD, PrivateKeyJwt.NAME);
    fields.put(Table.CREATED_AT, 0L);
    fields.put(Table.JWKS, jwks);
    return Record.of(fields);
  }

  @Override
  protected TestAuthContext context() {
    return new TestAuthContext();
  }
}
