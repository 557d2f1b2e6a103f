package dev.proauth2.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.ClientRegistration;
import dev.proauth2.GrantType;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.endpoint.ConsentGuard;
import dev.proauth2.testkit.Browser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What the servlet's device verification page does beyond the adapter contract's device group: the
 * code form, the sign-in before anything is shown, wrong codes and their bound, and a host's own
 * {@link DevicePage}.
 */
@DisplayName("the servlet's device verification page")
class ServletDevicePageTest {

  private RawHttp http;

  @AfterEach
  void close() {
    if (http != null) {
      http.close();
    }
  }

  /** Starts a device authorization for a public device client and returns its response. */
  private Map<String, Object> startDevice() {
    return startDevice("Kitchen TV", "");
  }

  /** The same for a client of this name, with more parameters for the device authorization. */
  private Map<String, Object> startDevice(String name, String parameters) {
    ClientRegistration tv =
        http.server
            .oauth()
            .registerApp(
                RegistrationRequest.builder(name)
                    .authMethod("none")
                    .grantType(GrantType.DEVICE_CODE)
                    .build());
    HttpResponse<String> started =
        http.form("/device_authorization", "client_id=" + encode(tv.clientId()) + parameters);
    assertEquals(200, started.statusCode(), started.body());
    Map<String, Object> body = Browser.json(started);
    body.put("client_id", tv.clientId());
    return body;
  }

  private static String completePath(Map<String, Object> started) {
    URI complete = URI.create((String) started.get("verification_uri_complete"));
    return complete.getRawPath() + "?" + complete.getRawQuery();
  }

  private HttpResponse<String> poll(Map<String, Object> started) {
    return http.form(
        "/token",
        "grant_type="
            + encode(GrantType.DEVICE_CODE.value())
            + "&client_id="
            + encode((String) started.get("client_id"))
            + "&device_code="
            + encode((String) started.get("device_code")));
  }

  @Test
  @DisplayName("without a code, a signed-in browser gets the code form, neither cached nor framed")
  void codeForm() {
    http = new RawHttp(true);
    HttpResponse<String> page = http.get("/device");
    assertEquals(200, page.statusCode(), page.body());
    assertTrue(page.body().contains("<form method=\"get\" action=\"/device\">"), page.body());
    assertTrue(page.body().contains("name=\"user_code\""), page.body());
    assertEquals("no-store", page.headers().firstValue("Cache-Control").orElse(null));
    assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElse(null));
  }

  @Test
  @DisplayName(
      "a browser that has not signed in is sent to sign in, back to the code, and shown nothing")
  void signInFirst() {
    http = new RawHttp(false);
    Map<String, Object> started = startDevice();
    HttpResponse<String> page = http.get(completePath(started));
    assertEquals(302, page.statusCode(), page.body());
    String location = page.headers().firstValue("Location").orElseThrow();
    assertTrue(location.startsWith("/login?next="), location);
    assertTrue(
        location.contains(encode("user_code=" + started.get("user_code"))),
        "the login comes back to the code: " + location);
    assertNull(Browser.hiddenFields(page.body()).get(ConsentGuard.FIELD), page.body());
    assertEquals("authorization_pending", Browser.json(poll(started)).get("error"));
  }

  @Test
  @DisplayName(
      "a wrong code redraws the form with the reason; past 10 wrong codes from one address, even"
          + " the right code gets 429 with Retry-After")
  void wrongCodes() {
    http = new RawHttp(true);
    Map<String, Object> started = startDevice();
    for (int i = 0; i < 10; i++) {
      HttpResponse<String> wrong = http.get("/device?user_code=BCDF-GHJK");
      assertEquals(400, wrong.statusCode(), "wrong code " + (i + 1) + ": " + wrong.body());
      assertTrue(wrong.body().contains("name=\"user_code\""), "the form again: " + wrong.body());
      assertTrue(wrong.body().contains("the code is unknown"), "the reason: " + wrong.body());
    }
    HttpResponse<String> limited = http.get(completePath(started));
    assertEquals(429, limited.statusCode(), limited.body());
    assertTrue(limited.headers().firstValue("Retry-After").isPresent());
    assertNull(Browser.hiddenFields(limited.body()).get(ConsentGuard.FIELD), limited.body());
  }

  @Test
  @DisplayName(
      "the plain page shows the client's name escaped, its id, the code and the resources the"
          + " tokens will reach")
  void plainPageEscapesAndShowsTheAudience() {
    http = new RawHttp(true);
    String resource = http.server.issuer() + "/mcp";
    Map<String, Object> started =
        startDevice("<img src=x onerror=alert(1)>", "&resource=" + encode(resource));
    HttpResponse<String> page = http.get(completePath(started));
    assertEquals(200, page.statusCode(), page.body());
    assertFalse(page.body().contains("<img"), page.body());
    assertTrue(page.body().contains("&lt;img src=x onerror=alert(1)&gt;"), page.body());
    assertTrue(page.body().contains((String) started.get("client_id")), page.body());
    assertTrue(page.body().contains((String) started.get("user_code")), page.body());
    assertTrue(page.body().contains(resource), page.body());
  }

  @Test
  @DisplayName(
      "posts from another site are refused before their code is looked up, so they spend none of"
          + " the user's 10 wrong codes")
  void crossSitePostsSpendNoGuesses() {
    http = new RawHttp(true);
    Map<String, Object> started = startDevice();
    for (int i = 0; i < 12; i++) {
      HttpResponse<String> forged =
          http.form(
              "/device",
              "user_code=BCDF-GHJK&consent=approve",
              "Origin",
              "https://evil.example",
              "Sec-Fetch-Site",
              "cross-site");
      assertEquals(403, forged.statusCode(), forged.body());
    }
    HttpResponse<String> page = http.get(completePath(started));
    assertEquals(200, page.statusCode(), page.body());
  }

  @Test
  @DisplayName(
      "a code sent twice in the query redraws the code form with the reason, as a wrong code does")
  void codeTwice() {
    http = new RawHttp(true);
    HttpResponse<String> page = http.get("/device?user_code=BCDF-GHJK&user_code=BCDF-GHJL");
    assertEquals(400, page.statusCode(), page.body());
    assertTrue(page.body().contains("more than once"), page.body());
    assertTrue(page.body().contains("name=\"user_code\""), page.body());
  }

  @Test
  @DisplayName("past the guessing bound, even an answer with a valid nonce is 429, not 403")
  void limitedAnswer() {
    http = new RawHttp(true);
    Map<String, Object> started = startDevice();
    Map<String, String> fields = Browser.hiddenFields(http.get(completePath(started)).body());
    fields.put("consent", "approve");
    for (int i = 0; i < 10; i++) {
      assertEquals(400, http.get("/device?user_code=BCDF-GHJK").statusCode());
    }
    HttpResponse<String> answer =
        http.form("/device", Browser.formBody(fields), "Origin", http.base);
    assertEquals(429, answer.statusCode(), answer.body());
    assertTrue(answer.headers().firstValue("Retry-After").isPresent());
  }

  @Test
  @DisplayName("any method but GET and POST is 405 with Allow")
  void otherMethods() {
    http = new RawHttp(true);
    HttpResponse<String> put = http.browser.method("PUT", "/device");
    assertEquals(405, put.statusCode(), put.body());
    assertEquals("GET, POST", put.headers().firstValue("Allow").orElse(null));
  }

  @Test
  @DisplayName(
      "the host's DevicePage draws the code form, the prompt and the page after the answer, and its"
          + " form's approval reaches the device")
  void hostPage() {
    http =
        new RawHttp(
            new JettyServer(
                JettyServer.engine("", engine -> engine),
                "",
                servlet -> servlet.devicePage(new HostPage())));
    assertEquals(204, http.get("/login").statusCode());
    Map<String, Object> started = startDevice();

    assertTrue(http.get("/device").body().startsWith("host code form at /device"));
    HttpResponse<String> prompt = http.get(completePath(started));
    assertEquals(200, prompt.statusCode(), prompt.body());
    assertTrue(
        prompt.body().startsWith("host prompt: Kitchen TV shows " + started.get("user_code")),
        prompt.body());
    assertEquals("no-store", prompt.headers().firstValue("Cache-Control").orElse(null));
    Map<String, String> fields = Browser.hiddenFields(prompt.body());
    fields.put("consent", "approve");
    HttpResponse<String> done = http.form("/device", Browser.formBody(fields), "Origin", http.base);
    assertEquals(200, done.statusCode(), done.body());
    assertEquals("host done: approved=true", done.body());

    HttpResponse<String> tokens = poll(started);
    assertEquals(200, tokens.statusCode(), tokens.body());
    assertFalse(tokens.body().contains("error"), tokens.body());
  }

  /** A host's page, plain text around the form so the test can tell it drew each page. */
  private static final class HostPage implements DevicePage {
    @Override
    public void enterCode(
        DeviceCodeForm form, HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      response.getWriter().write("host code form at " + form.action());
    }

    @Override
    public void render(
        DevicePrompt prompt, HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      response
          .getWriter()
          .write(
              "host prompt: "
                  + prompt.clientName()
                  + " shows "
                  + prompt.userCode()
                  + "\n"
                  + prompt.hiddenInputs());
    }

    @Override
    public void done(boolean approved, HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      response.getWriter().write("host done: approved=" + approved);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
