package dev.proauth2.endpoint;

import dev.proauth2.Proauth2;
import java.util.Map;
import java.util.Objects;

/**
 * The revocation endpoint (RFC 7009): a client revokes one of its own tokens; a refresh token takes
 * every token of its grant with it.
 *
 * <p>Success is 200 with an empty body, and so is a token that is unknown, expired or already
 * revoked (section 2.2), so a client cannot probe which tokens exist. A token of another client is
 * {@code unauthorized_client}. {@code token_type_hint} only orders the lookups; a value other than
 * {@code access_token} or {@code refresh_token} is ignored, as section 2.1 allows, so {@code
 * unsupported_token_type} is never sent: every token type this server issues can be revoked. A
 * store that is down is 503 {@code temporarily_unavailable}: the client must retry, since the token
 * is still valid. Public clients may revoke their tokens with their {@code client_id}.
 */
public final class RevocationEndpoint {

  private static final String NAME = "revocation endpoint";
  private static final Map<String, String> NO_STORE =
      Map.of("Cache-Control", "no-store", "Pragma", "no-cache");

  private final Proauth2 oauth;

  /** Creates the endpoint on an engine; it holds no other state and is thread-safe. */
  public RevocationEndpoint(Proauth2 oauth) {
    this.oauth = Objects.requireNonNull(oauth, "oauth");
  }

  /** Answers one revocation request; never throws for anything the request contains. */
  public EndpointResponse handle(EndpointRequest request) {
    return Responses.answer(request, "POST", NAME, oauth, this::revoke);
  }

  private EndpointResponse revoke(EndpointRequest request) {
    ClientFormRequest form = ClientFormRequest.read(oauth, request, NAME);
    String token = form.parameters().require("token");
    oauth.revokeToken(form.credentials(), token, form.parameters().get("token_type_hint"));
    return new EndpointResponse(200, NO_STORE, "");
  }
}
