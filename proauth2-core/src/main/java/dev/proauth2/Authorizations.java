package dev.proauth2;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Proauth2Event;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.spi.Table;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Issues authorization codes (RFC 6749 section 4.1 with PKCE). Problems with the client or the
 * redirect URI are thrown without a redirect target, as the host must not redirect then; every
 * later problem carries the client's {@code state}.
 */
final class Authorizations {

  private final DataStore store;
  private final Clients clients;
  private final Policy policy;
  private final Events events;

  Authorizations(DataStore store, Clients clients, Policy policy, Events events) {
    this.events = events;
    this.store = store;
    this.clients = clients;
    this.policy = policy;
  }

  /** What a request that passed every check asks for. */
  private record Checked(
      Record client,
      String redirectUri,
      String scope,
      String state,
      String challenge,
      CodeChallengeMethod method,
      List<String> resources,
      OpenIdParameters openId,
      String dpopJkt) {}

  ValidatedAuthorization check(AuthorizationRequest request) {
    return check(request, false);
  }

  /**
   * Checks a request; {@code pushed} when it came through the pushed authorization request endpoint
   * (RFC 9126) or from a {@code request_uri}, which a client that must push requires.
   */
  ValidatedAuthorization check(AuthorizationRequest request, boolean pushed) {
    Checked checked = checkAll(request, pushed);
    return new ValidatedAuthorization(
        Clients.registration(checked.client(), null),
        checked.redirectUri(),
        checked.scope(),
        checked.state(),
        checked.resources(),
        checked.openId());
  }

  AuthorizationCode authorize(AuthorizationRequest request) {
    return authorize(request, false);
  }

  /** Issues a code; {@code pushed} as for {@link #check(AuthorizationRequest, boolean)}. */
  AuthorizationCode authorize(AuthorizationRequest request, boolean pushed) {
    Checked checked = checkAll(request, pushed);
    try {
      SignIns.checkMaxAge(checked.openId(), request.signIn(), policy.instant());
      return issue(checked, Inputs.userId(request.userId()), request.signIn());
    } catch (Proauth2Exception e) {
      throw new AuthorizationError(e, checked.state(), checked.redirectUri());
    }
  }

  /**
   * Runs every check. Until the client and redirect URI are confirmed, errors are plain; after,
   * they are {@link AuthorizationError}s that carry where to redirect.
   */
  private Checked checkAll(AuthorizationRequest request, boolean pushed) {
    Record client = clients.find(request.clientId(), Proauth2Exception.INVALID_REQUEST);
    String redirectUri = resolveRedirectUri(client, request.redirectUri());
    String state;
    try {
      state = Inputs.state(request.state());
    } catch (Proauth2Exception e) {
      throw new AuthorizationError(e, null, redirectUri);
    }
    try {
      if (!pushed
          && (policy.requirePushedAuthorizationRequests()
              || Clients.requiresPushedRequests(client))) {
        throw new Proauth2Exception(
            Proauth2Exception.INVALID_REQUEST,
            "this server requires pushed authorization requests for this client (RFC 9126): POST"
                + " the request to the pushed authorization request endpoint, then send client_id"
                + " and the request_uri it returns");
      }
      checkResponseType(request.responseType());
      Clients.requireGrant(client, GrantType.AUTHORIZATION_CODE);
      String scope = Clients.grantedScope(client, request.scope());
      String challenge = request.codeChallenge();
      CodeChallengeMethod method = checkPkce(client, challenge, request.codeChallengeMethod());
      List<String> resources =
          Resources.audience(
              Resources.check(request.resources(), Proauth2Exception.INVALID_TARGET),
              Resources.allowedFor(client, policy.resources()),
              policy.defaultResource());
      String dpopJkt = checkDpopJkt(request.dpopJkt());
      return new Checked(
          client,
          redirectUri,
          scope,
          state,
          challenge,
          method,
          resources,
          request.openId(),
          dpopJkt);
    } catch (Proauth2Exception e) {
      throw new AuthorizationError(e, state, redirectUri);
    }
  }

  private AuthorizationCode issue(Checked checked, String userId, SignIn signIn) {
    long now = policy.now();
    String code = Secrets.newSecret();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(Table.CODE_HASH, SecretHashes.sha256(code));
    fields.put(Table.CLIENT_ID, checked.client().string(Table.CLIENT_ID).orElseThrow());
    fields.put(Table.USER_ID, userId);
    fields.put(Table.REDIRECT_URI, checked.redirectUri());
    if (checked.scope() != null) {
      fields.put(Table.SCOPE, checked.scope());
    }
    if (checked.challenge() != null) {
      fields.put(Table.CODE_CHALLENGE, checked.challenge());
      fields.put(Table.CODE_CHALLENGE_METHOD, checked.method().value());
    }
    if (!checked.resources().isEmpty()) {
      fields.put(Table.RESOURCE, Resources.join(checked.resources()));
    }
    if (checked.dpopJkt() != null) {
      fields.put(Table.DPOP_JKT, checked.dpopJkt());
    }
    fields.put(Table.ISSUED_AT, now);
    fields.put(Table.EXPIRES_AT, now + policy.codeTtl().toMillis());
    checked.openId().optionalNonce().ifPresent(nonce -> fields.put(Table.NONCE, nonce));
    ResponseExtensions.put(signIn, fields);
    Record issued = Record.of(fields);
    store.put(Table.NONCE_CODES, issued);
    if (events.enabled()) {
      events.emit(
          new Proauth2Event.CodeIssued(
              policy.instant(),
              issued.string(Table.CLIENT_ID).orElseThrow(),
              userId,
              Events.grantId(issued.string(Table.CODE_HASH).orElseThrow())));
    }
    return new AuthorizationCode(
        code, checked.state(), redirectTarget(checked.redirectUri(), code, checked.state()));
  }

  private static String resolveRedirectUri(Record client, String requested) {
    List<String> registered = Clients.redirectUris(client);
    if (registered.isEmpty()) {
      throw new Proauth2Exception(
          Proauth2Exception.UNAUTHORIZED_CLIENT,
          "this client registered no redirect URI, so it cannot use the authorization endpoint;"
              + " do not redirect");
    }
    if (requested == null) {
      if (registered.size() == 1) {
        return registered.get(0);
      }
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_REQUEST,
          "redirect_uri is required: this client registered more than one");
    }
    Inputs.visibleAscii(
        requested, Table.REDIRECT_URI, Table.MAX_URI, Proauth2Exception.INVALID_REQUEST);
    return RedirectUris.match(requested, registered)
        .orElseThrow(
            () ->
                new Proauth2Exception(
                    Proauth2Exception.INVALID_REQUEST,
                    "redirect_uri does not exactly match any redirect URI this client registered;"
                        + " do not redirect"));
  }

  private static void checkResponseType(String responseType) {
    if ("code".equals(responseType)) {
      return;
    }
    if (responseType == null || responseType.isEmpty()) {
      throw new Proauth2Exception(Proauth2Exception.INVALID_REQUEST, "response_type is missing");
    }
    boolean implicit = responseType.equals("token") || responseType.contains("token");
    throw new Proauth2Exception(
        Proauth2Exception.UNSUPPORTED_RESPONSE_TYPE,
        implicit
            ? "the implicit grant is not offered (OAuth 2.1, RFC 9700 section 2.1.2); use"
                + " response_type=code with PKCE"
            : "only response_type=code is offered");
  }

  /** A {@code dpop_jkt}: a base64url SHA-256 thumbprint, 43 characters, or absent. */
  private static String checkDpopJkt(String jkt) {
    if (jkt == null) {
      return null;
    }
    if (jkt.length() != 43 || !Inputs.isBase64Url(jkt)) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_REQUEST,
          "dpop_jkt must be the base64url JWK SHA-256 thumbprint (RFC 7638) of the DPoP key, 43"
              + " characters");
    }
    return jkt;
  }

  /** Checks the challenge and returns its method; requires one where policy or client say so. */
  private CodeChallengeMethod checkPkce(
      Record client, String challenge, CodeChallengeMethod method) {
    if (challenge == null) {
      if (method != null) {
        throw new Proauth2Exception(
            Proauth2Exception.INVALID_REQUEST,
            "code_challenge_method was sent without code_challenge");
      }
      if (policy.requirePkce() || Clients.isPublic(client)) {
        throw new Proauth2Exception(
            Proauth2Exception.INVALID_REQUEST,
            "PKCE is required: send code_challenge with code_challenge_method=S256");
      }
      return null;
    }
    // A challenge without a method is plain (RFC 7636 section 4.3).
    CodeChallengeMethod effective = method == null ? CodeChallengeMethod.PLAIN : method;
    if (effective == CodeChallengeMethod.PLAIN && !policy.allowPlainPkce()) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_REQUEST,
          "code_challenge_method must be S256; plain is not allowed on this server");
    }
    Pkce.checkChallenge(challenge, effective);
    return effective;
  }

  /** The redirect with the code as is (base64url needs no escaping), {@code state} and issuer. */
  private String redirectTarget(String redirectUri, String code, String state) {
    StringBuilder target = new StringBuilder(redirectUri);
    target.append(redirectUri.contains("?") ? '&' : '?').append("code=").append(code);
    if (state != null) {
      target.append("&state=").append(encode(state));
    }
    if (policy.issuer() != null) {
      target.append("&iss=").append(encode(policy.issuer()));
    }
    return target.toString();
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
