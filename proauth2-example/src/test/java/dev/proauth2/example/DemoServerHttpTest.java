package dev.proauth2.example;

import static dev.proauth2.testkit.Browser.basic;
import static dev.proauth2.testkit.Browser.encode;
import static dev.proauth2.testkit.Browser.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.testkit.Browser;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the demo server does beyond the adapter contract ({@link DemoServerAdapterContractTest}), on
 * its own engine: its log, its consent cookie, and the answers the JDK's server lets the demo give
 * itself where another container refuses first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoServerHttpTest {

  private static final String REDIRECT = "http://127.0.0.1:9876/callback";
  private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  private static final String PKCE =
      "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256";

  private RawHttp http;
  private String clientId;
  private String secret;
  private String authorize;
  private final List<String> secrets = new ArrayList<>();

  @BeforeAll
  void start() {
    http = new RawHttp(false);
    Map<String, Object> client =
        http.register(
            "{\"client_name\":\"Demo test client\",\"redirect_uris\":[\""
                + REDIRECT
                + "\"],\"scope\":\"read write\","
                + "\"grant_types\":[\"authorization_code\",\"refresh_token\"]}");
    clientId = (String) client.get("client_id");
    secret = (String) client.get("client_secret");
    secrets.add(secret);
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

  private static void assertInvalidClient(String answer) {
    assertTrue(answer.startsWith("HTTP/1.1 401 "), answer);
    assertTrue(answer.contains("\"error\":\"invalid_client\""), answer);
  }

  @Test
  @DisplayName("the consent page sets its cookie SameSite=Strict")
  void consentCookie() {
    HttpResponse<String> page = http.get(authorize);
    assertEquals(200, page.statusCode(), page.body());
    assertTrue(
        page.headers().firstValue("Set-Cookie").orElse("").contains("SameSite=Strict"),
        "the consent cookie");
  }

  @Test
  @DisplayName("POST to /me without a token is 405: the demo checks the method before the token")
  void mePost() {
    assertEquals(405, http.form("/me", "").statusCode());
  }

  @Test
  @DisplayName("NUL inside the Basic credentials is 401 invalid_client, not a valid login")
  void nulInAuthorization() {
    String credentials = basic(clientId, secret);
    int middle = credentials.length() / 2;
    assertInvalidClient(
        http.browser.raw(
            tokenRequest(
                credentials.substring(0, middle) + "\u0000" + credentials.substring(middle))));
  }

  @Test
  @DisplayName("a query of 100 000 characters is a 400 page: the query is bounded")
  void longQuery() {
    HttpResponse<String> page = http.get(authorize + "&x=" + "s".repeat(100_000));
    assertEquals(400, page.statusCode(), page.body());
    assertTrue(page.body().contains("<code>invalid_request</code>"), page.body());
  }

  @Test
  @DisplayName("an Authorization header of 100 000 characters is 401 invalid_client")
  void longAuthorization() {
    assertInvalidClient(http.browser.raw(tokenRequest("Basic " + "QUFB".repeat(25_000))));
  }

  @Test
  @DisplayName(
      "the log has one line per request and one audit line per event, and never a query, token,"
          + " code or secret")
  void log() {
    HttpResponse<String> page = http.get(authorize);
    assertEquals(200, page.statusCode(), page.body());
    Map<String, String> fields = Browser.hiddenFields(page.body());
    fields.put("consent", "approve");
    HttpResponse<String> approved = http.form("/authorize", Browser.formBody(fields));
    assertEquals(302, approved.statusCode(), approved.body());
    String code = Browser.locationParameters(approved).get("code");
    secrets.add(code);
    secrets.add(VERIFIER);
    HttpResponse<String> token =
        http.form(
            "/token",
            "grant_type=authorization_code&code="
                + encode(code)
                + "&redirect_uri="
                + encode(REDIRECT)
                + "&code_verifier="
                + VERIFIER,
            "Authorization",
            basic(clientId, secret));
    assertEquals(200, token.statusCode(), token.body());
    String access = (String) json(token).get("access_token");
    secrets.add(access);
    secrets.add((String) json(token).get("refresh_token"));
    assertEquals(200, http.get("/me", "Authorization", "Bearer " + access).statusCode());
    assertEquals(
        200,
        http.form("/revoke", "token=" + encode(access), "Authorization", basic(clientId, secret))
            .statusCode());

    String log = http.log();
    assertTrue(log.contains("POST /token 200"), log);
    assertTrue(log.contains("GET /authorize 200"), log);
    assertTrue(log.contains("audit event=tokens_issued "), log);
    assertFalse(log.contains("?"), log);
    for (String secret : secrets) {
      assertFalse(log.contains(secret), "a secret is in the log:\n" + log);
    }
    assertTrue(
        log.lines()
            .allMatch(
                line ->
                    line.matches("[A-Z]+ /\\S* \\d{3} \\d+ms")
                        || line.matches("audit event=[a-z_]+( [a-z_]+=\\S+)*")),
        log);
  }
}
