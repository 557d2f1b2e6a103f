package dev.proauth2.spi;

import java.util.Optional;

/**
 * One way a client proves who it is at the token endpoint, named as in the IANA registry of {@code
 * token_endpoint_auth_method} values ({@code client_secret_basic}, {@code none}, ...). Found with
 * {@link java.util.ServiceLoader}.
 *
 * <p>For each request the engine asks every installed method to {@link #extract} credentials.
 * Exactly one may find any (RFC 6749 section 2.3); it must be the client's registered method, and
 * its {@link #verify} decides.
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
   * secret is compared (see {@link SecretHashes#matches}).
   *
   * @param presented what {@link #extract} found
   * @param application the client's {@link Table#APPLICATIONS} record
   * @return whether the client is authenticated
   */
  boolean verify(ClientCredentials presented, Record application);
}
