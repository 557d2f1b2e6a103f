package dev.proauth2.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The capped, strict UTF-8 reading of a request body that every adapter uses. */
class RequestBodyTest {

  private static final int MAX = EndpointRequest.MAX_BODY_BYTES;

  private static InputStream bytes(byte[] body) {
    return new ByteArrayInputStream(body);
  }

  private static byte[] filled(int length) {
    byte[] body = new byte[length];
    Arrays.fill(body, (byte) 'a');
    return body;
  }

  /** An endless body of 'a' that counts how much of it was read. */
  private static final class Endless extends InputStream {
    long read;

    @Override
    public int read() {
      read++;
      return 'a';
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      Arrays.fill(buffer, offset, offset + length, (byte) 'a');
      read += length;
      return length;
    }
  }

  @Test
  @DisplayName("a body within the cap comes back as its text, any Unicode included")
  void readsText() throws Exception {
    String text = "grant_type=client_credentials&scope=r%C3%A9ad&note=ünïcödé 用户 😀";
    assertEquals(text, RequestBody.read(bytes(text.getBytes(StandardCharsets.UTF_8)), -1));
    assertEquals("", RequestBody.read(bytes(new byte[0]), 0));
  }

  @Test
  @DisplayName("a body of exactly MAX_BODY_BYTES is read whole")
  void readsUpToTheCap() throws Exception {
    assertEquals(MAX, RequestBody.read(bytes(filled(MAX)), MAX).length());
  }

  @Test
  @DisplayName(
      "one byte over the cap is 413 invalid_request; the rest is drained, so the connection stays")
  void overTheCapIsDrained() {
    RequestBody.Refused refused =
        assertThrows(RequestBody.Refused.class, () -> RequestBody.read(bytes(filled(MAX + 1)), -1));
    assertEquals(413, refused.status());
    assertEquals(false, refused.unread());
    EndpointResponse response = refused.response();
    assertEquals(413, response.status());
    assertTrue(response.body().contains("\"error\":\"invalid_request\""), response.body());
    assertTrue(response.body().contains(MAX + " bytes"), response.body());
    assertEquals(Optional.of("no-store"), response.header("Cache-Control"));
    assertEquals(Optional.empty(), response.header("Connection"));
  }

  @Test
  @DisplayName(
      "an endless body is read no further than the cap and the drain limit, then 413 that closes"
          + " the connection")
  void endlessBodyIsCut() {
    Endless body = new Endless();
    RequestBody.Refused refused =
        assertThrows(RequestBody.Refused.class, () -> RequestBody.read(body, -1));
    assertEquals(413, refused.status());
    assertTrue(refused.unread());
    assertTrue(body.read <= MAX + 1 + RequestBody.DRAIN_LIMIT + 1, "read " + body.read);
    assertEquals(Optional.of("close"), refused.response().header("Connection"));
  }

  @Test
  @DisplayName("a Content-Length past the drain limit is refused with 413 before a byte is read")
  void declaredTooLarge() {
    Endless body = new Endless();
    RequestBody.Refused refused =
        assertThrows(
            RequestBody.Refused.class, () -> RequestBody.read(body, RequestBody.DRAIN_LIMIT + 1));
    assertEquals(413, refused.status());
    assertTrue(refused.unread());
    assertEquals(0, body.read);
  }

  @Test
  @DisplayName(
      "bytes that are not UTF-8 (malformed, overlong, a surrogate) are 400 invalid_request, never"
          + " U+FFFD")
  void notUtf8() {
    List<byte[]> bodies =
        List.of(
            new byte[] {'a', '=', (byte) 0xC3, '('},
            new byte[] {'a', '=', (byte) 0xC0, (byte) 0xAF},
            new byte[] {'a', '=', (byte) 0xED, (byte) 0xA0, (byte) 0x80},
            new byte[] {'a', '=', (byte) 0xFF});
    for (byte[] body : bodies) {
      RequestBody.Refused refused =
          assertThrows(RequestBody.Refused.class, () -> RequestBody.read(bytes(body), body.length));
      assertEquals(400, refused.status());
      assertEquals(false, refused.unread(), "the body was read whole");
      assertTrue(refused.response().body().contains("not UTF-8"), refused.response().body());
    }
  }

  @Test
  @DisplayName(
      "a body that breaks off, by an I/O error or a container's unchecked one, is 400 that closes"
          + " the connection")
  void brokenBody() {
    List<InputStream> broken =
        List.of(
            new InputStream() {
              @Override
              public int read() throws IOException {
                throw new IOException("early EOF");
              }
            },
            new InputStream() {
              @Override
              public int read() {
                throw new UncheckedIOException(new IOException("idle timeout"));
              }
            });
    for (InputStream in : broken) {
      RequestBody.Refused refused =
          assertThrows(RequestBody.Refused.class, () -> RequestBody.read(in, 100));
      assertEquals(400, refused.status());
      assertEquals(Optional.of("close"), refused.response().header("Connection"));
      assertTrue(refused.response().body().contains("ended before"), refused.response().body());
    }
  }

  @Test
  @DisplayName("a null stream is a NullPointerException, a programming error")
  void nullStream() {
    assertThrows(NullPointerException.class, () -> RequestBody.read(null, 0));
  }
}
