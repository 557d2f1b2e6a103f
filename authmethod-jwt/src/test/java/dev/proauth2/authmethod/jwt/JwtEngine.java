package dev.proauth2.authmethod.jwt;

import com.nimbusds.jose.jwk.JWK;
import dev.proauth2.ClientRegistration;
import dev.proauth2.GrantType;
import dev.proauth2.Proauth2;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.datastore.memory.MemoryDataStoreProvider;
import dev.proauth2.endpoint.EndpointRequest;
import dev.proauth2.endpoint.EndpointResponse;
import dev.proauth2.endpoint.TokenEndpoint;
import dev.proauth2.spi.DataStoreConfig;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A real engine on the in-memory store, with {@code private_key_jwt} found on the class path as a
 * host would find it, and its token endpoint helper: requests go through the same code as HTTP.
 */
final class JwtEngine implements AutoCloseable {

  final MutableClock clock = new MutableClock(Instant.now());
  final CountingStore store;
  final Proauth2 oauth;
  final TokenEndpoint token;

  JwtEngine(String issuer) {
    this(issuer, Duration.ofSeconds(3));
  }

  /** An engine at this issuer whose outbound fetches each have this deadline. */
  JwtEngine(String issuer, Duration fetchTimeout) {
    store =
        new CountingStore(
            new MemoryDataStoreProvider().open(DataStoreConfig.parse("memory:", clock)));
    oauth =
        Proauth2.builder()
            .dataStore(store)
            .clock(clock)
            .issuer(issuer)
            .fetchTimeout(fetchTimeout)
            .discoverListeners(false)
            // the hostile suite fails often for one client; the lockout is the engine's business
            .clientFailureLimit(1_000_000, Duration.ofSeconds(1))
            .build();
    token = new TokenEndpoint(oauth);
  }

  JwtEngine() {
    this(Assertion.ISSUER);
  }

  /** Registers a client_credentials client with these public keys. */
  ClientRegistration register(JWK... keys) {
    return oauth.registerApp(
        RegistrationRequest.builder("jwt client")
            .authMethod(PrivateKeyJwt.NAME)
            .grantType(GrantType.CLIENT_CREDENTIALS)
            .jwks(TestKeys.jwks(keys))
            .build());
  }

  /** Registers a client_credentials client whose keys are at this URL. */
  ClientRegistration registerUri(String jwksUri) {
    return oauth.registerApp(
        RegistrationRequest.builder("jwt client")
            .authMethod(PrivateKeyJwt.NAME)
            .grantType(GrantType.CLIENT_CREDENTIALS)
            .jwksUri(jwksUri)
            .build());
  }

  /** A valid assertion for the client, made on the engine's clock. */
  Assertion assertion(String clientId) {
    return Assertion.forClient(clientId, clock.instant())
        .claim("aud", oauth.issuer().orElseThrow());
  }

  /**
   * A client_credentials request with the assertion, as the form of RFC 7523 section 2.2 has it.
   */
  EndpointResponse clientCredentials(String assertion) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("client_assertion", assertion);
    form.put("client_assertion_type", PrivateKeyJwt.ASSERTION_TYPE);
    return post(form);
  }

  /** A client_credentials request with these form parameters besides the grant type. */
  EndpointResponse post(Map<String, String> form) {
    StringBuilder body = new StringBuilder("grant_type=client_credentials");
    form.forEach(
        (name, value) ->
            body.append('&')
                .append(name)
                .append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
    return token.handle(
        EndpointRequest.builder("POST")
            .header("Content-Type", EndpointRequest.FORM)
            .body(body.toString())
            .remoteAddress("198.51.100.7")
            .build());
  }

  @Override
  public void close() {
    oauth.close();
  }
}
