package dev.proauth2.endpoint;

import dev.proauth2.AuthorizationRequest;
import dev.proauth2.CodeChallengeMethod;
import dev.proauth2.OpenIdParameters;
import dev.proauth2.Proauth2;
import dev.proauth2.PushedAuthorization;
import dev.proauth2.spi.Proauth2Exception;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The pushed authorization request endpoint (RFC 9126): a client posts its authorization request
 * here, authenticated as at the token endpoint (a public client by its {@code client_id}), and gets
 * back a {@code request_uri} to send to the authorization endpoint with its {@code client_id}
 * alone. The host routes {@code POST /par} here:
 *
 * <pre>{@code
 * PushedAuthorizationEndpoint par = new PushedAuthorizationEndpoint(oauth);
 * EndpointResponse response = par.handle(request);   // 201 {"request_uri": ..., "expires_in": 60}
 * }</pre>
 *
 * <p>Every parameter is checked now, as the authorization endpoint would (redirect URI, PKCE,
 * scope, resources), and every error goes back to the client as JSON (RFC 9126 section 2.3), never
 * by redirect. A {@code request_uri} in the pushed request is refused (section 2.1), and so is a
 * request object ({@code request}), which this server does not take.
 */
public final class PushedAuthorizationEndpoint {

  /** The parameter that names a pushed request at the authorization endpoint. */
  static final String REQUEST_URI = "request_uri";

  private static final String NAME = "pushed authorization request endpoint";

  private final Proauth2 oauth;

  /** Creates the endpoint on an engine; it holds no other state and is thread-safe. */
  public PushedAuthorizationEndpoint(Proauth2 oauth) {
    this.oauth = Objects.requireNonNull(oauth, "oauth");
  }

  /** Answers one pushed request; never throws for anything the request contains. */
  public EndpointResponse handle(EndpointRequest request) {
    return Responses.answer(request, "POST", NAME, oauth, this::push);
  }

  private EndpointResponse push(EndpointRequest request) {
    ClientFormRequest form = ClientFormRequest.read(oauth, request, NAME);
    Parameters p = form.parameters();
    if (p.get(REQUEST_URI) != null) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_REQUEST,
          "a pushed request must not have a request_uri (RFC 9126 section 2.1); push the"
              + " parameters themselves");
    }
    if (p.get("request") != null) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_REQUEST,
          "request objects (the request parameter) are not accepted; push the parameters as a"
              + " form");
    }
    String methodValue = p.get("code_challenge_method");
    CodeChallengeMethod method =
        methodValue == null
            ? null
            : CodeChallengeMethod.fromValue(methodValue)
                .orElseThrow(
                    () ->
                        new Proauth2Exception(
                            Proauth2Exception.INVALID_REQUEST,
                            "code_challenge_method must be S256 (RFC 7636 section 4.3; the values"
                                + " are case-sensitive)"));
    AuthorizationRequest asked =
        AuthorizationRequest.builder()
            .clientId(form.credentials().clientId())
            .responseType(p.get("response_type"))
            .redirectUri(p.get("redirect_uri"))
            .scope(p.get("scope"))
            .state(p.get("state"))
            .codeChallenge(p.get("code_challenge"))
            .codeChallengeMethod(method)
            .resources(p.resources())
            .dpopJkt(p.get("dpop_jkt"))
            .openId(OpenIdParameters.parse(p::get))
            .build();
    PushedAuthorization pushed = oauth.pushAuthorizationRequest(form.credentials(), asked);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("request_uri", pushed.requestUri());
    body.put("expires_in", pushed.expiresIn());
    return EndpointResponse.json(201, body);
  }
}
