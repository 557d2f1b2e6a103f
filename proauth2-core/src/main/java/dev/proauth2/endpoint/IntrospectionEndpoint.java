package dev.proauth2.endpoint;

import dev.proauth2.Proauth2;
import dev.proauth2.TokenInfo;
import dev.proauth2.spi.Actor;
import dev.proauth2.spi.ClientCredentials;
import dev.proauth2.spi.Proauth2Exception;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The introspection endpoint (RFC 7662): a resource server, authenticated as a client, asks what a
 * token is.
 *
 * <p>A token that is unknown, expired, revoked or malformed is answered {@code {"active":false}}
 * and nothing more (section 2.2), so the answer tells nothing about why. A live token is answered
 * with {@code active}, {@code scope}, {@code client_id}, {@code sub}, {@code token_type}, {@code
 * exp}, {@code iat}, and {@code aud} when the token is bound to resources (RFC 8707): one string,
 * or an array for several. Section 2.1 requires the caller to be authorized, against token
 * scanning: a public client ({@code none}) proves nothing, so it is refused with {@code
 * invalid_client}.
 */
public final class IntrospectionEndpoint {

  private static final String NAME = "introspection endpoint";

  private final Proauth2 oauth;

  /** Creates the endpoint on an engine; it holds no other state and is thread-safe. */
  public IntrospectionEndpoint(Proauth2 oauth) {
    this.oauth = Objects.requireNonNull(oauth, "oauth");
  }

  /** Answers one introspection request; never throws for anything the request contains. */
  public EndpointResponse handle(EndpointRequest request) {
    return Responses.answer(request, "POST", NAME, oauth, this::introspect);
  }

  private EndpointResponse introspect(EndpointRequest request) {
    ClientFormRequest form = ClientFormRequest.read(oauth, request, NAME);
    ClientCredentials credentials = form.credentials();
    if (credentials.method().equals("none")) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_CLIENT,
          "introspection needs a client that authenticates with a secret; a public client"
              + " cannot introspect (RFC 7662 section 2.1)");
    }
    String token = form.parameters().require("token");
    return EndpointResponse.json(200, body(oauth.introspect(credentials, token)));
  }

  private static Map<String, Object> body(TokenInfo info) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("active", info.active());
    if (!info.active()) {
      return body;
    }
    putIfPresent(body, "scope", info.scope());
    putIfPresent(body, "client_id", info.clientId());
    putIfPresent(body, "sub", info.subject());
    putIfPresent(body, "token_type", info.tokenType());
    if (info.dpopJkt() != null) {
      body.put("cnf", Map.of("jkt", info.dpopJkt()));
    }
    if (info.expiresAt() > 0) {
      body.put("exp", info.expiresAt());
    }
    if (info.issuedAt() > 0) {
      body.put("iat", info.issuedAt());
    }
    if (info.audience().size() == 1) {
      body.put("aud", info.audience().get(0));
    } else if (!info.audience().isEmpty()) {
      body.put("aud", info.audience());
    }
    if (info.actor() != null) {
      body.put("act", act(info.actor()));
    }
    return body;
  }

  /** The {@code act} claim (RFC 8693 section 4.1): the actor, with the one before it nested. */
  static Map<String, Object> act(Actor actor) {
    Map<String, Object> claim = new LinkedHashMap<>();
    claim.put("sub", actor.subject());
    if (actor.prior() != null) {
      claim.put("act", act(actor.prior()));
    }
    return claim;
  }

  private static void putIfPresent(Map<String, Object> body, String name, String value) {
    if (value != null) {
      body.put(name, value);
    }
  }
}
