package dev.proauth2.testkit;

import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser for HTTP tests of an adapter, the contract's and the adapter's own: plain {@link
 * HttpClient} calls to a server on loopback, with a cookie jar of their own, that never follow
 * redirects, so every status and header can be checked. Headers are given as name, value pairs.
 */
public final class Browser {

  private static final Pattern HIDDEN =
      Pattern.compile("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">");

  /** The server's base URL, {@code http://127.0.0.1:PORT}. */
  final String base;

  private final HttpClient client =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .cookieHandler(new CookieManager()) // like a browser, for the session or consent cookie
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /**
   * A browser with no cookies yet.
   *
   * @param base the server's base URL, such as {@code http://127.0.0.1:8080}, without a trailing
   *     slash
   */
  public Browser(String base) {
    this.base = Objects.requireNonNull(base, "base");
  }

  /** The server's base URL this browser sends to. */
  public String base() {
    return base;
  }

  /** Sends a GET of the path (with its query) and the headers. */
  public HttpResponse<String> get(String path, String... headers) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), headers);
  }

  /** Sends a POST of the body, with the content type unless it is {@code null}. */
  public HttpResponse<String> post(
      String path, String contentType, String body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return send(request, headers);
  }

  /** Sends a POST of an {@code application/x-www-form-urlencoded} body. */
  public HttpResponse<String> form(String path, String body, String... headers) {
    return post(path, "application/x-www-form-urlencoded", body, headers);
  }

  /** Sends a request of any method without a body. */
  public HttpResponse<String> method(String method, String path) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .method(method, HttpRequest.BodyPublishers.noBody()),
        new String[0]);
  }

  private HttpResponse<String> send(HttpRequest.Builder request, String[] headers) {
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    try {
      return client.send(
          request.timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sends bytes no HTTP client library would, each char of the request one byte (ISO-8859-1), on a
   * connection of their own, and returns all the server answered before it closed the connection.
   */
  public String raw(String request) {
    URI uri = URI.create(base);
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Registers a client over HTTP and returns the registration response's JSON. */
  public Map<String, Object> register(String json) {
    HttpResponse<String> response = post("/register", "application/json", json);
    if (response.statusCode() != 201) {
      throw new AssertionError("registration failed: " + response.body());
    }
    return json(response);
  }

  /** The response's body as a JSON object; fails the test when it is not one. */
  public static Map<String, Object> json(HttpResponse<String> response) {
    try {
      return JSONObjectUtils.parse(response.body());
    } catch (com.nimbusds.oauth2.sdk.ParseException e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }

  /** An {@code Authorization: Basic} value for the client (RFC 6749 section 2.3.1). */
  public static String basic(String clientId, String secret) {
    String pair = encode(clientId) + ":" + encode(secret);
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  /** The value form-urlencoded as UTF-8. */
  public static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** The hidden fields of the consent page's form, unescaped. */
  public static Map<String, String> hiddenFields(String html) {
    Map<String, String> fields = new LinkedHashMap<>();
    Matcher matcher = HIDDEN.matcher(html);
    while (matcher.find()) {
      fields.put(unescape(matcher.group(1)), unescape(matcher.group(2)));
    }
    return fields;
  }

  /** The fields as an {@code application/x-www-form-urlencoded} body. */
  public static String formBody(Map<String, String> fields) {
    StringBuilder body = new StringBuilder();
    fields.forEach(
        (name, value) ->
            body.append(body.length() == 0 ? "" : "&")
                .append(encode(name))
                .append('=')
                .append(encode(value)));
    return body.toString();
  }

  /** The decoded query parameters of a redirect's Location. */
  public static Map<String, String> locationParameters(HttpResponse<String> response) {
    String location = response.headers().firstValue("Location").orElseThrow();
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String pair : URI.create(location).getRawQuery().split("&")) {
      String[] parts = pair.split("=", 2);
      parameters.put(
          URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
          URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
    }
    return parameters;
  }

  private static String unescape(String html) {
    return html.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
  }
}
