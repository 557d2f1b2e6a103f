package dev.proauth2.servlet;

import static dev.proauth2.servlet.RawHttp.encode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.endpoint.ConsentGuard;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The servlet's built-in consent guard against cross-site request forgery (audit finding 10 of the
 * demo server), over HTTP: only the session that was shown the form, posting from this origin,
 * once, gets a code; the host's consent page did nothing for it.
 */
@DisplayName("the consent form against cross-site request forgery")
class ServletConsentCsrfTest {

  private static final String REDIRECT = "https://app.example/cb";
  private static final String PKCE =
      "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256";

  private RawHttp browser;
  private String query;

  @BeforeEach
  void start() {
    browser = new RawHttp(true);
    String clientId =
        (String)
            browser
                .register(
                    "{\"redirect_uris\":[\""
                        + REDIRECT
                        + "\"],\"token_endpoint_auth_method\":\"none\"}")
                .get("client_id");
    query =
        "/authorize?response_type=code&client_id="
            + encode(clientId)
            + "&redirect_uri="
            + encode(REDIRECT)
            + "&state=st"
            + PKCE;
  }

  @AfterEach
  void stop() {
    browser.close();
  }

  /** The consent page's form fields, with the user's click on Approve. */
  private Map<String, String> approvedForm() {
    HttpResponse<String> page = browser.get(query);
    assertEquals(200, page.statusCode(), page.body());
    Map<String, String> fields = RawHttp.hiddenFields(page.body());
    assertNotNull(fields.get(ConsentGuard.FIELD), "the form's nonce");
    fields.put("consent", "approve");
    return fields;
  }

  private void assertRefused(HttpResponse<String> response) {
    assertEquals(403, response.statusCode(), response.body());
    assertTrue(response.headers().firstValue("Location").isEmpty(), "no redirect, no code");
  }

  @Test
  @DisplayName("the form posted back by its own page, from this origin, gets its code once")
  void sameOrigin() {
    String body = RawHttp.formBody(approvedForm());
    HttpResponse<String> approved =
        browser.form("/authorize", body, "Origin", browser.base, "Sec-Fetch-Site", "same-origin");
    assertEquals(302, approved.statusCode(), approved.body());
    assertNotNull(RawHttp.locationParameters(approved).get("code"));
    assertRefused(
        browser.form("/authorize", body, "Origin", browser.base, "Sec-Fetch-Site", "same-origin"));
  }

  @Test
  @DisplayName("the audit's post from https://evil.example is refused, even with a valid form")
  void crossOrigin() {
    assertRefused(
        browser.form(
            "/authorize",
            RawHttp.formBody(approvedForm()),
            "Origin",
            "https://evil.example",
            "Sec-Fetch-Site",
            "cross-site"));
  }

  @Test
  @DisplayName(
      "a post from another signed-in session than the one shown the form is refused, one from a"
          + " browser that is not signed in goes to the login, and one without the nonce is refused")
  void forged() throws Exception {
    Map<String, String> fields = approvedForm();
    HttpClient stranger = // its own session, no Origin: not the browser that was shown the form
        HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    assertEquals(
        204,
        stranger
            .send(
                HttpRequest.newBuilder(URI.create(browser.base + "/login")).build(),
                HttpResponse.BodyHandlers.discarding())
            .statusCode());
    assertRefused(post(stranger, fields));

    HttpResponse<String> signedOut = post(HttpClient.newHttpClient(), fields);
    assertEquals(302, signedOut.statusCode());
    assertTrue(signedOut.headers().firstValue("Location").orElseThrow().contains("/login?next="));

    fields.remove(ConsentGuard.FIELD);
    assertRefused(browser.form("/authorize", RawHttp.formBody(fields)));
  }

  private HttpResponse<String> post(HttpClient client, Map<String, String> fields)
      throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(browser.base + "/authorize"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(RawHttp.formBody(fields)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
