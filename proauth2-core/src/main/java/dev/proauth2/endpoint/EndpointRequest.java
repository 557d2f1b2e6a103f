package dev.proauth2.endpoint;

import dev.proauth2.spi.Proauth2Exception;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP request as an endpoint needs it, whatever framework received it: the method, the headers,
 * the URL query and the body. The host copies these in; the endpoint decides what they mean.
 *
 * <p>Give the query and the body raw, as they came ({@link Builder#query(String)}, {@link
 * Builder#body(String)}), and the endpoint decodes them; or, when the framework has decoded them
 * already, give the parameters ({@link Builder#queryParameters}, {@link Builder#formParameters}).
 * Never merge the two: client credentials must come from the body or a header, never from the URL,
 * which ends up in logs.
 *
 * <pre>{@code
 * EndpointRequest request = EndpointRequest.builder(exchange.getRequestMethod())
 *     .headers(exchange.getRequestHeaders())
 *     .query(exchange.getRequestURI().getRawQuery())
 *     .body(RequestBody.read(exchange.getRequestBody(), declaredLength)) // capped, strict UTF-8
 *     .build();
 * }</pre>
 *
 * <p>Read the body with {@link RequestBody}, and send the {@link RequestBody.Refused#response()} of
 * a body it refuses: every adapter then caps and decodes bodies the same way.
 *
 * <p>{@link #toString()} shows the method, content type and parameter names only: never a value.
 */
public final class EndpointRequest {

  /** The form media type that token, revocation and introspection requests use. */
  public static final String FORM = "application/x-www-form-urlencoded";

  /**
   * The largest request body an adapter reads for these endpoints, 64 KiB: registration JSON and
   * token forms are far smaller, and the JSON reader takes no more. Past it, answer 413.
   */
  public static final int MAX_BODY_BYTES = 64 * 1024;

  private final String method;
  private final Map<String, List<String>> headers;
  private final String rawQuery;
  private final Map<String, List<String>> queryParameters;
  private final String body;
  private final Map<String, List<String>> formParameters;
  private final String remoteAddress;

  private EndpointRequest(Builder builder) {
    this.method = builder.method;
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(builder.headers));
    this.rawQuery = builder.rawQuery;
    this.queryParameters = builder.queryParameters;
    this.body = builder.body;
    this.formParameters = builder.formParameters;
    this.remoteAddress = builder.remoteAddress;
  }

  /**
   * Starts a request with this HTTP method, such as {@code POST}.
   *
   * @throws NullPointerException when the method is {@code null}
   */
  public static Builder builder(String method) {
    return new Builder(method);
  }

  /** The HTTP method in upper case, such as {@code POST}. */
  public String method() {
    return method;
  }

  /** The headers, with names in lower case. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** The first value of a header, matched without regard to case. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /**
   * The media type of the body, in lower case and without parameters such as {@code charset}.
   *
   * @return the media type, such as {@code application/json}, or empty when none was sent, or when
   *     {@code Content-Type} was sent more than once, which leaves the body's type undecided (RFC
   *     9110 section 5.3)
   */
  public Optional<String> contentType() {
    List<String> values = headers.get("content-type");
    if (values == null || values.size() != 1) {
      return Optional.empty();
    }
    return Optional.of(trimWhitespace(values.get(0).split(";", 2)[0]).toLowerCase(Locale.ROOT))
        .filter(type -> !type.isEmpty());
  }

  /**
   * Removes the spaces and tabs around a header value (RFC 9110 section 5.6.3), and nothing else: a
   * control character stays and makes the value wrong.
   */
  static String trimWhitespace(String value) {
    int start = 0;
    int end = value.length();
    while (start < end && (value.charAt(start) == ' ' || value.charAt(start) == '\t')) {
      start++;
    }
    while (end > start && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\t')) {
      end--;
    }
    return value.substring(start, end);
  }

  /**
   * Whether a header value has a character RFC 9110 section 5.5 forbids in one: a control character
   * other than a tab, such as CR, LF or NUL.
   */
  static boolean hasControlCharacter(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 && c != '\t' || c == 0x7F) {
        return true;
      }
    }
    return false;
  }

  /**
   * The URL query's parameters, in the order sent.
   *
   * @throws Proauth2Exception {@code invalid_request} when the query is badly encoded or too large
   */
  public Map<String, List<String>> queryParameters() {
    return queryParameters != null ? queryParameters : FormUrlEncoded.decode(rawQuery, "query");
  }

  /**
   * The form parameters of the body: as the host gave them, or decoded from the body when its
   * content type is {@value #FORM}; otherwise none.
   *
   * @throws Proauth2Exception {@code invalid_request} when the body is badly encoded or too large
   */
  public Map<String, List<String>> formParameters() {
    if (formParameters != null) {
      return formParameters;
    }
    if (contentType().filter(FORM::equals).isEmpty()) {
      return Map.of();
    }
    return FormUrlEncoded.decode(body, "form body");
  }

  /**
   * Where the request came from, as the host sees it, such as {@code 203.0.113.7}; empty when the
   * host did not say. Failed client authentications are counted per client and address.
   */
  public Optional<String> remoteAddress() {
    return Optional.ofNullable(remoteAddress);
  }

  /** The raw body, such as the JSON of a registration request; empty when there is none. */
  public String body() {
    return body;
  }

  /** Shows the method, content type and parameter names; never a value, which may be a secret. */
  @Override
  public String toString() {
    String query = queryParameters != null ? queryParameters.keySet().toString() : "(raw)";
    String form = formParameters != null ? formParameters.keySet().toString() : "(raw)";
    return "EndpointRequest[method="
        + method
        + ", contentType="
        + contentType().orElse("none")
        + ", query="
        + query
        + ", form="
        + form
        + ", body="
        + body.length()
        + " chars]";
  }

  /** Builds an {@link EndpointRequest}. */
  public static final class Builder {
    private final String method;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private String rawQuery;
    private Map<String, List<String>> queryParameters;
    private String body = "";
    private Map<String, List<String>> formParameters;
    private String remoteAddress;

    private Builder(String method) {
      this.method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
    }

    /** Adds one value of a header; a header sent several times is added several times. */
    public Builder header(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>(1)).add(value);
      return this;
    }

    /** Adds every header of a map such as a framework's header multimap. */
    public Builder headers(Map<String, ? extends List<String>> headers) {
      Objects.requireNonNull(headers, "headers")
          .forEach((name, values) -> values.forEach(value -> header(name, value)));
      return this;
    }

    /** Sets the raw, still encoded URL query (the part after {@code ?}), or {@code null}. */
    public Builder query(String rawQuery) {
      this.rawQuery = rawQuery;
      this.queryParameters = null;
      return this;
    }

    /** Sets the URL query's parameters, already decoded by the framework. */
    public Builder queryParameters(Map<String, ? extends List<String>> parameters) {
      this.queryParameters = FormUrlEncoded.freeze(Objects.requireNonNull(parameters));
      this.rawQuery = null;
      return this;
    }

    /** Sets the raw body, decoded to text; {@code null} means none. */
    public Builder body(String body) {
      this.body = body == null ? "" : body;
      return this;
    }

    /**
     * Sets the body's form parameters, already decoded by the framework; only from the body, never
     * merged with the URL query. The endpoints still check the {@code Content-Type} header, so give
     * the headers too.
     */
    public Builder formParameters(Map<String, ? extends List<String>> parameters) {
      this.formParameters = FormUrlEncoded.freeze(Objects.requireNonNull(parameters));
      return this;
    }

    /**
     * Sets the address the request came from: the peer's IP address, or, behind a proxy the host
     * trusts, the client address the proxy reports. The engine counts failed client authentications
     * per client and address, so a stranger who fails as a client locks out only itself; without an
     * address they are counted per client.
     */
    public Builder remoteAddress(String remoteAddress) {
      this.remoteAddress = remoteAddress;
      return this;
    }

    /** Builds the request. Nothing is decoded yet: the endpoint does that and reports errors. */
    public EndpointRequest build() {
      return new EndpointRequest(this);
    }
  }
}
