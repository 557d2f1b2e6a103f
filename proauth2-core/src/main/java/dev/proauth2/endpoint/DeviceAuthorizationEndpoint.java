package dev.proauth2.endpoint;

import dev.proauth2.DeviceAuthorization;
import dev.proauth2.Endpoints;
import dev.proauth2.Proauth2;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The device authorization endpoint (RFC 8628 section 3.1): a device posts its client id (and
 * credentials, if it has any) and the scope it wants, and gets a device code to poll the token
 * endpoint with and a user code for the user to type at {@code verification_uri}.
 *
 * <pre>{@code
 * DeviceAuthorizationEndpoint devices = new DeviceAuthorizationEndpoint(oauth);
 * EndpointResponse response = devices.handle(request);   // POST /device_authorization
 * }</pre>
 *
 * <p>It reads the request as the token endpoint does (POST, a form, no secrets in the URL query,
 * the client authenticated with the one method it used; a public client with its {@code client_id})
 * and answers errors the same way. {@code verification_uri} is the engine's {@link
 * Endpoints#deviceVerification()} as a URL, and {@code verification_uri_complete} the same with the
 * user code as {@code user_code} in its query.
 */
public final class DeviceAuthorizationEndpoint {

  private static final String NAME = "device authorization endpoint";

  private final Proauth2 oauth;

  /** Creates the endpoint on an engine; it holds no other state and is thread-safe. */
  public DeviceAuthorizationEndpoint(Proauth2 oauth) {
    this.oauth = Objects.requireNonNull(oauth, "oauth");
  }

  /** Answers one device authorization request; never throws for anything the request contains. */
  public EndpointResponse handle(EndpointRequest request) {
    return Responses.answer(request, "POST", NAME, oauth, this::authorize);
  }

  private EndpointResponse authorize(EndpointRequest request) {
    ClientFormRequest form = ClientFormRequest.read(oauth, request, NAME);
    Parameters p = form.parameters();
    DeviceAuthorization started =
        oauth.requestDeviceAuthorization(form.credentials(), p.get("scope"), p.resources());
    Endpoints endpoints = oauth.endpoints();
    String verification = endpoints.url(endpoints.deviceVerification());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("device_code", started.deviceCode());
    body.put("user_code", started.userCode());
    body.put("verification_uri", verification);
    body.put(
        "verification_uri_complete",
        verification
            + (verification.indexOf('?') < 0 ? '?' : '&')
            + DeviceVerification.USER_CODE
            + "="
            + URLEncoder.encode(started.userCode(), StandardCharsets.UTF_8));
    body.put("expires_in", started.expiresIn());
    body.put("interval", started.interval());
    return EndpointResponse.json(200, body);
  }
}
