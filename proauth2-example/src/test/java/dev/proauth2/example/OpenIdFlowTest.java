package dev.proauth2.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.client.ClientInformation;
import com.nimbusds.oauth2.sdk.client.ClientInformationResponse;
import com.nimbusds.oauth2.sdk.client.ClientMetadata;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationRequest;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationResponse;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationErrorResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.AuthenticationResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationResponseParser;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.Prompt;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.AccessTokenValidator;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A relying party (Nimbus's OpenID Connect SDK) signs the demo user in over HTTP, as an application
 * would: discovery, dynamic registration, the code flow with PKCE and a nonce, ID token validation
 * against the {@code jwks_uri}, UserInfo and a refresh.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenIdFlowTest {

  private static final URI REDIRECT = URI.create("http://127.0.0.1:33419/callback");
  private static final URI BYE = URI.create("http://127.0.0.1:33419/signed-out");

  private RawHttp http;
  private OIDCProviderMetadata provider;
  private ClientInformation client;

  @BeforeAll
  void start() throws Exception {
    http = new RawHttp(true); // the demo user approves at once
    provider = OIDCProviderMetadata.resolve(new Issuer(http.server.issuer()));
    ClientMetadata metadata = new ClientMetadata();
    metadata.setName("OpenID relying party");
    metadata.setRedirectionURI(REDIRECT);
    metadata.setResponseTypes(Set.of(ResponseType.CODE));
    metadata.setGrantTypes(
        Set.of(
            com.nimbusds.oauth2.sdk.GrantType.AUTHORIZATION_CODE,
            com.nimbusds.oauth2.sdk.GrantType.REFRESH_TOKEN));
    metadata.setScope(new Scope("openid", "profile", "email"));
    metadata.setCustomField("post_logout_redirect_uris", List.of(BYE.toString()));
    HTTPResponse registered =
        new ClientRegistrationRequest(provider.getRegistrationEndpointURI(), metadata, null)
            .toHTTPRequest()
            .send();
    assertEquals(201, registered.getStatusCode(), registered.getBody());
    client =
        ((ClientInformationResponse) ClientRegistrationResponse.parse(registered))
            .getClientInformation();
  }

  @AfterAll
  void stop() {
    http.close();
  }

  private AuthenticationResponse authenticate(Nonce nonce, CodeVerifier verifier, Prompt prompt) {
    AuthenticationRequest.Builder request =
        new AuthenticationRequest.Builder(
                ResponseType.CODE,
                new Scope("openid", "profile", "email"),
                client.getID(),
                REDIRECT)
            .state(new State())
            .nonce(nonce)
            .codeChallenge(verifier, CodeChallengeMethod.S256)
            .endpointURI(provider.getAuthorizationEndpointURI());
    if (prompt != null) {
      request.prompt(prompt);
    }
    URI uri = request.build().toURI();
    HttpResponse<String> redirect = http.get(uri.getRawPath() + "?" + uri.getRawQuery());
    assertEquals(302, redirect.statusCode(), redirect.body());
    try {
      return AuthenticationResponseParser.parse(
          URI.create(redirect.headers().firstValue("Location").orElseThrow()));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private OIDCTokens tokens(com.nimbusds.oauth2.sdk.AuthorizationGrant grant) throws Exception {
    HTTPResponse response =
        new TokenRequest.Builder(
                provider.getTokenEndpointURI(),
                new ClientSecretBasic(client.getID(), client.getSecret()),
                grant)
            .build()
            .toHTTPRequest()
            .send();
    var parsed = OIDCTokenResponseParser.parse(response);
    assertTrue(parsed.indicatesSuccess(), response.getBody());
    return ((OIDCTokenResponse) parsed.toSuccessResponse()).getOIDCTokens();
  }

  private IDTokenClaimsSet validate(OIDCTokens tokens, Nonce nonce) throws Exception {
    IDTokenValidator validator =
        new IDTokenValidator(
            provider.getIssuer(),
            client.getID(),
            JWSAlgorithm.RS256,
            provider.getJWKSetURI().toURL());
    IDTokenClaimsSet claims = validator.validate(tokens.getIDToken(), nonce);
    AccessTokenValidator.validate(
        tokens.getAccessToken(), JWSAlgorithm.RS256, claims.getAccessTokenHash());
    return claims;
  }

  @Test
  @DisplayName(
      "discovery, code with PKCE and nonce, ID token, UserInfo, refresh and logout, over HTTP")
  void signIn() throws Exception {
    assertEquals(http.server.issuer() + "/userinfo", provider.getUserInfoEndpointURI().toString());
    Nonce nonce = new Nonce();
    CodeVerifier verifier = new CodeVerifier();
    AuthenticationResponse response = authenticate(nonce, verifier, null);
    assertTrue(response.indicatesSuccess());
    AuthorizationCode code = response.toSuccessResponse().getAuthorizationCode();
    OIDCTokens tokens = tokens(new AuthorizationCodeGrant(code, REDIRECT, verifier));
    IDTokenClaimsSet claims = validate(tokens, nonce);
    assertEquals(DemoServer.DEMO_USER, claims.getSubject().getValue());
    assertNotNull(claims.getAuthenticationTime());

    HTTPResponse answer =
        new UserInfoRequest(provider.getUserInfoEndpointURI(), tokens.getBearerAccessToken())
            .toHTTPRequest()
            .send();
    UserInfoResponse userInfo = UserInfoResponse.parse(answer);
    assertTrue(userInfo.indicatesSuccess(), answer.getBody());
    UserInfo info = userInfo.toSuccessResponse().getUserInfo();
    assertEquals(
        Map.of(
            "sub",
            DemoServer.DEMO_USER,
            "name",
            "Demo User",
            "email",
            "demo-user@example.com",
            "email_verified",
            true),
        info.toJSONObject());

    OIDCTokens refreshed = tokens(new RefreshTokenGrant(tokens.getRefreshToken()));
    IDTokenClaimsSet again = validate(refreshed, null);
    assertEquals(claims.getSubject(), again.getSubject());
    assertEquals(claims.getAuthenticationTime(), again.getAuthenticationTime());
    assertNull(again.getNonce());

    State state = new State();
    URI logout =
        new LogoutRequest(provider.getEndSessionEndpointURI(), refreshed.getIDToken(), BYE, state)
            .toURI();
    HttpResponse<String> back = http.get(logout.getRawPath() + "?" + logout.getRawQuery());
    assertEquals(302, back.statusCode(), back.body());
    assertEquals(
        BYE + "?state=" + state.getValue(), back.headers().firstValue("Location").orElseThrow());
  }

  @Test
  @DisplayName("prompt=none signs the always-signed-in demo user in without a page")
  void promptNone() throws Exception {
    Nonce nonce = new Nonce();
    CodeVerifier verifier = new CodeVerifier();
    AuthenticationResponse response = authenticate(nonce, verifier, new Prompt(Prompt.Type.NONE));
    assertTrue(response.indicatesSuccess());
    OIDCTokens tokens =
        tokens(
            new AuthorizationCodeGrant(
                response.toSuccessResponse().getAuthorizationCode(), REDIRECT, verifier));
    assertEquals(nonce, validate(tokens, nonce).getNonce());
  }

  @Test
  @DisplayName("prompt=none on the consent-page demo answers consent_required, with no page")
  void consentRequired() throws Exception {
    try (RawHttp consentPage = new RawHttp(false)) {
      OIDCProviderMetadata other =
          OIDCProviderMetadata.resolve(new Issuer(consentPage.server.issuer()));
      ClientMetadata metadata = new ClientMetadata();
      metadata.setName("silent client");
      metadata.setRedirectionURI(REDIRECT);
      metadata.setScope(new Scope("openid"));
      ClientInformation silent =
          ((ClientInformationResponse)
                  ClientRegistrationResponse.parse(
                      new ClientRegistrationRequest(
                              other.getRegistrationEndpointURI(), metadata, null)
                          .toHTTPRequest()
                          .send()))
              .getClientInformation();
      URI uri =
          new AuthenticationRequest.Builder(
                  ResponseType.CODE, new Scope("openid"), silent.getID(), REDIRECT)
              .state(new State())
              .nonce(new Nonce())
              .prompt(new Prompt(Prompt.Type.NONE))
              .codeChallenge(new CodeVerifier(), CodeChallengeMethod.S256)
              .endpointURI(other.getAuthorizationEndpointURI())
              .build()
              .toURI();
      HttpResponse<String> redirect = consentPage.get(uri.getRawPath() + "?" + uri.getRawQuery());
      assertEquals(302, redirect.statusCode(), redirect.body());
      AuthenticationErrorResponse error =
          AuthenticationResponseParser.parse(
                  URI.create(redirect.headers().firstValue("Location").orElseThrow()))
              .toErrorResponse();
      assertEquals("consent_required", error.getErrorObject().getCode());
    }
  }
}
