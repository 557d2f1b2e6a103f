package dev.proauth2.servlet;

import dev.proauth2.endpoint.EndpointRequest;
import dev.proauth2.endpoint.EndpointResponse;
import dev.proauth2.endpoint.RequestBody;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
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

  private ServletExchange() {}

  /**
   * Reads the method, headers, raw query, remote address and the body, as {@link RequestBody} reads
   * every adapter's.
   *
   * @throws IOException when the container cannot give the body's stream
   * @throws RequestBody.Refused when the body is too large, cut short, or not UTF-8
   */
  static EndpointRequest read(HttpServletRequest req) throws IOException, RequestBody.Refused {
    String body = RequestBody.read(req.getInputStream(), req.getContentLengthLong());
    return headers(req).query(req.getQueryString()).body(body).build();
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
}
