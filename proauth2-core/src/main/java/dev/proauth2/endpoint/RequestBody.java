package dev.proauth2.endpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Reads a request body for the endpoints as every adapter must: no more than {@link
 * EndpointRequest#MAX_BODY_BYTES}, and strict UTF-8 (RFC 6749 appendix B, RFC 8259 section 8.1), so
 * that no adapter buffers what a client chooses to send or lets a malformed byte become U+FFFD.
 *
 * <pre>{@code
 * EndpointResponse response;
 * try {
 *   String body = RequestBody.read(exchange.getRequestBody(), declaredLength);
 *   response = endpoint.handle(EndpointRequest.builder(method).body(body)...build());
 * } catch (RequestBody.Refused refused) {
 *   response = refused.response();
 * }
 * }</pre>
 */
public final class RequestBody {

  /**
   * How much of a body over the limit is read and thrown away, so that the client, still sending,
   * can read the 413 on a connection that stays open; a larger body is refused at once and the
   * connection closed.
   */
  static final long DRAIN_LIMIT = 1 << 20;

  private RequestBody() {}

  /**
   * Reads the whole body and decodes it as strict UTF-8.
   *
   * @param in the body as the server receives it, ending where the request's body ends; not closed
   * @param declaredLength the request's {@code Content-Length}, or a negative number when it has
   *     none (a chunked body) or the adapter does not know it
   * @return the body's text, empty when there is none
   * @throws Refused when the body is larger than {@link EndpointRequest#MAX_BODY_BYTES}, ends
   *     early, or is not UTF-8; its {@link Refused#response()} is the answer to send
   */
  public static String read(InputStream in, long declaredLength) throws Refused {
    Objects.requireNonNull(in, "in");
    int max = EndpointRequest.MAX_BODY_BYTES;
    if (declaredLength > DRAIN_LIMIT) {
      throw new Refused(413, "the request body is larger than " + max + " bytes", true);
    }
    byte[] body;
    boolean drained = true;
    try {
      body = in.readNBytes(max + 1);
      if (body.length > max) {
        drained = drain(in);
      }
    } catch (IOException | RuntimeException e) {
      // A container may report a body cut short with an unchecked exception of its own
      throw new Refused(
          400, "the request body ended before its Content-Length, or did not arrive in time", true);
    }
    if (body.length > max) {
      throw new Refused(413, "the request body is larger than " + max + " bytes", !drained);
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      throw new Refused(
          400, "the request body is not UTF-8 (RFC 6749 appendix B, RFC 8259 section 8.1)", false);
    }
  }

  /** Reads and discards the rest of a body, up to {@link #DRAIN_LIMIT}; whether it all came. */
  private static boolean drain(InputStream in) throws IOException {
    byte[] buffer = new byte[8192];
    long left = DRAIN_LIMIT;
    while (left > 0) {
      int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (read < 0) {
        return true;
      }
      left -= read;
    }
    return in.read() < 0;
  }

  /**
   * A body that cannot be read, too large, or not UTF-8: answered {@code invalid_request}.
   *
   * <p>When the body was left unread, the answer says {@code Connection: close}: the server cannot
   * reuse the connection, and without the header it closes it silently after the response, so a
   * keep-alive client would send its next request into a closed connection and lose it.
   */
  public static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final boolean unread;

    Refused(int status, String description, boolean unread) {
      super(description, null, false, false);
      this.status = status;
      this.unread = unread;
    }

    /**
     * The HTTP status of the answer: 413 for a body too large, 400 for one cut short or not UTF-8.
     *
     * @return 400 or 413
     */
    public int status() {
      return status;
    }

    /**
     * Whether part of the body is still unread, so the connection cannot carry another request.
     *
     * @return {@code true} when the answer closes the connection
     */
    public boolean unread() {
      return unread;
    }

    /**
     * The answer to send: an RFC 6749 {@code invalid_request} error saying what was wrong, with
     * {@code Connection: close} when the body was left unread.
     *
     * @return the response for the client
     */
    public EndpointResponse response() {
      EndpointResponse response = EndpointResponse.error(status, "invalid_request", getMessage());
      return unread ? response.withHeader("Connection", "close") : response;
    }
  }
}
