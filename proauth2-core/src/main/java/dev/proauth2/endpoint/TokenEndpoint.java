package dev.proauth2.endpoint;

import dev.proauth2.DPoPRequest;
import dev.proauth2.GrantType;
import dev.proauth2.Proauth2;
import dev.proauth2.TokenRequest;
import dev.proauth2.TokenResponse;
import dev.proauth2.spi.Proauth2Exception;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The token endpoint (RFC 6749 section 3.2): redeems codes, refreshes tokens and issues client
 * credentials tokens, answering with the JSON of section 5.1 or 5.2. The host routes {@code POST
 * /token} here and copies the response out:
 *
 * <pre>{@code
 * TokenEndpoint tokens = new TokenEndpoint(oauth);
 * EndpointResponse response = tokens.handle(request);
 * }</pre>
 *
 * <p>The {@code grant_type} picks the {@link TokenRequest} record, or the installed extension grant
 * (RFC 6749 section 4.5) it names: a missing one is {@code invalid_request}, and {@code password},
 * {@code implicit} or any other value not offered is {@code unsupported_grant_type}, with a
 * description saying why.
 *
 * <p>It requires {@code POST} (else 405 with {@code Allow: POST}) with a form body, refuses
 * repeated parameters and secrets in the URL query, authenticates the client with the one method it
 * used (none at all is {@code invalid_client}, 401 with {@code WWW-Authenticate: Basic}), and marks
 * every answer {@code Cache-Control: no-store}. A store that is down is 503 {@code
 * temporarily_unavailable}.
 */
public final class TokenEndpoint {

  private static final String NAME = "token endpoint";

  private final Proauth2 oauth;

  /** Creates the endpoint on an engine; it holds no other state and is thread-safe. */
  public TokenEndpoint(Proauth2 oauth) {
    this.oauth = Objects.requireNonNull(oauth, "oauth");
  }

  /** Answers one token request; never throws for anything the request contains. */
  public EndpointResponse handle(EndpointRequest request) {
    return Responses.answer(request, "POST", NAME, oauth, this::token);
  }

  private EndpointResponse token(EndpointRequest request) {
    ClientFormRequest form = ClientFormRequest.read(oauth, request, NAME);
    Parameters p = form.parameters();
    // The secret stays in the credentials, which the engine checks; the request needs none.
    String clientId = form.credentials().clientId();
    String type = p.get("grant_type");
    if (type != null && oauth.capabilities().extensionGrantTypes().contains(type)) {
      return success(
          oauth.requestExtensionGrant(form.credentials(), ExtensionGrantRequests.of(type, p)));
    }
    TokenRequest tokenRequest =
        switch (grantType(type)) {
          case AUTHORIZATION_CODE ->
              new TokenRequest.AuthorizationCode(
                  clientId,
                  null,
                  p.get("code"),
                  p.get("redirect_uri"),
                  p.get("code_verifier"),
                  p.resources());
          case REFRESH_TOKEN ->
              new TokenRequest.RefreshToken(
                  clientId, null, p.get("refresh_token"), p.get("scope"), p.resources());
          case CLIENT_CREDENTIALS ->
              new TokenRequest.ClientCredentials(clientId, null, p.get("scope"), p.resources());
          case DEVICE_CODE -> new TokenRequest.DeviceCode(clientId, null, p.get("device_code"));
        };
    DPoPRequest proof = DPoPHeader.read(oauth, request, oauth.endpoints().token());
    EndpointResponse issued =
        success(oauth.requestAccessToken(form.credentials(), tokenRequest, proof));
    return proof == null ? issued : DPoPHeader.withNonce(oauth, issued);
  }

  /**
   * The grant a {@code grant_type} names (RFC 6749 section 5.2).
   *
   * @throws Proauth2Exception {@code invalid_request} when it is missing, {@code
   *     unsupported_grant_type} for a value not offered, saying why for the two OAuth 2.1 removed
   */
  static GrantType grantType(String value) {
    if (value == null) {
      throw new Proauth2Exception(Proauth2Exception.INVALID_REQUEST, "grant_type is missing");
    }
    return GrantType.fromValue(value).orElseThrow(() -> unsupported(value));
  }

  private static Proauth2Exception unsupported(String grantType) {
    String description;
    if (grantType.equals("password")) {
      description =
          "the password grant is not offered (OAuth 2.1, RFC 9700 section 2.4); use"
              + " authorization_code with PKCE";
    } else if (grantType.equals("implicit")) {
      description =
          "the implicit grant is not offered (OAuth 2.1, RFC 9700 section 2.1.2), and it has no"
              + " token request; use authorization_code with PKCE";
    } else {
      description =
          "grant_type must be authorization_code, refresh_token, client_credentials or "
              + GrantType.DEVICE_CODE.value();
    }
    return new Proauth2Exception(Proauth2Exception.UNSUPPORTED_GRANT_TYPE, description);
  }

  private static EndpointResponse success(TokenResponse tokens) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("access_token", tokens.accessToken());
    body.put("token_type", tokens.tokenType());
    body.put("expires_in", tokens.expiresIn());
    if (tokens.refreshToken() != null) {
      body.put("refresh_token", tokens.refreshToken());
    }
    if (tokens.scope() != null) {
      body.put("scope", tokens.scope());
    }
    if (tokens.issuedTokenType() != null) {
      body.put("issued_token_type", tokens.issuedTokenType());
    }
    tokens.parameters().forEach(body::putIfAbsent);
    return EndpointResponse.json(200, body);
  }
}
