package dev.proauth2.testkit;

import static dev.proauth2.testkit.Browser.basic;
import static dev.proauth2.testkit.Browser.encode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Hostile bytes at the adapter's socket, where no HTTP client library tidies them first: bodies of
 * megabytes, a {@code Content-Length} that lies, bytes that are not UTF-8, CR LF meant to split a
 * response, NUL, request lines and headers far too long. Each answer is checked byte for byte, and
 * after each the server must still serve a normal token request.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class HostileHttpContract extends AdapterFixture {

  private static final String REDIRECT = "http://127.0.0.1:7777/cb";
  private static final String PKCE =
      "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256";
  private static final int MEGABYTES = 4 * 1024 * 1024;
  private static final Pattern DESCRIPTION =
      Pattern.compile("[\\x20-\\x21\\x23-\\x5B\\x5D-\\x7E]+");

  private String clientId;
  private String secret;
  private CompletableFuture<Reply> slowClient;

  HostileHttpContract(AdapterContract contract) {
    super(contract);
  }

  @BeforeAll
  void registerClient() {
    Map<String, Object> client =
        http.register(
            "{\"redirect_uris\":[\""
                + REDIRECT
                + "\"],\"grant_types\":[\"authorization_code\",\"client_credentials\"]}");
    clientId = (String) client.get("client_id");
    secret = (String) client.get("client_secret");
    // A body shorter than its Content-Length, on a connection kept open: started now, checked last
    slowClient =
        CompletableFuture.supplyAsync(
            () ->
                exchange(
                    bytes(
                        "POST /token HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                            + "Content-Type: application/x-www-form-urlencoded\r\n"
                            + "Content-Length: 100\r\n\r\ngrant_type"),
                    false,
                    15_000));
  }

  /** After every hostile request, the server still issues a token and honours it. */
  @AfterEach
  void stillServes() {
    HttpResponse<String> token =
        http.form(
            "/token", "grant_type=client_credentials", "Authorization", basic(clientId, secret));
    assertEquals(200, token.statusCode(), token.body());
    String accessToken = (String) Browser.json(token).get("access_token");
    assertEquals(200, http.get("/me", "Authorization", "Bearer " + accessToken).statusCode());
  }

  // ---------------------------------------------------------------------------------------------
  // Bodies and Content-Length

  @Test
  @DisplayName("a body of 4 MB is a clean 413 invalid_request, read no further than 64 KiB")
  void hugeBody() {
    byte[] body = new byte[MEGABYTES];
    Arrays.fill(body, (byte) 'a');
    Reply reply = send(post("/token", "application/x-www-form-urlencoded", body.length), body);
    assertOAuthError(reply, 413, "invalid_request");
  }

  @Test
  @DisplayName(
      "a 413 on a keep-alive connection says Connection: close, since the unread body ends the"
          + " connection")
  void hugeBodyOnKeepAlive() {
    byte[] body = new byte[MEGABYTES];
    Arrays.fill(body, (byte) 'a');
    byte[] head =
        bytes(
            new String(
                    post("/token", "application/x-www-form-urlencoded", body.length),
                    StandardCharsets.ISO_8859_1)
                .replace("Connection: close\r\n", ""));
    Reply reply = send(head, body);
    assertOAuthError(reply, 413, "invalid_request");
    assertEquals("close", reply.header("connection").orElse(null), reply.toString());
  }

  @Test
  @DisplayName("a chunked body of 4 MB is a clean 413 invalid_request")
  void hugeChunkedBody() {
    byte[] chunk = new byte[MEGABYTES];
    Arrays.fill(chunk, (byte) 'a');
    Reply reply =
        send(
            bytes(
                "POST /token HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(chunk.length)
                    + "\r\n"),
            chunk,
            bytes("\r\n0\r\n\r\n"));
    assertOAuthError(reply, 413, "invalid_request");
  }

  @Test
  @DisplayName(
      "a registration of 4 MB of JSON is a clean 413 invalid_request, and registers nothing")
  void hugeRegistration() {
    String json =
        "{\"client_name\":\""
            + "x".repeat(MEGABYTES)
            + "\",\"redirect_uris\":[\""
            + REDIRECT
            + "\"]}";
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    assertOAuthError(
        send(post("/register", "application/json", body.length), body), 413, "invalid_request");
  }

  @Test
  @DisplayName("a body that ends before its Content-Length is 400 invalid_request, not a 500")
  void shortBody() {
    Reply reply =
        exchange(
            concat(post("/token", "application/x-www-form-urlencoded", 100), bytes("grant_type")),
            true,
            5_000);
    if (!refusedByContainer(reply, "\"invalid_request\"")) {
      assertOAuthError(reply, 400, "invalid_request");
    }
  }

  @Test
  @DisplayName("a negative, a non-numeric, or a second different Content-Length is 400")
  void badContentLength() {
    for (String lengths :
        List.of(
            "Content-Length: -5\r\n",
            "Content-Length: abc\r\n",
            "Content-Length: 0x1d\r\n",
            "Content-Length: 29\r\nContent-Length: 5\r\n")) {
      Reply reply =
          send(
              bytes(
                  "POST /token HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                      + "Content-Type: application/x-www-form-urlencoded\r\n"
                      + "Authorization: "
                      + basic(clientId, secret)
                      + "\r\n"
                      + lengths
                      + "\r\ngrant_type=client_credentials"));
      assertEquals(400, reply.status(), lengths + reply);
      assertFalse(reply.body().contains("access_token"), reply.toString());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Bytes that are not UTF-8

  @Test
  @DisplayName("raw bytes that are not UTF-8 in a form body are 400 invalid_request")
  void nonUtf8Form() {
    for (byte[] bad : nonUtf8()) {
      byte[] body = concat(bytes("grant_type=client_credentials&scope=read"), bad);
      Reply reply = postToken(body);
      assertOAuthError(reply, 400, "invalid_request");
    }
  }

  @Test
  @DisplayName("raw bytes that are not UTF-8 in registration JSON are 400 invalid_request")
  void nonUtf8Json() {
    for (byte[] bad : nonUtf8()) {
      byte[] body =
          concat(
              bytes("{\"client_name\":\"a"),
              bad,
              bytes("\",\"redirect_uris\":[\"" + REDIRECT + "\"]}"));
      assertOAuthError(
          send(post("/register", "application/json", body.length), body), 400, "invalid_request");
    }
  }

  @Test
  @DisplayName("raw bytes that are not UTF-8 in the request line's state are refused, not echoed")
  void nonUtf8RequestLine() {
    for (byte[] bad : nonUtf8()) {
      Reply reply =
          send(
              bytes("GET " + authorize(clientId) + "&state=a"),
              bad,
              bytes(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
      if (reply.status() == 400) {
        // read as Latin-1, 0xA0 and 0x80 are no URI characters: the JDK's server refuses it
        assertTrue(reply.header("location").isEmpty(), reply.toString());
        continue;
      }
      Map<String, String> location = assertRedirectError(reply, "invalid_request");
      assertFalse(location.containsKey("state"), reply.toString());
    }
  }

  @Test
  @DisplayName("raw bytes that are not UTF-8 in the client_id are a 400 page, never a redirect")
  void nonUtf8ClientId() {
    Reply reply =
        send(
            bytes("GET /authorize?response_type=code&client_id="),
            new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF},
            bytes(
                "&redirect_uri="
                    + encode(REDIRECT)
                    + PKCE
                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
    if (!refusedByContainer(reply, "<code>invalid_request</code>")) {
      assertEquals(400, reply.status(), reply.toString());
      assertTrue(reply.header("location").isEmpty(), reply.toString());
      assertTrue(reply.body().contains("<code>invalid_request</code>"), reply.body());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // CR, LF and NUL

  @Test
  @DisplayName("a state with %0D%0A and a header redirects invalid_request, no header is split")
  void crlfInState() {
    Reply reply =
        send(
            get(
                authorize(clientId)
                    + "&state=abc%0D%0ASet-Cookie:%20session=evil%0D%0A%0D%0A%3Chtml%3E"));
    Map<String, String> location = assertRedirectError(reply, "invalid_request");
    assertFalse(location.containsKey("state"), reply.toString());
    assertTrue(reply.header("set-cookie").isEmpty(), reply.toString());
  }

  @Test
  @DisplayName("a redirect_uri with %0D%0A and a Location is a 400 page, with no Location")
  void crlfInRedirectUri() {
    Reply reply =
        send(
            get(
                "/authorize?response_type=code&client_id="
                    + encode(clientId)
                    + "&redirect_uri="
                    + encode(REDIRECT)
                    + "%0D%0ALocation:%20https://evil.example/"
                    + PKCE));
    assertEquals(400, reply.status(), reply.toString());
    assertTrue(reply.header("location").isEmpty(), reply.toString());
  }

  @Test
  @DisplayName("a form value with %0D%0A and a header is the parameter's error, no header is split")
  void crlfInForm() {
    byte[] body = bytes("grant_type=client_credentials&scope=read%0D%0ASet-Cookie:%20session=evil");
    Reply reply = postToken(body);
    assertOAuthError(reply, 400, "invalid_scope");
    assertTrue(reply.header("set-cookie").isEmpty(), reply.toString());
  }

  @Test
  @DisplayName("a raw CR LF in the request line cannot smuggle a header into the response")
  void crlfInRequestLine() {
    Reply reply =
        send(
            bytes(
                "GET "
                    + authorize(clientId)
                    + "&state=a\r\nSet-Cookie: session=evil HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Connection: close\r\n\r\n"));
    assertTrue(reply.header("set-cookie").isEmpty(), reply.toString());
    assertFalse(reply.status() >= 200 && reply.status() < 300, reply.toString());
  }

  @Test
  @DisplayName("NUL in a form value, raw or encoded, is the parameter's error")
  void nulInForm() {
    for (String grantType : List.of("client_credentials%00", "client_credentials\u0000")) {
      byte[] body = bytes("grant_type=" + grantType);
      Reply reply = postToken(body);
      assertOAuthError(reply, 400, "unsupported_grant_type");
    }
  }

  @Test
  @DisplayName("NUL inside the Basic credentials is refused with 400 or 401, never a valid login")
  void nulInAuthorization() {
    byte[] body = bytes("grant_type=client_credentials");
    String credentials = basic(clientId, secret);
    int middle = credentials.length() / 2;
    Reply reply =
        send(
            post(
                "/token",
                "application/x-www-form-urlencoded",
                body.length,
                "Authorization: "
                    + credentials.substring(0, middle)
                    + "\u0000"
                    + credentials.substring(middle)),
            body);
    // A container may refuse the control character before the adapter sees the header (400);
    // an adapter that reads it fails the client's authentication (401 invalid_client).
    assertTrue(reply.status() == 400 || reply.status() == 401, reply.toString());
    assertFalse(reply.body().contains("access_token"), reply.toString());
  }

  @Test
  @DisplayName("NUL in the request line is 400")
  void nulInRequestLine() {
    Reply reply =
        send(
            bytes(
                "GET "
                    + authorize(clientId)
                    + "&state=a\u0000b HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
    assertEquals(400, reply.status(), reply.toString());
    assertTrue(reply.header("location").isEmpty(), reply.toString());
  }

  // ---------------------------------------------------------------------------------------------
  // Long request lines and headers, odd methods

  @Test
  @DisplayName("a query of 100 000 characters is refused with a 4xx, never redirected")
  void longQuery() {
    Reply reply = send(get(authorize(clientId) + "&state=" + "s".repeat(100_000)));
    // The engine bounds the query (400); a container may refuse the request line first (414)
    assertTrue(reply.status() >= 400 && reply.status() < 500, reply.toString());
    assertTrue(reply.header("location").isEmpty(), reply.toString());
  }

  @Test
  @DisplayName("a request line or a header of 1 MB, or 10 000 headers, are refused by the server")
  void hugeRequestHead() {
    List<String> heads =
        List.of(
            "GET /authorize?a=" + "x".repeat(1 << 20) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n",
            "GET /me HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Long: " + "x".repeat(1 << 20) + "\r\n",
            "GET /me HTTP/1.1\r\nHost: 127.0.0.1\r\n" + "X-Many: 1\r\n".repeat(10_000));
    for (String head : heads) {
      Reply reply = send(bytes(head + "Connection: close\r\n\r\n"));
      // A server answers 4xx (400, 414, 431) or closes the connection
      assertTrue(
          reply.status() == 0 || reply.status() >= 400 && reply.status() < 500, reply.toString());
    }
  }

  @Test
  @DisplayName("an Authorization header of 100 000 characters is refused with a 4xx, never a token")
  void longAuthorization() {
    byte[] body = bytes("grant_type=client_credentials");
    Reply reply =
        send(
            post(
                "/token",
                "application/x-www-form-urlencoded",
                body.length,
                "Authorization: Basic " + "QUFB".repeat(25_000)),
            body);
    // The engine bounds the credentials (401); a container may refuse the header first (431)
    assertTrue(reply.status() >= 400 && reply.status() < 500, reply.toString());
    assertFalse(reply.body().contains("access_token"), reply.toString());
  }

  @Test
  @DisplayName("an unknown method with a good body is 405, and the body is not acted on")
  void unknownMethod() {
    for (String method : List.of("BREW", "DELETE", "PUT", "PATCH")) {
      byte[] body = bytes("grant_type=client_credentials");
      Reply reply =
          send(
              bytes(
                  method
                      + " /token HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                      + "Content-Type: application/x-www-form-urlencoded\r\nAuthorization: "
                      + basic(clientId, secret)
                      + "\r\nContent-Length: "
                      + body.length
                      + "\r\n\r\n"),
              body);
      if (!refusedByContainer(reply, "\"invalid_request\"")) {
        assertOAuthError(reply, 405, "invalid_request");
        assertEquals("POST", reply.header("allow").orElse(null), reply.toString());
      }
    }
  }

  @Test
  @Order(Integer.MAX_VALUE)
  @DisplayName(
      "a client that sends less than its Content-Length and waits loses its connection within"
          + " seconds")
  void slowClientIsCutOff() throws Exception {
    Reply reply = slowClient.get(20, TimeUnit.SECONDS);
    assertFalse(reply.timedOut(), "the server still held the connection after 15 s: " + reply);
    assertTrue(
        reply.millis() < 12_000, "the connection was held for " + reply.millis() + " ms: " + reply);
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  /** One raw exchange: what came back, how the connection ended, and how long it took. */
  private record Reply(
      int status,
      Map<String, List<String>> headers,
      String head,
      String body,
      boolean timedOut,
      long millis) {

    Optional<String> header(String name) {
      List<String> values = headers.getOrDefault(name, List.of());
      return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    @Override
    public String toString() {
      String text = head + body;
      return (timedOut ? "(timed out) " : "")
          + (text.length() > 400 ? text.substring(0, 400) + "..." : text)
              .replace("\r", "\\r")
              .replace("\n", "\\n");
    }
  }

  /** Posts a form body to the token endpoint as the registered client. */
  private Reply postToken(byte[] body) {
    return send(
        post(
            "/token",
            "application/x-www-form-urlencoded",
            body.length,
            "Authorization: " + basic(clientId, secret)),
        body);
  }

  private Reply send(byte[]... parts) {
    return exchange(concat(parts), false, 10_000);
  }

  /**
   * Writes the request from its own thread, while this one reads, so the answer to a body the
   * server stops reading is not lost; the connection is closed by the server or at the timeout.
   */
  private Reply exchange(byte[] request, boolean halfClose, int timeoutMillis) {
    long started = System.nanoTime();
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(timeoutMillis);
      Thread writer =
          new Thread(
              () -> {
                try {
                  OutputStream out = socket.getOutputStream();
                  for (int i = 0; i < request.length; i += 64 * 1024) {
                    out.write(request, i, Math.min(64 * 1024, request.length - i));
                  }
                  out.flush();
                  if (halfClose) {
                    socket.shutdownOutput();
                  }
                } catch (IOException e) {
                  // the server stopped reading: expected for a body it refuses
                }
              },
              "hostile-writer");
      writer.setDaemon(true);
      writer.start();
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      boolean timedOut = false;
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[8192];
      try {
        int n;
        while ((n = in.read(buffer)) > 0) {
          received.write(buffer, 0, n);
        }
      } catch (SocketTimeoutException e) {
        timedOut = true;
      } catch (IOException e) {
        // reset after the answer: the server closed with the body still unread
      }
      writer.join(1000);
      return parse(received.toByteArray(), timedOut, (System.nanoTime() - started) / 1_000_000);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Reply parse(byte[] bytes, boolean timedOut, long millis) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (!text.startsWith("HTTP/1.1 ") || end < 0) {
      return new Reply(0, Map.of(), text, "", timedOut, millis);
    }
    String head = text.substring(0, end + 4);
    String[] lines = head.split("\r\n");
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      assertTrue(colon > 0, "a header line without a colon: " + lines[i]);
      headers
          .computeIfAbsent(
              lines[i].substring(0, colon).toLowerCase(Locale.ROOT), n -> new ArrayList<>())
          .add(lines[i].substring(colon + 1).trim());
    }
    String body =
        new String(Arrays.copyOfRange(bytes, end + 4, bytes.length), StandardCharsets.UTF_8);
    return new Reply(
        Integer.parseInt(lines[0].substring(9, 12)), headers, head, body, timedOut, millis);
  }

  /**
   * Whether the server in front of the adapter answered a malformed request itself, which {@link
   * AdapterContract#containerMayRefuse()} allows: a 4xx that is not the adapter's answer (it lacks
   * {@code adapterMark}), redirects nowhere and issues nothing.
   */
  private boolean refusedByContainer(Reply reply, String adapterMark) {
    if (!containerMayRefuse() || reply.body().contains(adapterMark)) {
      return false;
    }
    assertTrue(reply.status() >= 400 && reply.status() < 500, reply.toString());
    assertTrue(reply.header("location").isEmpty(), reply.toString());
    assertFalse(reply.body().contains("access_token"), reply.toString());
    return true;
  }

  private static void assertOAuthError(Reply reply, int status, String error) {
    assertEquals(status, reply.status(), reply.toString());
    // Some containers write the charset of a known media type in lower case; RFC 9110 compares it
    // without regard to case.
    assertEquals(
        "application/json;charset=utf-8",
        reply.header("content-type").map(type -> type.toLowerCase(Locale.ROOT)).orElse(null),
        reply.toString());
    assertEquals("no-store", reply.header("cache-control").orElse(null), reply.toString());
    Map<String, Object> json;
    try {
      json = JSONObjectUtils.parse(reply.body());
    } catch (com.nimbusds.oauth2.sdk.ParseException e) {
      throw new AssertionError("not JSON: " + reply, e);
    }
    assertEquals(error, json.get("error"), reply.toString());
    String description = (String) json.get("error_description");
    assertNotNull(description, reply.toString());
    assertTrue(DESCRIPTION.matcher(description).matches(), description);
  }

  /** Asserts a 302 to the client's redirect URI with this error; returns its parameters. */
  private static Map<String, String> assertRedirectError(Reply reply, String error) {
    assertEquals(302, reply.status(), reply.toString());
    assertEquals(1, reply.headers().get("location").size(), reply.toString());
    String location = reply.header("location").orElseThrow();
    assertTrue(location.startsWith(REDIRECT + "?"), location);
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String pair : URI.create(location).getRawQuery().split("&")) {
      String[] parts = pair.split("=", 2);
      parameters.put(
          URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
          URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
    }
    assertEquals(error, parameters.get("error"), location);
    assertTrue(DESCRIPTION.matcher(parameters.get("error_description")).matches(), location);
    assertFalse(parameters.containsKey("code"), location);
    return parameters;
  }

  private static String authorize(String clientId) {
    return "/authorize?response_type=code&client_id="
        + encode(clientId)
        + "&redirect_uri="
        + encode(REDIRECT)
        + PKCE;
  }

  /** A GET request for the target, the connection closed after the answer. */
  private static byte[] get(String target) {
    return bytes("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  }

  private static byte[] post(String path, String contentType, int length, String... headers) {
    StringBuilder head =
        new StringBuilder("POST ")
            .append(path)
            .append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: ")
            .append(contentType)
            .append("\r\nContent-Length: ")
            .append(length)
            .append("\r\n");
    for (String header : headers) {
      head.append(header).append("\r\n");
    }
    return bytes(head.append("\r\n").toString());
  }

  /** 0xC3 0x28 (a broken sequence), 0xFF, an overlong '/', an encoded surrogate. */
  private static List<byte[]> nonUtf8() {
    return List.of(
        new byte[] {(byte) 0xC3, 0x28},
        new byte[] {(byte) 0xFF},
        new byte[] {(byte) 0xC0, (byte) 0xAF},
        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
