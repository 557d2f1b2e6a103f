package dev.proauth2.testkit;

import static dev.proauth2.testkit.Browser.encode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.GrantType;
import dev.proauth2.endpoint.ConsentGuard;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The device grant (RFC 8628) through the adapter, over HTTP: a device starts at {@code
 * /device_authorization}, the signed-in user opens {@code verification_uri_complete} and answers on
 * the adapter's device page, and the device's poll at {@code /token} gets what the user decided;
 * the page's answer is guarded as the consent form's is.
 */
abstract class DeviceContract extends AdapterFixture {

  private static final String NAME = "Contract TV";

  private String clientId;

  DeviceContract(AdapterContract contract) {
    super(contract);
  }

  @BeforeEach
  void registerDevice() {
    clientId =
        (String)
            http.register(
                    "{\"grant_types\":[\""
                        + GrantType.DEVICE_CODE.value()
                        + "\"],\"token_endpoint_auth_method\":\"none\",\"client_name\":\""
                        + NAME
                        + "\",\"scope\":\"read\"}")
                .get("client_id");
  }

  /** A new device authorization's response, which names the verification page on this issuer. */
  private Map<String, Object> start() {
    HttpResponse<String> started =
        http.form("/device_authorization", "client_id=" + encode(clientId) + "&scope=read");
    assertEquals(200, started.statusCode(), started.body());
    Map<String, Object> body = Browser.json(started);
    assertEquals(issuer + "/device", body.get("verification_uri"));
    assertNotNull(body.get("device_code"));
    return body;
  }

  /** The path and query of {@code verification_uri_complete}, to open on this server. */
  private static String completePath(Map<String, Object> started) {
    URI complete = URI.create((String) started.get("verification_uri_complete"));
    return complete.getRawPath() + "?" + complete.getRawQuery();
  }

  /** The device page's form fields for a signed-in browser, with the user's click on a button. */
  private static Map<String, String> answer(
      Browser browser, Map<String, Object> started, String consent) {
    HttpResponse<String> page = browser.get(completePath(started));
    assertEquals(200, page.statusCode(), page.body());
    assertTrue(page.body().contains(NAME), "the page names the client: " + page.body());
    assertTrue(
        page.body().contains((String) started.get("user_code")),
        "the page shows the user code to compare with the device's: " + page.body());
    Map<String, String> fields = Browser.hiddenFields(page.body());
    assertNotNull(fields.get(ConsentGuard.FIELD), "the form's nonce");
    fields.put("consent", consent);
    return fields;
  }

  private HttpResponse<String> post(Browser browser, Map<String, String> fields) {
    return browser.form(
        "/device",
        Browser.formBody(fields),
        "Origin",
        browser.base,
        "Sec-Fetch-Site",
        "same-origin");
  }

  private HttpResponse<String> poll(Map<String, Object> started) {
    return http.form(
        "/token",
        "grant_type="
            + encode(GrantType.DEVICE_CODE.value())
            + "&device_code="
            + encode((String) started.get("device_code"))
            + "&client_id="
            + encode(clientId));
  }

  private static void assertError(String error, HttpResponse<String> response) {
    assertEquals(400, response.statusCode(), response.body());
    assertEquals(error, Browser.json(response).get("error"), response.body());
  }

  @Test
  @DisplayName(
      "a device waits while the user decides, then gets the user's tokens on its next poll, once")
  void approved() {
    Map<String, Object> started = start();
    assertError("authorization_pending", poll(started));

    HttpResponse<String> done = post(http, answer(http, started, "approve"));
    assertEquals(200, done.statusCode(), done.body());

    HttpResponse<String> tokens = poll(started);
    assertEquals(200, tokens.statusCode(), tokens.body());
    String access = (String) Browser.json(tokens).get("access_token");
    HttpResponse<String> me = http.get("/me", "Authorization", "Bearer " + access);
    assertEquals(200, me.statusCode(), me.body());
    assertEquals(AdapterContract.USER, Browser.json(me).get("sub"));
    assertError("invalid_grant", poll(started));
  }

  @Test
  @DisplayName("a device the user denies is told access_denied and gets no token")
  void denied() {
    Map<String, Object> started = start();
    HttpResponse<String> done = post(http, answer(http, started, "deny"));
    assertEquals(200, done.statusCode(), done.body());
    assertError("access_denied", poll(started));
  }

  @Test
  @DisplayName(
      "the device page's answer from another origin, from another browser or without its nonce"
          + " decides nothing")
  void forged() {
    Map<String, Object> started = start();
    Map<String, String> fields = answer(http, started, "approve");
    HttpResponse<String> crossSite =
        http.form(
            "/device",
            Browser.formBody(fields),
            "Origin",
            "https://evil.example",
            "Sec-Fetch-Site",
            "cross-site");
    assertEquals(403, crossSite.statusCode(), crossSite.body());
    HttpResponse<String> stranger = post(browser(), fields);
    assertEquals(403, stranger.statusCode(), stranger.body());
    Map<String, String> withoutNonce = new LinkedHashMap<>(fields);
    withoutNonce.remove(ConsentGuard.FIELD);
    HttpResponse<String> bare = post(http, withoutNonce);
    assertEquals(403, bare.statusCode(), bare.body());

    assertError("authorization_pending", poll(started));
    assertEquals(200, post(http, fields).statusCode(), "the real answer still counts");
    assertEquals(4, post(http, fields).statusCode() / 100, "once");
    assertEquals(200, poll(started).statusCode());
  }

  @Test
  @DisplayName("a user code no device was given gets an error page with nothing to approve")
  void unknownCode() {
    HttpResponse<String> page = http.get("/device?user_code=BCDF-GHJK");
    assertEquals(400, page.statusCode(), page.body());
    assertNull(Browser.hiddenFields(page.body()).get(ConsentGuard.FIELD), page.body());
  }
}
