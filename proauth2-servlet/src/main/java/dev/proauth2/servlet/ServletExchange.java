package dev.proauth2.servlet;

import dev.proauth2.endpoint.EndpointRequest;
import dev.proauth2.endpoint.EndpointResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Copies a servlet request into an {@link EndpointRequest} and an {@link EndpointResponse} back
 * out, the one place where the servlet API meets the endpoint helpers. The body is read raw and
 * bounded: {@code getParameter} would merge the URL query into the form, and client credentials
 * must never come from a URL.
 */
final class ServletExchange {

  /**
   * How much of a body over the limit is read and thrown away, so that the client, still sending,
   * can read the 413 on a connection that stays open; a larger body is refused at once and the
   * connection closed.
   */
  static final long DRAIN_LIMIT = 1 << 20;

  private ServletExchange() {}

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
   * Reads the method, headers, raw query, remote address and at most {@code maxBody} bytes of body.
   *
   * @throws RefusedBody when the body is too large, cut short, or not UTF-8
   */
  static EndpointRequest read(HttpServletRequest req, int maxBody) throws RefusedBody {
    if (req.getContentLengthLong() > DRAIN_LIMIT) {
      throw new RefusedBody(413, "the request body is larger than " + maxBody + " bytes", true);
    }
    byte[] body;
    boolean drained = true;
    try (InputStream in = req.getInputStream()) {
      body = in.readNBytes(maxBody + 1);
      if (body.length > maxBody) {
        drained = drain(in);
      }
    } catch (IOException | RuntimeException e) {
      throw new RefusedBody(
          400, "the request body ended before its Content-Length, or did not arrive in time", true);
    }
    if (body.length > maxBody) {
      throw new RefusedBody(413, "the request body is larger than " + maxBody + " bytes", !drained);
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body))
              .toString();
    } catch (CharacterCodingException e) {
      throw new RefusedBody(
          400, "the request body is not UTF-8 (RFC 6749 appendix B, RFC 8259 section 8.1)", false);
    }
    return headers(req).query(req.getQueryString()).body(text).build();
  }

  /** A request with the method, headers and remote address only, for a resource server. */
  static EndpointRequest.Builder headers(HttpServletRequest req) {
    EndpointRequest.Builder request =
        EndpointRequest.builder(req.getMethod()).remoteAddress(req.getRemoteAddr());
    for (String name : Collections.list(req.getHeaderNames())) {
      for (String value : Collections.list(req.getHeaders(name))) {
        request.header(name, value);
      }
    }
    return request;
  }

  /** Copies status, headers and body into the servlet response, with an exact length. */
  static void send(HttpServletResponse resp, EndpointResponse response) throws IOException {
    resp.setStatus(response.status());
    response.headers().forEach(resp::setHeader);
    byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
    resp.setContentLength(body.length);
    if (body.length > 0) {
      OutputStream out = resp.getOutputStream();
      out.write(body);
      out.flush();
    }
  }

  /** A plain-text response that no cache keeps. */
  static EndpointResponse text(int status, String body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "text/plain;charset=UTF-8");
    headers.put("Cache-Control", "no-store");
    return new EndpointResponse(status, headers, body);
  }

  /**
   * A body that cannot be read, too large, or not UTF-8: answered {@code invalid_request}.
   *
   * <p>When the body was left unread, the answer says {@code Connection: close}: the container
   * cannot reuse the connection, and without the header it closes it silently after the response,
   * so a keep-alive client would send its next request into a closed connection.
   */
  static final class RefusedBody extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final boolean unread;

    RefusedBody(int status, String description, boolean unread) {
      super(description, null, false, false);
      this.status = status;
      this.unread = unread;
    }

    EndpointResponse response() {
      EndpointResponse response = EndpointResponse.error(status, "invalid_request", getMessage());
      return unread ? response.withHeader("Connection", "close") : response;
    }
  }
}
