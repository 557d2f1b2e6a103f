package dev.proauth2;

import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Runs the host's {@link TokenResponseExtension}s on a code exchange or refresh, and withdraws the
 * tokens when one fails, so a failed request leaves nothing usable behind.
 */
final class ResponseExtensions {

  private static final Set<String> RESERVED =
      Set.of("access_token", "token_type", "expires_in", "refresh_token", "scope");

  private final List<TokenResponseExtension> extensions;
  private final Policy policy;

  ResponseExtensions(List<TokenResponseExtension> extensions, Policy policy) {
    this.extensions = List.copyOf(extensions);
    this.policy = policy;
  }

  /**
   * The response with every extension's parameters added, or as issued when there is none.
   *
   * @param nonce the authorization request's nonce, or {@code null}
   * @param signIn the sign-in facts the grant carries
   */
  TokenResponse extend(
      Tokens.Issued issued,
      GrantType grantType,
      Record client,
      String userId,
      String nonce,
      SignIn signIn) {
    TokenResponse response = issued.response();
    if (extensions.isEmpty()) {
      return response;
    }
    try {
      GrantFacts facts =
          new GrantFacts(
              policy.issuer(),
              grantType,
              Clients.registration(client, null),
              userId,
              response.scope(),
              response.accessToken(),
              Instant.ofEpochMilli(policy.now()),
              nonce,
              signIn);
      Map<String, String> added = new LinkedHashMap<>();
      for (TokenResponseExtension extension : extensions) {
        Map<String, String> parameters = extension.parameters(facts);
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
          if (RESERVED.contains(parameter.getKey()) || added.containsKey(parameter.getKey())) {
            throw new IllegalStateException(
                "a token response extension returned the parameter '"
                    + parameter.getKey()
                    + "', which the engine or another extension writes");
          }
          added.put(parameter.getKey(), parameter.getValue());
        }
      }
      return response.withParameters(added);
    } catch (RuntimeException e) {
      throw issued.withdraw(e);
    }
  }

  /** Adds the sign-in facts to a code or refresh token record's fields. */
  static void put(SignIn signIn, Map<String, Object> fields) {
    if (signIn == null) {
      return;
    }
    if (signIn.authTime() != null) {
      fields.put(Table.AUTH_TIME, signIn.authTime().getEpochSecond());
    }
    if (signIn.acr() != null) {
      fields.put(Table.ACR, signIn.acr());
    }
    if (!signIn.amr().isEmpty()) {
      fields.put(Table.AMR, String.join(" ", signIn.amr()));
    }
  }

  /** The sign-in facts a code or refresh token record carries. */
  static SignIn signIn(Record record) {
    OptionalLong authTime = record.number(Table.AUTH_TIME);
    String acr = record.string(Table.ACR).orElse(null);
    List<String> amr =
        record.string(Table.AMR).map(value -> List.of(value.split(" "))).orElse(List.of());
    return new SignIn(
        authTime.isPresent() ? Instant.ofEpochSecond(authTime.getAsLong()) : null, acr, amr);
  }
}
