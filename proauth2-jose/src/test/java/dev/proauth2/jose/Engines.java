package dev.proauth2.jose;

import dev.proauth2.AccessTokenFormat;
import dev.proauth2.ClientRegistration;
import dev.proauth2.GrantType;
import dev.proauth2.Proauth2;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.TokenRequest;
import dev.proauth2.TokenResponse;
import dev.proauth2.spi.DataStore;
import java.time.Clock;
import java.time.Duration;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** Engines that sign, for the tests. */
final class Engines {

  static final String ISSUER = "https://as.example";
  static final String API = "https://api.example/mcp";

  private Engines() {}

  static SecretKey keyEncryptionKey(int seed) {
    byte[] key = new byte[32];
    java.util.Arrays.fill(key, (byte) seed);
    return new SecretKeySpec(key, "AES");
  }

  /** An engine issuing JWT access tokens on the store, rotating keys every {@code rotation}. */
  static Proauth2 jwt(DataStore store, Clock clock, Duration rotation, SecretKey kek) {
    Proauth2.Builder builder =
        Proauth2.builder()
            .dataStore(store)
            .clock(clock)
            .issuer(ISSUER)
            .resource(API)
            .signing(JoseSigning.builder().keys(ManagedSigningKeys.rotatingEvery(rotation)).build())
            .accessTokenFormat(AccessTokenFormat.JWT)
            .discoverListeners(false);
    if (kek != null) {
      builder.keyEncryptionKey(kek);
    }
    return builder.build();
  }

  static ClientRegistration machine(Proauth2 oauth) {
    return oauth.registerApp(
        RegistrationRequest.builder("machine")
            .grantType(GrantType.CLIENT_CREDENTIALS)
            .scope("read write")
            .build());
  }

  static TokenResponse token(Proauth2 oauth, ClientRegistration client) {
    return oauth.requestAccessToken(
        new TokenRequest.ClientCredentials(client.clientId(), client.clientSecret(), "read"));
  }
}
