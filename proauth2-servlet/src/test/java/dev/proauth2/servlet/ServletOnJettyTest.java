package dev.proauth2.servlet;

import static dev.proauth2.testkit.Browser.basic;
import static dev.proauth2.testkit.Browser.encode;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.endpoint.ConsentGuard;
import dev.proauth2.testkit.Browser;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the servlet on Jetty does beyond the adapter contract ({@link ServletAdapterContractTest}):
 * a browser that is not signed in goes to the host's login, and Jetty refuses some hostile requests
 * with its own status before the servlet sees them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServletOnJettyTest {

  private static final String REDIRECT = "http://127.0.0.1:9876/callback";
  private static final String PKCE =
      "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256";

  private RawHttp http;
  private String clientId;
  private String secret;
  private String authorize;

  @BeforeAll
  void start() {
    http = new RawHttp(true);
    Map<String, Object> client =
        http.register(
            "{\"client_name\":\"Jetty test client\",\"redirect_uris\":[\""
                + REDIRECT
                + "\"],\"scope\":\"read write\",\"grant_types\":[\"authorization_code\",\"client_credentials\"]}");
    clientId = (String) client.get("client_id");
    secret = (String) client.get("client_secret");
    authorize =
        "/authorize?response_type=code&client_id="
            + encode(clientId)
            + "&redirect_uri="
            + encode(REDIRECT)
            + "&scope=read&state=st"
            + PKCE;
  }

  @AfterAll
  void stop() {
    http.close();
  }

  private static HttpResponse<String> send(HttpRequest request) throws Exception {
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** The status of the answer to raw bytes sent on a connection of their own. */
  private int rawStatus(String request) {
    String answer = http.browser.raw(request);
    assertTrue(answer.startsWith("HTTP/1.1 "), answer);
    return Integer.parseInt(answer.substring(9, 12));
  }

  private static String tokenRequest(String authorization) {
    String body = "grant_type=client_credentials";
    return "POST /token HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        + "Content-Type: application/x-www-form-urlencoded\r\nAuthorization: "
        + authorization
        + "\r\nContent-Length: "
        + body.length()
        + "\r\n\r\n"
        + body;
  }

  @Test
  @DisplayName(
      "a browser that is not signed in is sent to the host's login, which comes back to the"
          + " same request")
  void login() throws Exception {
    HttpResponse<String> login = // no session cookie: not signed in
        send(HttpRequest.newBuilder(URI.create(http.base + authorize)).build());
    assertEquals(302, login.statusCode());
    String location = login.headers().firstValue("Location").orElseThrow();
    assertTrue(location.contains("/login?next="), location);
    String next = URLDecoder.decode(location.substring(location.indexOf("next=") + 5), UTF_8);
    assertEquals(http.base + authorize, next);
  }

  @Test
  @DisplayName("a consent post from a browser that is not signed in goes to the login")
  void consentPostSignedOut() throws Exception {
    HttpResponse<String> page = http.get(authorize);
    assertEquals(200, page.statusCode(), page.body());
    Map<String, String> fields = Browser.hiddenFields(page.body());
    assertTrue(fields.containsKey(ConsentGuard.FIELD), "the form's nonce");
    fields.put("consent", "approve");
    HttpResponse<String> signedOut =
        send(
            HttpRequest.newBuilder(URI.create(http.base + "/authorize"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Browser.formBody(fields)))
                .build());
    assertEquals(302, signedOut.statusCode());
    assertTrue(signedOut.headers().firstValue("Location").orElseThrow().contains("/login?next="));
  }

  @Test
  @DisplayName("NUL inside the Basic credentials is refused by Jetty with 400, not a valid login")
  void nulInAuthorization() {
    String credentials = basic(clientId, secret);
    int middle = credentials.length() / 2;
    String withNul = credentials.substring(0, middle) + "\u0000" + credentials.substring(middle);
    // The container refuses a control character in a header before the servlet sees it
    assertEquals(400, rawStatus(tokenRequest(withNul)));
  }

  @Test
  @DisplayName("a query of 100 000 characters is refused by Jetty with 414")
  void longQuery() {
    assertEquals(
        414,
        rawStatus(
            "GET "
                + authorize
                + "s".repeat(100_000)
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
  }

  @Test
  @DisplayName("an Authorization header of 100 000 characters is refused by Jetty with 431")
  void longAuthorization() {
    assertEquals(431, rawStatus(tokenRequest("Basic " + "QUFB".repeat(25_000))));
  }
}
