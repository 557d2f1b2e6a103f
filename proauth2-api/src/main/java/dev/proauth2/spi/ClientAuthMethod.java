package dev.proauth2.spi;

import java.util.List;
import java.util.Optional;

/**
 * One way a client proves who it is at the token endpoint, named as in the IANA registry of {@code
 * token_endpoint_auth_method} values ({@code client_secret_basic}, {@code private_key_jwt}, {@code
 * none}, ...). Found with {@link java.util.ServiceLoader}.
 *
 * <p>A method that must fetch a URL a client gave (its {@code jwks_uri}) does so only through
 * {@link ClientAuthContext#fetcher()}, the engine's one outbound policy, and answers every failure
 * with one description.
 *
 * <p>For each request the engine asks every installed method to {@link #extract} credentials.
 * Exactly one may find any (RFC 6749 section 2.3); it must be the client's registered method, and
 * its {@link #verify} decides. The rules a method keeps, each checked by one test of the testkit's
 * {@code ClientAuthMethodContract} under the same sentence (refused means {@code verify} returns
 * {@code false} or throws {@code invalid_client}):
 *
 * <ol>
 *   <li>the name is a token_endpoint_auth_method name: lower case, digits and '_'
 *   <li>a request without credentials yields none
 *   <li>a request made for a client yields that client's id and the method's name
 *   <li>the extracted credentials never show the secret in toString
 *   <li>the client's own credentials are accepted
 *   <li>forged credentials are refused
 *   <li>another client's record is refused even for credentials that match it otherwise
 *   <li>a record without the method's material (secret hash, keys) is refused
 *   <li>a record the method registered passes its own registration check again unchanged
 * </ol>
 *
 * <p>A method that uses a client secret also passes {@code ClientSecretMethodContract}, whose rules
 * are:
 *
 * <ul>
 *   <li>the client id and secret put into a request come back out unchanged
 *   <li>ids and secrets with ':', '+', '%', spaces and non-ASCII survive the encoding
 *   <li>another client's record is refused even with its secret
 * </ul>
 */
public interface ClientAuthMethod {

  /** The registered name, such as {@code client_secret_basic}. */
  String name();

  /**
   * Finds this method's credentials in a request.
   *
   * @param request the request's headers and form parameters
   * @return the credentials, or empty when the request does not use this method
   * @throws Proauth2Exception {@code invalid_client} or {@code invalid_request} when the request
   *     uses this method but malformed
   */
  Optional<ClientCredentials> extract(ClientAuthRequest request);

  /**
   * Checks credentials against the client's stored application record, in constant time where a
   * secret is compared (see {@link SecretHashes#matches}). A method that must see a value only once
   * (an assertion's {@code jti}) records it with {@link ClientAuthContext#firstUse} after every
   * other check has passed, so a refused request leaves nothing stored.
   *
   * @param presented what {@link #extract} found
   * @param application the client's {@link Table#APPLICATIONS} record
   * @param context the time, the server's audiences and the one-time record
   * @return whether the client is authenticated
   * @throws Proauth2Exception {@code invalid_client} with a description that names the check that
   *     failed (never echoing the credentials), where a method can tell more than {@code false}
   *     does; the engine counts it as a failed authentication all the same
   */
  boolean verify(ClientCredentials presented, Record application, ClientAuthContext context);

  /**
   * Whether a client registered with this method gets a client secret, shown once and stored as its
   * hash. A method that proves possession of a key, or nothing ({@code none}), says no.
   */
  default boolean usesSecret() {
    return true;
  }

  /**
   * Checks what a client being registered, or given new keys, holds for this method, and returns
   * the record to store. The default refuses keys ({@link Table#JWKS}, {@link Table#JWKS_URI}),
   * which only a method that verifies signatures needs.
   *
   * @param application the application record about to be stored
   * @param context the time and the server's issuer
   * @return the record to store, which may normalise this method's fields
   * @throws Proauth2Exception {@code invalid_client_metadata} when the record does not suit it
   */
  default Record checkRegistration(Record application, ClientAuthContext context) {
    if (application.string(Table.JWKS).isPresent()
        || application.string(Table.JWKS_URI).isPresent()) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_CLIENT_METADATA,
          "token_endpoint_auth_method "
              + name()
              + " uses no keys; leave out jwks and jwks_uri, or register with private_key_jwt");
    }
    return application;
  }

  /**
   * The JWS algorithms this method accepts on client assertions, for the metadata's {@code
   * token_endpoint_auth_signing_alg_values_supported}; none for a method that signs nothing.
   */
  default List<String> signingAlgorithms() {
    return List.of();
  }
}
