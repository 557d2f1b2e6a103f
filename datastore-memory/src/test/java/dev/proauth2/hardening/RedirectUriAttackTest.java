package dev.proauth2.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.AuthorizationCode;
import dev.proauth2.AuthorizationRequest;
import dev.proauth2.ClientRegistration;
import dev.proauth2.CodeChallengeMethod;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.spi.Table;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Redirect URI tricks that have stolen codes from other servers (RFC 9700 section 4.1): each is
 * refused at authorization as {@code invalid_request}, without a {@code state} (the host must not
 * redirect), and without a code stored. The client registered {@code https://app.example/cb},
 * {@code https://app.example/cb?mode=a&lang=en}, {@code http://127.0.0.1:8000/native}, {@code
 * http://[::1]:8000/native} and {@code com.example.app:/oauth}.
 */
@DisplayName("redirect URI attacks")
class RedirectUriAttackTest {

  private Harness h;

  @BeforeEach
  void open() {
    h = Harness.observed();
  }

  @AfterEach
  void close() {
    h.close();
  }

  static Stream<Arguments> tricks() {
    return Stream.of(
        trick("scheme in upper case", "HTTPS://app.example/cb"),
        trick("host in upper case", "https://APP.example/cb"),
        trick("host in mixed case", "https://App.Example/cb"),
        trick("path in upper case", "https://app.example/CB"),
        trick("an added query", "https://app.example/cb?next=https://evil.example"),
        trick("an empty query", "https://app.example/cb?"),
        trick("a reordered query", "https://app.example/cb?lang=en&mode=a"),
        trick("a query with a parameter added", "https://app.example/cb?mode=a&lang=en&x=1"),
        trick("a query with a parameter removed", "https://app.example/cb?mode=a"),
        trick("a query with a value changed", "https://app.example/cb?mode=b&lang=en"),
        trick("path traversal", "https://app.example/cb/../evil"),
        trick("path traversal to the registered path", "https://app.example/evil/../cb"),
        trick("encoded path traversal", "https://app.example/cb/%2e%2e/evil"),
        trick("upper-case encoded path traversal", "https://app.example/cb/%2E%2E/evil"),
        trick("encoded slashes", "https://app.example/cb%2F..%2Fevil"),
        trick("a dot segment", "https://app.example/./cb"),
        trick("a doubled slash", "https://app.example//cb"),
        trick("a percent-encoded letter", "https://app.example/%63b"),
        trick("an encoded NUL", "https://app.example/cb%00"),
        trick("an encoded fragment mark", "https://app.example/cb%23"),
        trick("an encoded host", "https://app%2eexample/cb"),
        trick("userinfo that looks like the host", "https://app.example@evil.example/cb"),
        trick("userinfo with an empty password", "https://app.example:@evil.example/cb"),
        trick("userinfo before the real host", "https://evil.example@app.example/cb"),
        trick("a host suffix", "https://app.example.evil.example/cb"),
        trick("a host prefix", "https://evil-app.example/cb"),
        trick("a trailing dot on the host", "https://app.example./cb"),
        trick("the default port written out", "https://app.example:443/cb"),
        trick("another port", "https://app.example:8443/cb"),
        trick("an empty fragment", "https://app.example/cb#"),
        trick("a fragment", "https://app.example/cb#x"),
        trick("a fragment that looks like a host", "https://app.example/cb#@evil.example"),
        trick("a trailing slash", "https://app.example/cb/"),
        trick("a backslash", "https://app.example\\@evil.example/cb"),
        trick("http instead of https", "http://app.example/cb"),
        trick("http on localhost by name", "http://localhost:8000/native"),
        trick("http on another loopback address", "http://127.0.0.2:8000/native"),
        trick("http on the unspecified address", "http://0.0.0.0:8000/native"),
        trick("a loopback-looking host name", "http://127.0.0.1.evil.example:8000/native"),
        trick("loopback with userinfo", "http://127.0.0.1:8000@evil.example/native"),
        trick("loopback with a user", "http://user@127.0.0.1:9000/native"),
        trick("loopback with another path", "http://127.0.0.1:9000/other"),
        trick("loopback with traversal", "http://127.0.0.1:9000/native/../other"),
        trick("loopback with a trailing slash", "http://127.0.0.1:9000/native/"),
        trick("loopback with a query", "http://127.0.0.1:9000/native?x=1"),
        trick("loopback with a fragment", "http://127.0.0.1:9000/native#x"),
        trick("loopback with the path in upper case", "http://127.0.0.1:9000/NATIVE"),
        trick("loopback in upper-case scheme", "HTTP://127.0.0.1:9000/native"),
        trick("loopback over https", "https://127.0.0.1:9000/native"),
        trick("loopback with a non-numeric port", "http://127.0.0.1:evil/native"),
        trick("an unparsable loopback URI", "http://127.0.0.1:9000/native|x"),
        trick("IPv6 loopback with another path", "http://[::1]:9000/other"),
        trick("IPv6 loopback written out", "http://[0:0:0:0:0:0:0:1]:8000/native"),
        trick("private-use scheme with an authority", "com.example.app://oauth"),
        trick("private-use scheme in upper case", "COM.EXAMPLE.APP:/oauth"),
        trick("private-use scheme with traversal", "com.example.app:/oauth/../evil"),
        trick("a lookalike Cyrillic host", "https://\u0430pp.example/cb"),
        trick("a leading space", " https://app.example/cb"),
        trick("a trailing space", "https://app.example/cb "),
        trick("a tab", "https://app.example/cb\t"),
        trick("CR LF header injection", "https://app.example/cb\r\nLocation: https://evil.example"),
        trick("a NUL character", "https://app.example/cb\u0000"),
        trick("an over-long URI", "https://app.example/cb?" + "a".repeat(5000)),
        trick("javascript", "javascript:alert(1)"),
        trick("data", "data:text/html,<script>alert(1)</script>"),
        trick("a relative reference", "/cb"),
        trick("a scheme-relative reference", "//app.example/cb"));
  }

  private static Arguments trick(String name, String uri) {
    return Arguments.of(name, uri);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("tricks")
  @DisplayName("a redirect URI that differs from every registered one is refused, issuing nothing")
  void refused(String trick, String uri) {
    long codesBefore = h.store.storedIn(Table.NONCE_CODES);
    long changesBefore = h.store.changes();
    Proauth2Exception refused =
        assertThrows(
            Proauth2Exception.class,
            () ->
                h.oauth.requestAuthorization(
                    AuthorizationRequest.builder()
                        .clientId(h.app.clientId())
                        .userId(Harness.USER)
                        .redirectUri(uri)
                        .state(Harness.STATE)
                        .codeChallenge(Harness.challengeOf(h.newVerifier()))
                        .codeChallengeMethod(CodeChallengeMethod.S256)
                        .build()),
            trick);
    assertEquals(Proauth2Exception.INVALID_REQUEST, refused.error(), trick);
    assertEquals(Optional.empty(), refused.state(), "a state invites the host to redirect");
    assertEquals(codesBefore, h.store.storedIn(Table.NONCE_CODES), "a code was stored");
    assertEquals(changesBefore, h.store.changes(), "the store changed");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        Harness.REDIRECT,
        Harness.QUERY_REDIRECT,
        Harness.LOOPBACK_REDIRECT,
        "http://127.0.0.1:51234/native",
        "http://127.0.0.1/native",
        Harness.IPV6_LOOPBACK_REDIRECT,
        "http://[::1]:40000/native",
        Harness.PRIVATE_USE_REDIRECT
      })
  @DisplayName(
      "the registered URIs themselves, and loopback ones on another port, are accepted (the"
          + " control for the refusals)")
  void registeredAccepted(String uri) {
    AuthorizationCode code =
        h.authorize(h.request(h.app, h.newVerifier()).redirectUri(uri).build());
    assertTrue(code.redirectUri().startsWith(uri), code.redirectUri());
  }

  @Test
  @DisplayName(
      "leaving the redirect URI out is refused when the client registered several, issuing"
          + " nothing")
  void omittedWithSeveralRegistered() {
    long changesBefore = h.store.changes();
    Proauth2Exception refused =
        assertThrows(
            Proauth2Exception.class,
            () ->
                h.oauth.requestAuthorization(
                    h.request(h.app, h.newVerifier()).redirectUri(null).build()));
    assertEquals(Proauth2Exception.INVALID_REQUEST, refused.error());
    assertEquals(Optional.empty(), refused.state());
    assertEquals(changesBefore, h.store.changes());
  }

  @Test
  @DisplayName("leaving the redirect URI out uses the only one the client registered")
  void omittedWithOneRegistered() {
    AuthorizationCode code =
        h.authorize(h.request(h.other, h.newVerifier()).redirectUri(null).build());
    assertTrue(code.redirectUri().startsWith(Harness.REDIRECT + "?code="), code.redirectUri());
  }

  @Nested
  @DisplayName("at registration")
  class Registration {

    @ParameterizedTest(name = "{0}")
    @ValueSource(
        strings = {
          "https://app.example/cb#",
          "https://app.example/cb#x",
          "http://localhost.evil.example/cb",
          "http://127.0.0.1.evil.example/cb",
          "http://0.0.0.0/cb",
          "https://user:pw@app.example/cb",
          "https:///cb",
          "https:/cb",
          "https://app.example\\cb",
          "https://app.example/c b",
          "app:/cb",
          "file:///etc/passwd",
          "data:text/html,x",
          "vbscript:msgbox(1)"
        })
    @DisplayName("a redirect URI that could leak codes is refused as invalid_redirect_uri")
    void refusedAtRegistration(String uri) {
      long changesBefore = h.store.changes();
      Proauth2Exception refused =
          assertThrows(Proauth2Exception.class, () -> h.oauth.registerApp("app", uri));
      assertEquals(Proauth2Exception.INVALID_REDIRECT_URI, refused.error(), uri);
      assertEquals(changesBefore, h.store.changes(), "the store changed");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
        strings = {
          "http://localhost:6274/oauth/callback",
          "http://localhost:54312/callback",
          "http://localhost/cb"
        })
    @DisplayName("a localhost callback (MCP Inspector, a CLI) registers and matches on any port")
    void localhostCallbacks(String uri) {
      ClientRegistration client =
          h.oauth.registerApp(
              RegistrationRequest.builder("cli").redirectUri(uri).authMethod("none").build());
      String otherPort = uri.replaceFirst("(?i)localhost(:[0-9]+)?", "localhost:1234");
      AuthorizationCode code =
          h.oauth.requestAuthorization(
              AuthorizationRequest.builder()
                  .clientId(client.clientId())
                  .userId("alice")
                  .redirectUri(otherPort)
                  .codeChallenge(SecretHashes.sha256("v".repeat(43)))
                  .codeChallengeMethod(CodeChallengeMethod.S256)
                  .build());
      assertTrue(code.redirectUri().startsWith(otherPort + "?code="), code.redirectUri());
    }
  }
}
