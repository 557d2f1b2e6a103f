package dev.proauth2.testkit;

import static dev.proauth2.testkit.Browser.encode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.endpoint.ConsentGuard;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The adapter's consent guard against cross-site request forgery (audit finding 10 of the demo
 * server), over HTTP: only the browser that was shown the form, posting from this origin, once,
 * gets a code; the host's consent page does nothing for it.
 */
abstract class ConsentCsrfContract extends AdapterFixture {

  private static final String REDIRECT = "https://app.example/cb";
  private static final String PKCE =
      "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256";

  private Browser browser;
  private String query;

  ConsentCsrfContract(AdapterContract contract) {
    super(contract);
  }

  @BeforeEach
  void newBrowser() {
    browser = browser();
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

  /** The consent page's form fields, with the user's click on Approve. */
  private Map<String, String> approvedForm() {
    HttpResponse<String> page = browser.get(query);
    assertEquals(200, page.statusCode(), page.body());
    Map<String, String> fields = Browser.hiddenFields(page.body());
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
    String body = Browser.formBody(approvedForm());
    HttpResponse<String> approved =
        browser.form("/authorize", body, "Origin", browser.base, "Sec-Fetch-Site", "same-origin");
    assertEquals(302, approved.statusCode(), approved.body());
    assertNotNull(Browser.locationParameters(approved).get("code"));
    assertRefused(
        browser.form("/authorize", body, "Origin", browser.base, "Sec-Fetch-Site", "same-origin"));
  }

  @Test
  @DisplayName("the audit's post from https://evil.example is refused, even with a valid form")
  void crossOrigin() {
    assertRefused(
        browser.form(
            "/authorize",
            Browser.formBody(approvedForm()),
            "Origin",
            "https://evil.example",
            "Sec-Fetch-Site",
            "cross-site"));
  }

  @Test
  @DisplayName(
      "a post from another signed-in browser than the one shown the form is refused, and so is"
          + " one without the nonce")
  void forged() {
    Map<String, String> fields = approvedForm();
    Browser stranger = browser(); // its own cookies, no Origin: not the browser shown the form
    assertRefused(stranger.form("/authorize", Browser.formBody(fields)));

    fields.remove(ConsentGuard.FIELD);
    assertRefused(browser.form("/authorize", Browser.formBody(fields)));
  }
}
