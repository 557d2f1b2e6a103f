package dev.proauth2.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.client.ClientInformation;
import com.nimbusds.oauth2.sdk.client.ClientInformationResponse;
import com.nimbusds.oauth2.sdk.client.ClientMetadata;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationRequest;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationResponse;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationRequest;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationResponse;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.device.DeviceCodeGrant;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.token.Tokens;
import dev.proauth2.testkit.Browser;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The device authorization grant (RFC 8628) against the demo server over real HTTP, driven by the
 * Nimbus OAuth 2.0 SDK: a device client registers at {@code /register}, starts at {@code
 * /device_authorization}, polls {@code /token}, and the user approves at {@code /device}.
 */
@DisplayName("the device grant end to end, over HTTP, with the Nimbus SDK")
class DeviceFlowTest {

  @Test
  @DisplayName(
      "a device polls pending, the user approves on the consent page of /device, the next poll"
          + " gets tokens for the user, and the one after is invalid_grant")
  void consentPage() throws Exception {
    try (RawHttp http = new RawHttp(false)) {
      AuthorizationServerMetadata metadata = metadata(http);
      assertTrue(metadata.getGrantTypes().contains(GrantType.DEVICE_CODE), metadata.toString());
      assertEquals(
          URI.create(http.server.issuer() + "/device_authorization"),
          metadata.getDeviceAuthorizationEndpointURI());
      ClientInformation client = register(metadata, ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
      ClientAuthentication auth = new ClientSecretBasic(client.getID(), client.getSecret());
      DeviceAuthorizationSuccessResponse started =
          start(
              new DeviceAuthorizationRequest(
                  metadata.getDeviceAuthorizationEndpointURI(), auth, new Scope("read"), null));
      assertEquals(URI.create(http.server.issuer() + "/device"), started.getVerificationURI());
      assertEquals(5, started.getInterval());
      assertEquals(600, started.getLifetime());

      TokenRequest poll =
          new TokenRequest(
              metadata.getTokenEndpointURI(), auth, new DeviceCodeGrant(started.getDeviceCode()));
      assertEquals("authorization_pending", error(poll.toHTTPRequest().send()));

      HttpResponse<String> entry = http.get("/device");
      assertEquals(200, entry.statusCode());
      assertTrue(entry.body().contains("name=\"user_code\""), entry.body());
      HttpResponse<String> page =
          http.get("/device?user_code=" + started.getUserCode().getValue().toLowerCase());
      assertEquals(200, page.statusCode(), page.body());
      assertTrue(page.body().contains("Nimbus device client"), page.body());
      Map<String, String> fields = Browser.hiddenFields(page.body());
      fields.put("consent", "approve");
      HttpResponse<String> done = http.form("/device", Browser.formBody(fields));
      assertEquals(200, done.statusCode(), done.body());

      Tokens tokens = success(poll.toHTTPRequest().send()).getTokens();
      assertEquals(new Scope("read"), tokens.getAccessToken().getScope());
      HttpResponse<String> me =
          http.get("/me", "Authorization", "Bearer " + tokens.getAccessToken().getValue());
      assertTrue(me.body().contains("\"sub\":\"demo-user\""), me.body());
      assertEquals("invalid_grant", error(poll.toHTTPRequest().send()));
    }
  }

  @Test
  @DisplayName(
      "with --auto-approve, opening verification_uri_complete approves for demo-user; a public"
          + " client polls with its client_id alone")
  void autoApprove() throws Exception {
    try (RawHttp http = new RawHttp(true)) {
      AuthorizationServerMetadata metadata = metadata(http);
      ClientInformation client = register(metadata, ClientAuthenticationMethod.NONE);
      DeviceAuthorizationSuccessResponse started =
          start(
              new DeviceAuthorizationRequest(
                  metadata.getDeviceAuthorizationEndpointURI(), client.getID(), new Scope("read")));
      URI complete = started.getVerificationURIComplete();
      HttpResponse<String> opened = http.get(complete.getRawPath() + "?" + complete.getRawQuery());
      assertEquals(200, opened.statusCode(), opened.body());

      TokenRequest poll =
          new TokenRequest(
              metadata.getTokenEndpointURI(),
              client.getID(),
              new DeviceCodeGrant(started.getDeviceCode()));
      Tokens tokens = success(poll.toHTTPRequest().send()).getTokens();
      HttpResponse<String> me =
          http.get("/me", "Authorization", "Bearer " + tokens.getAccessToken().getValue());
      assertTrue(me.body().contains("\"sub\":\"demo-user\""), me.body());
    }
  }

  private static AuthorizationServerMetadata metadata(RawHttp http) throws Exception {
    return AuthorizationServerMetadata.resolve(new Issuer(http.server.issuer()));
  }

  private static ClientInformation register(
      AuthorizationServerMetadata metadata, ClientAuthenticationMethod method) throws Exception {
    ClientMetadata client = new ClientMetadata();
    client.setName("Nimbus device client");
    client.setGrantTypes(Set.of(GrantType.DEVICE_CODE));
    client.setTokenEndpointAuthMethod(method);
    client.setScope(new Scope("read", "write"));
    HTTPResponse response =
        new ClientRegistrationRequest(metadata.getRegistrationEndpointURI(), client, null)
            .toHTTPRequest()
            .send();
    assertEquals(201, response.getStatusCode(), response.getBody());
    return ((ClientInformationResponse) ClientRegistrationResponse.parse(response))
        .getClientInformation();
  }

  private static DeviceAuthorizationSuccessResponse start(DeviceAuthorizationRequest request)
      throws Exception {
    HTTPResponse response = request.toHTTPRequest().send();
    DeviceAuthorizationResponse parsed = DeviceAuthorizationResponse.parse(response);
    assertTrue(parsed.indicatesSuccess(), response.getBody());
    return parsed.toSuccessResponse();
  }

  private static AccessTokenResponse success(HTTPResponse response) throws Exception {
    TokenResponse parsed = TokenResponse.parse(response);
    assertTrue(parsed.indicatesSuccess(), response.getBody());
    return parsed.toSuccessResponse();
  }

  private static String error(HTTPResponse response) throws Exception {
    TokenResponse parsed = TokenResponse.parse(response);
    assertFalse(parsed.indicatesSuccess(), response.getBody());
    return parsed.toErrorResponse().getErrorObject().getCode();
  }
}
