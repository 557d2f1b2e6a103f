package dev.proauth2.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.proauth2.AuthorizationCode;
import dev.proauth2.TokenResponse;
import dev.proauth2.endpoint.AuthorizationEndpoint;
import dev.proauth2.endpoint.AuthorizationServerMetadata;
import dev.proauth2.endpoint.BearerToken;
import dev.proauth2.endpoint.EndpointRequest;
import dev.proauth2.endpoint.EndpointResponse;
import dev.proauth2.endpoint.IntrospectionEndpoint;
import dev.proauth2.endpoint.RegistrationEndpoint;
import dev.proauth2.endpoint.RegistrationPolicy;
import dev.proauth2.endpoint.RevocationEndpoint;
import dev.proauth2.endpoint.TokenEndpoint;
import dev.proauth2.spi.Proauth2Exception;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Hostile requests at every endpoint helper. Each case is a request that would succeed but for one
 * hostile value (null, empty, whitespace, megabytes, control characters, malformed %-escapes, bytes
 * that are not UTF-8, a parameter sent twice) or a wrong method, content type or body. It goes to
 * an engine that holds live tokens, a pending code and three clients, and the answer must be the
 * specific RFC error with its HTTP status, an {@code error_description} within RFC 6749 section
 * 5.2's characters, no secret and no header a value could split, and the memory store's dump
 * exactly as before.
 */
@DisplayName("hostile input at the endpoint helpers")
class HostileEndpointInputTest {

  private static final String FORM = EndpointRequest.FORM;
  private static final String JSON = "application/json";
  private static final int MEGABYTES = 2 * 1024 * 1024;
  private static final String HUGE = "A".repeat(MEGABYTES);
  private static final String LONG = "A".repeat(60_000);

  /** RFC 6749 section 5.2: error_description = 1*( %x20-21 / %x23-5B / %x5D-7E ). */
  private static final Pattern DESCRIPTION =
      Pattern.compile("[\\x20-\\x21\\x23-\\x5B\\x5D-\\x7E]+");

  private static final Pattern PAGE_ERROR = Pattern.compile("<code>([a-z_]+)</code>");

  // ---------------------------------------------------------------------------------------------
  // The world each case runs in

  /**
   * An engine with live tokens and a pending code, and every endpoint helper on it. Refused
   * requests leave it exactly as it was (each case checks that), so consecutive cases share one;
   * the failure limit is raised so that refused client authentications do not lock the clients out.
   */
  private static final class World implements AutoCloseable {
    final Harness h = Harness.observed(b -> b.clientFailureLimit(1_000_000, Duration.ofMinutes(1)));
    final TokenResponse tokens = h.tokens();
    final String verifier = h.newVerifier();
    final AuthorizationCode code = h.authorize(h.app, verifier);
    final String spaVerifier = h.newVerifier();
    final TokenResponse spaTokens = h.exchange(h.spa, h.authorize(h.spa, spaVerifier), spaVerifier);
    final TokenEndpoint token = new TokenEndpoint(h.oauth);
    final RevocationEndpoint revocation = new RevocationEndpoint(h.oauth);
    final IntrospectionEndpoint introspection = new IntrospectionEndpoint(h.oauth);
    final RegistrationEndpoint registration =
        new RegistrationEndpoint(h.oauth, RegistrationPolicy.builder().scopes("read").build());
    final AuthorizationEndpoint authorization = new AuthorizationEndpoint(h.oauth);
    final AuthorizationServerMetadata metadata =
        AuthorizationServerMetadata.builder(h.oauth).build();

    /** A resource server's use of {@link BearerToken}, as the demo's {@code /me} does it. */
    EndpointResponse resource(EndpointRequest request) {
      try {
        Optional<BearerToken> bearer = BearerToken.from(request);
        if (bearer.isEmpty()) {
          return BearerToken.missing(Harness.ISSUER);
        }
        return EndpointResponse.json(
            200, Map.of("sub", h.oauth.authenticateToken(bearer.get().value()).userId()));
      } catch (Proauth2Exception e) {
        return BearerToken.refused(Harness.ISSUER, e);
      }
    }

    Map<String, String> none() {
      return Map.of();
    }

    Map<String, String> basic() {
      String pair = encode(h.app.clientId()) + ":" + encode(h.app.clientSecret());
      return params(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }

    Map<String, String> bearer() {
      return params("Authorization", "Bearer " + tokens.accessToken());
    }

    Map<String, String> refreshRequest() {
      return params(
          "grant_type", "refresh_token", "refresh_token", tokens.refreshToken(), "scope", "read");
    }

    Map<String, String> codeRequest() {
      return params(
          "grant_type",
          "authorization_code",
          "code",
          code.code(),
          "redirect_uri",
          Harness.REDIRECT,
          "code_verifier",
          verifier);
    }

    Map<String, String> publicRefreshRequest() {
      return params(
          "grant_type", "refresh_token",
          "refresh_token", spaTokens.refreshToken(),
          "client_id", h.spa.clientId());
    }

    Map<String, String> revocationRequest() {
      return params("token", tokens.accessToken(), "token_type_hint", "access_token");
    }

    Map<String, String> introspectionRequest() {
      return params("token", tokens.accessToken());
    }

    /** JSON members; a name ending in {@code []} is an array of that one string. */
    Map<String, String> registrationRequest() {
      return params(
          "client_name", "Hostile",
          "redirect_uris[]", Harness.REDIRECT,
          "scope", "read",
          "grant_types[]", "authorization_code",
          "token_endpoint_auth_method", "client_secret_basic");
    }

    Map<String, String> authorizationRequest() {
      return params(
          "response_type",
          "code",
          "client_id",
          h.app.clientId(),
          "redirect_uri",
          Harness.REDIRECT,
          "scope",
          "read",
          "state",
          Harness.STATE,
          "code_challenge",
          Harness.challengeOf(verifier),
          "code_challenge_method",
          "S256");
    }

    @Override
    public void close() {
      h.close();
    }
  }

  private static Map<String, String> params(String... namesAndValues) {
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      params.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return params;
  }

  // ---------------------------------------------------------------------------------------------
  // What an answer must be

  private enum Shape {
    /** An RFC 6749 section 5.2 JSON error. */
    JSON_ERROR,
    /** The authorization endpoint's page for an error that must not redirect. */
    PAGE,
    /** A 302 to the confirmed redirect URI with the error. */
    REDIRECT,
    /** RFC 6750 section 3.1: 401 with a Bearer challenge and no error code. */
    CHALLENGE,
    /** A 200 that says nothing: RFC 7009 section 2.2 revocation, RFC 7662 inactive token. */
    QUIET,
    /** Not hostile after all, such as an optional parameter sent empty (RFC 6749 section 3.1). */
    ACCEPTED
  }

  private record Answer(Shape shape, int status, String error) {
    static Answer json(int status, String error) {
      return new Answer(Shape.JSON_ERROR, status, error);
    }

    static Answer page(int status, String error) {
      return new Answer(Shape.PAGE, status, error);
    }

    static Answer redirect(String error) {
      return new Answer(Shape.REDIRECT, 302, error);
    }

    @Override
    public String toString() {
      return shape == Shape.ACCEPTED || shape == Shape.QUIET || shape == Shape.CHALLENGE
          ? shape.name().toLowerCase()
          : status + " " + error;
    }
  }

  private static final Answer INVALID_REQUEST = Answer.json(400, Proauth2Exception.INVALID_REQUEST);
  private static final Answer INVALID_CLIENT = Answer.json(401, Proauth2Exception.INVALID_CLIENT);
  private static final Answer INVALID_GRANT = Answer.json(400, Proauth2Exception.INVALID_GRANT);
  private static final Answer INVALID_SCOPE = Answer.json(400, Proauth2Exception.INVALID_SCOPE);
  private static final Answer INVALID_CLIENT_METADATA =
      Answer.json(400, Proauth2Exception.INVALID_CLIENT_METADATA);
  private static final Answer INVALID_REDIRECT_URI =
      Answer.json(400, Proauth2Exception.INVALID_REDIRECT_URI);
  private static final Answer ACCEPTED = new Answer(Shape.ACCEPTED, 0, null);
  private static final Answer QUIET = new Answer(Shape.QUIET, 200, null);
  private static final Answer CHALLENGE = new Answer(Shape.CHALLENGE, 401, null);
  private static final Answer PAGE_INVALID_REQUEST =
      Answer.page(400, Proauth2Exception.INVALID_REQUEST);

  // ---------------------------------------------------------------------------------------------
  // Hostile values

  private enum Category {
    NULL_EMPTY_WHITESPACE("null/empty/whitespace"),
    MEGABYTES("megabytes"),
    CONTROL("control characters"),
    QUOTES("quote and backslash"),
    PERCENT("percent-encoding"),
    NON_UTF8("non-UTF-8"),
    DUPLICATES("duplicates"),
    CONTENT_TYPE("content types"),
    METHOD("methods"),
    LOOKALIKE("well-formed but unknown");

    final String label;

    Category(String label) {
      this.label = label;
    }
  }

  /** Where a slot's value travels: a form body, a URL query, a JSON body or a header. */
  private enum Delivery {
    FORM,
    QUERY,
    JSON,
    HEADER
  }

  /** What a hostile value amounts to once it reaches the slot. */
  private enum Effect {
    MISSING,
    BAD,
    MALFORMED,
    DUPLICATE,
    NOT_APPLICABLE
  }

  /**
   * One hostile value, given the good value {@code v} of the slot it replaces. {@code decoded} is
   * the value as it arrives after decoding; {@code raw}, when set, is sent as it is in a form or
   * query, after the encoded good value.
   */
  private enum Kind {
    NULL(Category.NULL_EMPTY_WHITESPACE, "left out (null)", null, null),
    EMPTY(Category.NULL_EMPTY_WHITESPACE, "empty", v -> "", null),
    WHITESPACE(Category.NULL_EMPTY_WHITESPACE, "spaces only", v -> "   ", null),
    PADDED(Category.NULL_EMPTY_WHITESPACE, "padded with spaces", v -> " " + v + " ", null),
    HUGE_RAW(
        Category.MEGABYTES,
        "2 MB, raw in the request",
        v -> v + HostileEndpointInputTest.HUGE,
        null),
    HUGE_DECODED(
        Category.MEGABYTES,
        "2 MB, decoded by the framework",
        v -> v + HostileEndpointInputTest.HUGE,
        null),
    LONG(Category.MEGABYTES, "60 000 characters", v -> v + HostileEndpointInputTest.LONG, null),
    CR(Category.CONTROL, "CR", v -> v + "\r", null),
    LF(Category.CONTROL, "LF", v -> v + "\n", null),
    CRLF_INJECTION(
        Category.CONTROL, "CR LF and a header", v -> v + "\r\nSet-Cookie: session=evil", null),
    NUL(Category.CONTROL, "NUL", v -> v + "\u0000", null),
    TAB(Category.CONTROL, "TAB", v -> v + "\t", null),
    DEL_NEL(Category.CONTROL, "DEL and NEL", v -> v + "\u007f\u0085", null),
    QUOTES(Category.QUOTES, "quote and backslash", v -> v + "\"\\", null),
    RAW_CRLF(Category.CONTROL, "CR LF unencoded", v -> v + "\r\n", "\r\n"),
    RAW_NUL(Category.CONTROL, "NUL unencoded", v -> v + "\u0000", "\u0000"),
    PERCENT_ALONE(Category.PERCENT, "a lone %", null, "%"),
    PERCENT_BAD_HEX(Category.PERCENT, "%G1", null, "%G1"),
    PERCENT_TRUNCATED(Category.PERCENT, "%1 at the end", null, "%1"),
    UTF8_INVALID(Category.NON_UTF8, "%C3%28", v -> v + "\uFFFD(", "%C3%28"),
    UTF8_FF(Category.NON_UTF8, "%FF", v -> v + "\uFFFD", "%FF"),
    UTF8_OVERLONG(Category.NON_UTF8, "overlong %C0%AF", v -> v + "\uFFFD\uFFFD", "%C0%AF"),
    UTF8_SURROGATE(
        Category.NON_UTF8, "encoded surrogate %ED%A0%80", v -> v + "\uFFFD", "%ED%A0%80"),
    RAW_REPLACED(
        Category.NON_UTF8, "0xC3 0x28 raw, decoded leniently", v -> v + "\uFFFD(", "\uFFFD("),
    RAW_LONE_SURROGATE(Category.NON_UTF8, "a lone surrogate", v -> v + "\uD800", "\uD800"),
    DUPLICATE_SAME(Category.DUPLICATES, "sent twice, same value", v -> v, null),
    DUPLICATE_OTHER(Category.DUPLICATES, "sent twice, other value", v -> v, null);

    final Category category;
    final String label;
    final Function<String, String> decoded;
    final String raw;

    Kind(Category category, String label, Function<String, String> decoded, String raw) {
      this.category = category;
      this.label = label;
      this.decoded = decoded;
      this.raw = raw;
    }

    Effect effect(Delivery delivery) {
      switch (this) {
        case NULL:
          return Effect.MISSING;
        case EMPTY:
          return delivery == Delivery.JSON ? Effect.BAD : Effect.MISSING;
        case WHITESPACE:
          return delivery == Delivery.HEADER ? Effect.MISSING : Effect.BAD;
        case HUGE_RAW:
          return delivery == Delivery.HEADER ? Effect.BAD : Effect.MALFORMED;
        case HUGE_DECODED:
          return delivery == Delivery.FORM || delivery == Delivery.QUERY
              ? Effect.BAD
              : Effect.NOT_APPLICABLE;
        case PERCENT_ALONE:
        case PERCENT_BAD_HEX:
        case PERCENT_TRUNCATED:
          return delivery == Delivery.HEADER ? Effect.BAD : Effect.MALFORMED;
        case RAW_CRLF:
        case RAW_NUL:
          return delivery == Delivery.JSON ? Effect.MALFORMED : Effect.BAD;
        case DUPLICATE_SAME:
        case DUPLICATE_OTHER:
          return Effect.DUPLICATE;
        default:
          return Effect.BAD;
      }
    }

    /** The form or query pieces ({@code name=value}, encoded) for this parameter. */
    List<String> formPieces(String name, String v) {
      String n = encode(name);
      switch (this) {
        case NULL:
          return List.of();
        case DUPLICATE_SAME:
          return List.of(n + "=" + encode(v), n + "=" + encode(v));
        case DUPLICATE_OTHER:
          return List.of(n + "=" + encode(v), n + "=" + encode(v + "x"));
        default:
          return List.of(n + "=" + (raw != null ? encode(v) + raw : encode(decoded.apply(v))));
      }
    }

    /** The values of a header whose good value is {@code v}. */
    List<String> headerValues(String v) {
      switch (this) {
        case NULL:
          return List.of();
        case DUPLICATE_SAME:
          return List.of(v, v);
        case DUPLICATE_OTHER:
          return List.of(v, v + "x");
        default:
          return List.of(decoded != null ? decoded.apply(v) : v + raw);
      }
    }

    /** The JSON members for a member whose good value is {@code v}. */
    List<String> jsonMembers(String name, String v, boolean inArray) {
      String value;
      switch (this) {
        case NULL:
          return List.of();
        case DUPLICATE_SAME:
        case DUPLICATE_OTHER:
          String first = member(name, quote(v), inArray);
          return List.of(first, member(name, quote(this == DUPLICATE_SAME ? v : v + "x"), inArray));
        case PERCENT_ALONE:
          value = "\"" + escapeJson(v) + "\\\""; // an escape that swallows the closing quote
          break;
        case PERCENT_BAD_HEX:
          value = "\"" + escapeJson(v) + "\\x\"";
          break;
        case PERCENT_TRUNCATED:
          value = "\"" + escapeJson(v) + "\\u12\"";
          break;
        case UTF8_INVALID:
        case UTF8_FF:
        case UTF8_SURROGATE:
          value = "\"" + escapeJson(v) + "\\ud800\"";
          break;
        case UTF8_OVERLONG:
          value = "\"" + escapeJson(v) + "\\udc00\\ud800\"";
          break;
        case RAW_CRLF:
        case RAW_NUL:
          value = "\"" + escapeJson(v) + raw + "\"";
          break;
        default:
          value = quote(decoded.apply(v));
      }
      return List.of(member(name, value, inArray));
    }

    private static String member(String name, String value, boolean inArray) {
      return quote(name) + ":" + (inArray ? "[" + value + "]" : value);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Slots: where a hostile value goes, and the valid request around it

  /** An endpoint helper under test, and how a case's request reaches it. */
  private record Endpoint(String name, BiFunction<World, EndpointRequest, EndpointResponse> call) {}

  private static final Endpoint TOKEN = new Endpoint("token endpoint", (w, r) -> w.token.handle(r));
  private static final Endpoint REVOCATION =
      new Endpoint("revocation endpoint", (w, r) -> w.revocation.handle(r));
  private static final Endpoint INTROSPECTION =
      new Endpoint("introspection endpoint", (w, r) -> w.introspection.handle(r));
  private static final Endpoint REGISTRATION =
      new Endpoint("registration endpoint", (w, r) -> w.registration.handle(r));
  private static final Endpoint AUTHORIZATION =
      new Endpoint("authorization endpoint", (w, r) -> w.authorization.approve(r, Harness.USER));
  private static final Endpoint RESOURCE = new Endpoint("bearer token", World::resource);
  private static final Endpoint METADATA =
      new Endpoint("metadata endpoint", (w, r) -> w.metadata.handle(r));

  /**
   * One parameter, member or header of one endpoint, with the answers a hostile value there gets.
   * {@code parameters} gives every value of a request that succeeds, this slot's included; {@code
   * headers} the headers it sends.
   */
  private static final class Slot {
    final Endpoint endpoint;
    final Delivery delivery;
    final String name;
    final Function<World, Map<String, String>> parameters;
    final Function<World, Map<String, String>> headers;
    final Map<Kind, Answer> except = new EnumMap<>(Kind.class);
    Answer bad;
    Answer missing;
    Answer malformed = INVALID_REQUEST;
    Answer duplicate = INVALID_REQUEST;

    Slot(
        Endpoint endpoint,
        Delivery delivery,
        String name,
        Function<World, Map<String, String>> parameters,
        Function<World, Map<String, String>> headers) {
      this.endpoint = endpoint;
      this.delivery = delivery;
      this.name = name;
      this.parameters = parameters;
      this.headers = headers;
    }

    /** The answer to a value that arrives but is wrong. */
    Slot bad(Answer answer) {
      bad = answer;
      return this;
    }

    /** The answer when the value is left out or empty, which RFC 6749 section 3.1 treats alike. */
    Slot missing(Answer answer) {
      missing = answer;
      return this;
    }

    /** The answer when the request cannot be decoded at all; {@code invalid_request} unless set. */
    Slot malformed(Answer answer) {
      malformed = answer;
      return this;
    }

    /** The answer when the parameter is sent twice; {@code invalid_request} unless set. */
    Slot duplicate(Answer answer) {
      duplicate = answer;
      return this;
    }

    /** Another answer for one kind of value; {@code null} leaves that kind out. */
    Slot except(Kind kind, Answer answer) {
      except.put(kind, answer);
      return this;
    }

    Optional<Answer> expected(Kind kind) {
      if (except.containsKey(kind)) {
        return Optional.ofNullable(except.get(kind));
      }
      switch (kind.effect(delivery)) {
        case MISSING:
          return Optional.of(missing);
        case MALFORMED:
          return Optional.of(malformed);
        case DUPLICATE:
          return Optional.of(duplicate);
        case NOT_APPLICABLE:
          return Optional.empty();
        default:
          return Optional.of(bad);
      }
    }

    /** The request with this slot's value replaced by the hostile one. */
    EndpointRequest request(World w, Kind kind) {
      Map<String, String> params = parameters.apply(w);
      Map<String, String> head = headers.apply(w);
      EndpointRequest.Builder builder =
          EndpointRequest.builder(delivery == Delivery.QUERY ? "GET" : "POST");
      head.forEach(
          (header, value) -> {
            if (!(delivery == Delivery.HEADER && header.equals(name))) {
              builder.header(header, value);
            }
          });
      if (delivery == Delivery.HEADER) {
        kind.headerValues(head.get(name)).forEach(value -> builder.header(name, value));
      }
      switch (delivery) {
        case JSON:
          builder.header("Content-Type", JSON);
          List<String> members = new ArrayList<>();
          params.forEach(
              (member, value) -> {
                boolean inArray = member.endsWith("[]");
                String bare = inArray ? member.substring(0, member.length() - 2) : member;
                if (member.equals(name)) {
                  members.addAll(kind.jsonMembers(bare, value, inArray));
                } else {
                  members.add(Kind.member(bare, quote(value), inArray));
                }
              });
          return builder.body("{" + String.join(",", members) + "}").build();
        case QUERY:
          if (kind == Kind.HUGE_DECODED) {
            return builder.queryParameters(decodedWith(params, kind)).build();
          }
          return builder.query(encoded(params, kind)).build();
        default:
          builder.header("Content-Type", FORM);
          if (kind == Kind.HUGE_DECODED) {
            return builder.formParameters(decodedWith(params, kind)).build();
          }
          return builder.body(encoded(params, delivery == Delivery.FORM ? kind : null)).build();
      }
    }

    private String encoded(Map<String, String> params, Kind kind) {
      List<String> pieces = new ArrayList<>();
      params.forEach(
          (param, value) ->
              pieces.addAll(
                  kind != null && param.equals(name)
                      ? kind.formPieces(param, value)
                      : List.of(encode(param) + "=" + encode(value))));
      return String.join("&", pieces);
    }

    private Map<String, List<String>> decodedWith(Map<String, String> params, Kind kind) {
      Map<String, List<String>> decoded = new LinkedHashMap<>();
      params.forEach(
          (param, value) ->
              decoded.put(param, List.of(param.equals(name) ? kind.decoded.apply(value) : value)));
      return decoded;
    }
  }

  private static Slot form(
      Endpoint endpoint,
      String name,
      Function<World, Map<String, String>> parameters,
      Function<World, Map<String, String>> headers) {
    return new Slot(endpoint, Delivery.FORM, name, parameters, headers);
  }

  private static Slot query(Endpoint endpoint, String name) {
    return new Slot(endpoint, Delivery.QUERY, name, World::authorizationRequest, World::none)
        .malformed(PAGE_INVALID_REQUEST); // nothing is known of the client yet: never a redirect
  }

  private static Slot json(String name) {
    return new Slot(REGISTRATION, Delivery.JSON, name, World::registrationRequest, World::none);
  }

  /** The Basic {@code Authorization} header of a confidential client's form request. */
  private static Slot basicHeader(
      Endpoint endpoint, Function<World, Map<String, String>> parameters) {
    return new Slot(endpoint, Delivery.HEADER, "Authorization", parameters, World::basic)
        .bad(INVALID_CLIENT)
        .missing(INVALID_CLIENT)
        // HTTP strips the spaces and tabs around a header value (RFC 9110 section 5.5)
        .except(Kind.PADDED, ACCEPTED)
        .except(Kind.TAB, ACCEPTED);
  }

  private static List<Slot> slots() {
    Answer redirectInvalidRequest = Answer.redirect(Proauth2Exception.INVALID_REQUEST);
    return List.of(
        // --- token endpoint (RFC 6749 section 3.2, 5.2)
        form(TOKEN, "grant_type", World::refreshRequest, World::basic)
            .bad(Answer.json(400, Proauth2Exception.UNSUPPORTED_GRANT_TYPE))
            .missing(INVALID_REQUEST),
        form(TOKEN, "refresh_token", World::refreshRequest, World::basic)
            .bad(INVALID_GRANT)
            .missing(INVALID_REQUEST),
        form(TOKEN, "scope", World::refreshRequest, World::basic)
            .bad(INVALID_SCOPE)
            .missing(ACCEPTED),
        form(TOKEN, "code", World::codeRequest, World::basic)
            .bad(INVALID_GRANT)
            .missing(INVALID_REQUEST),
        form(TOKEN, "code_verifier", World::codeRequest, World::basic)
            .bad(INVALID_REQUEST)
            // left out, PKCE fails only after the code was taken: reported, not covered here
            .except(Kind.NULL, null)
            .except(Kind.EMPTY, null),
        form(TOKEN, "redirect_uri", World::codeRequest, World::basic)
            .bad(INVALID_REQUEST)
            .missing(ACCEPTED)
            // visible ASCII that differs is invalid_grant, but only after the code was taken
            .except(Kind.QUOTES, null),
        form(TOKEN, "client_id", World::publicRefreshRequest, World::none)
            .bad(INVALID_CLIENT)
            .missing(INVALID_CLIENT),
        basicHeader(TOKEN, World::refreshRequest),
        // --- revocation endpoint (RFC 7009)
        form(REVOCATION, "token", World::revocationRequest, World::basic)
            .bad(QUIET) // section 2.2: an invalid token is answered 200, and nothing is revoked
            .missing(INVALID_REQUEST)
            .except(Kind.HUGE_DECODED, INVALID_REQUEST)
            .except(Kind.LONG, INVALID_REQUEST),
        form(REVOCATION, "token_type_hint", World::revocationRequest, World::basic)
            .bad(INVALID_REQUEST)
            .missing(ACCEPTED)
            // an unknown hint of visible ASCII is ignored (RFC 7009 section 2.1)
            .except(Kind.QUOTES, ACCEPTED),
        basicHeader(REVOCATION, World::revocationRequest),
        // --- introspection endpoint (RFC 7662)
        form(INTROSPECTION, "token", World::introspectionRequest, World::basic)
            .bad(QUIET) // section 2.2: anything but a live token is {"active":false}
            .missing(INVALID_REQUEST),
        basicHeader(INTROSPECTION, World::introspectionRequest),
        // --- registration endpoint (RFC 7591 section 3.2.2)
        json("client_name")
            .bad(INVALID_CLIENT_METADATA)
            .missing(ACCEPTED)
            // a name may have spaces around it, quotes in it, and U+FFFD is a character too
            .except(Kind.PADDED, ACCEPTED)
            .except(Kind.QUOTES, ACCEPTED)
            .except(Kind.RAW_REPLACED, ACCEPTED),
        json("redirect_uris[]").bad(INVALID_REDIRECT_URI).missing(INVALID_REDIRECT_URI),
        json("scope").bad(INVALID_CLIENT_METADATA).missing(ACCEPTED),
        json("grant_types[]").bad(INVALID_CLIENT_METADATA).missing(ACCEPTED),
        json("token_endpoint_auth_method").bad(INVALID_CLIENT_METADATA).missing(ACCEPTED),
        // --- authorization endpoint (RFC 6749 section 4.1.2.1): a page until the client and its
        // redirect URI are confirmed, a redirect to the client after
        query(AUTHORIZATION, "client_id")
            .bad(PAGE_INVALID_REQUEST)
            .missing(PAGE_INVALID_REQUEST)
            .duplicate(PAGE_INVALID_REQUEST),
        query(AUTHORIZATION, "redirect_uri")
            .bad(PAGE_INVALID_REQUEST)
            .missing(PAGE_INVALID_REQUEST) // the client registered several
            .duplicate(PAGE_INVALID_REQUEST),
        query(AUTHORIZATION, "response_type")
            .bad(Answer.redirect(Proauth2Exception.UNSUPPORTED_RESPONSE_TYPE))
            .missing(redirectInvalidRequest)
            .duplicate(redirectInvalidRequest),
        query(AUTHORIZATION, "scope")
            .bad(Answer.redirect(Proauth2Exception.INVALID_SCOPE))
            .missing(ACCEPTED)
            .duplicate(redirectInvalidRequest),
        query(AUTHORIZATION, "state")
            .bad(redirectInvalidRequest)
            .missing(ACCEPTED)
            .duplicate(redirectInvalidRequest)
            // state is any VSCHAR, %x20-7E (RFC 6749 appendix A.5), spaces and quotes included
            .except(Kind.WHITESPACE, ACCEPTED)
            .except(Kind.PADDED, ACCEPTED)
            .except(Kind.QUOTES, ACCEPTED),
        query(AUTHORIZATION, "code_challenge")
            .bad(redirectInvalidRequest)
            .missing(redirectInvalidRequest) // a method without a challenge
            .duplicate(redirectInvalidRequest),
        query(AUTHORIZATION, "code_challenge_method")
            .bad(redirectInvalidRequest)
            .missing(redirectInvalidRequest) // plain by default, which is refused
            .duplicate(redirectInvalidRequest),
        // --- a resource server's bearer token (RFC 6750 section 2.1, 3.1)
        new Slot(RESOURCE, Delivery.HEADER, "Authorization", World::none, World::bearer)
            .bad(INVALID_REQUEST)
            .missing(CHALLENGE)
            .except(Kind.PADDED, ACCEPTED)
            .except(Kind.TAB, ACCEPTED));
  }

  /** The world refused cases share; a new one replaces it after an accepted or a failed case. */
  private World shared;

  @AfterEach
  void closeShared() {
    if (shared != null) {
      shared.close();
      shared = null;
    }
  }

  private void run(
      String name,
      Answer expected,
      String state,
      Endpoint endpoint,
      Function<World, EndpointRequest> request) {
    if (expected.shape() == Shape.ACCEPTED) {
      try (World w = new World()) {
        assertAnswer(name, w, expected, state, endpoint, request.apply(w));
      }
      return;
    }
    if (shared == null) {
      shared = new World();
    }
    try {
      assertAnswer(name, shared, expected, state, endpoint, request.apply(shared));
    } catch (RuntimeException | AssertionError e) {
      closeShared();
      throw e;
    }
  }

  @TestFactory
  @DisplayName("one hostile value in one parameter, member or header")
  Stream<DynamicTest> hostileValues() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Slot slot : slots()) {
      for (Kind kind : Kind.values()) {
        Optional<Answer> expected = slot.expected(kind);
        if (expected.isEmpty()) {
          continue;
        }
        String state = slot.name.equals("state") ? null : Harness.STATE;
        String name =
            "["
                + kind.category.label
                + "] "
                + slot.endpoint.name()
                + ", "
                + slot.name
                + " "
                + kind.label
                + ": "
                + expected.get();
        tests.add(
            DynamicTest.dynamicTest(
                name,
                () -> run(name, expected.get(), state, slot.endpoint, w -> slot.request(w, kind))));
      }
    }
    return tests.stream();
  }

  // ---------------------------------------------------------------------------------------------
  // Whole requests: methods, content types, bodies

  /** A request built against a world, its endpoint, and the answer it must get. */
  private record Probe(
      Category category,
      String label,
      Endpoint endpoint,
      Function<World, EndpointRequest> request,
      Answer expected) {}

  private static EndpointRequest form(
      String method, String contentType, String body, Map<String, String> headers) {
    EndpointRequest.Builder builder = EndpointRequest.builder(method);
    if (contentType != null) {
      builder.header("Content-Type", contentType);
    }
    headers.forEach(builder::header);
    return builder.body(body).build();
  }

  private static String formBody(Map<String, String> params) {
    List<String> pieces = new ArrayList<>();
    params.forEach((name, value) -> pieces.add(encode(name) + "=" + encode(value)));
    return String.join("&", pieces);
  }

  /** A registration that succeeds. */
  private static final String REGISTRATION_JSON =
      "{\"client_name\":\"Hostile\",\"redirect_uris\":[\"" + Harness.REDIRECT + "\"]}";

  /** The three form endpoints a client authenticates at, each with a request that succeeds. */
  private record FormEndpoint(Endpoint endpoint, Function<World, Map<String, String>> parameters) {
    String name() {
      return endpoint.name();
    }
  }

  private static final List<FormEndpoint> FORM_ENDPOINTS =
      List.of(
          new FormEndpoint(TOKEN, World::refreshRequest),
          new FormEndpoint(REVOCATION, World::revocationRequest),
          new FormEndpoint(INTROSPECTION, World::introspectionRequest));

  private static List<Probe> probes() {
    List<Probe> probes = new ArrayList<>();
    Answer notAllowed = Answer.json(405, Proauth2Exception.INVALID_REQUEST);
    List<String> methods =
        List.of(
            "GET", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "", "P\u0000ST", "BREW");

    // wrong methods, with a body that would otherwise succeed
    for (FormEndpoint endpoint : FORM_ENDPOINTS) {
      for (String method : methods) {
        probes.add(
            new Probe(
                Category.METHOD,
                endpoint.name() + ", " + printable(method),
                endpoint.endpoint(),
                w -> form(method, FORM, formBody(endpoint.parameters().apply(w)), w.basic()),
                notAllowed));
      }
    }
    for (String method : methods) {
      boolean readOnly = method.equals("GET") || method.equals("HEAD");
      probes.add(
          new Probe(
              Category.METHOD,
              "registration endpoint, " + printable(method),
              REGISTRATION,
              w -> form(method, JSON, REGISTRATION_JSON, Map.of()),
              notAllowed));
      if (!readOnly) {
        probes.add(
            new Probe(
                Category.METHOD,
                "authorization endpoint, " + printable(method),
                AUTHORIZATION,
                w ->
                    EndpointRequest.builder(method)
                        .query(formBody(w.authorizationRequest()))
                        .build(),
                Answer.page(405, Proauth2Exception.INVALID_REQUEST)));
        probes.add(
            new Probe(
                Category.METHOD,
                "metadata endpoint, " + printable(method),
                METADATA,
                w -> EndpointRequest.builder(method).build(),
                notAllowed));
      }
    }

    // wrong content types, with a body that would otherwise succeed
    List<String> notForms =
        List.of(
            "text/plain",
            "multipart/form-data; boundary=x",
            JSON,
            "application/x-www-form-urlencoded-evil",
            "application/x-www-form-urlencoded\r\nX-Injected: 1",
            "application/x-www-form-urlencoded\u0000");
    for (FormEndpoint endpoint : FORM_ENDPOINTS) {
      probes.add(
          new Probe(
              Category.CONTENT_TYPE,
              endpoint.name() + ", no Content-Type",
              endpoint.endpoint(),
              w -> form("POST", null, formBody(endpoint.parameters().apply(w)), w.basic()),
              INVALID_REQUEST));
      for (String type : notForms) {
        probes.add(
            new Probe(
                Category.CONTENT_TYPE,
                endpoint.name() + ", Content-Type " + printable(type),
                endpoint.endpoint(),
                w -> form("POST", type, formBody(endpoint.parameters().apply(w)), w.basic()),
                INVALID_REQUEST));
      }
      probes.add(
          new Probe(
              Category.CONTENT_TYPE,
              endpoint.name() + ", the parameters as JSON",
              endpoint.endpoint(),
              w -> form("POST", JSON, toJson(endpoint.parameters().apply(w)), w.basic()),
              INVALID_REQUEST));
      probes.add(
          new Probe(
              Category.CONTENT_TYPE,
              endpoint.name() + ", the parameters as multipart",
              endpoint.endpoint(),
              w ->
                  form(
                      "POST",
                      "multipart/form-data; boundary=b",
                      toMultipart(endpoint.parameters().apply(w)),
                      w.basic()),
              INVALID_REQUEST));
      probes.add(
          new Probe(
              Category.CONTENT_TYPE,
              endpoint.name() + ", Content-Type sent twice, form and JSON",
              endpoint.endpoint(),
              w -> {
                EndpointRequest.Builder b =
                    EndpointRequest.builder("POST")
                        .header("Content-Type", FORM)
                        .header("Content-Type", JSON);
                w.basic().forEach(b::header);
                return b.body(formBody(endpoint.parameters().apply(w))).build();
              },
              INVALID_REQUEST));
    }
    List<String> notJson =
        List.of(
            "text/plain",
            FORM,
            "multipart/form-data; boundary=x",
            "application/jsonx",
            "application/json-patch+json",
            "application/json\r\nX-Injected: 1");
    probes.add(
        new Probe(
            Category.CONTENT_TYPE,
            "registration endpoint, no Content-Type",
            REGISTRATION,
            w -> form("POST", null, REGISTRATION_JSON, Map.of()),
            INVALID_REQUEST));
    for (String type : notJson) {
      probes.add(
          new Probe(
              Category.CONTENT_TYPE,
              "registration endpoint, Content-Type " + printable(type),
              REGISTRATION,
              w -> form("POST", type, REGISTRATION_JSON, Map.of()),
              INVALID_REQUEST));
    }
    probes.add(
        new Probe(
            Category.CONTENT_TYPE,
            "registration endpoint, the metadata as a form",
            REGISTRATION,
            w ->
                form(
                    "POST",
                    FORM,
                    "client_name=Hostile&redirect_uris=" + encode(Harness.REDIRECT),
                    Map.of()),
            INVALID_REQUEST));
    probes.add(
        new Probe(
            Category.CONTENT_TYPE,
            "registration endpoint, Content-Type sent twice, JSON and form",
            REGISTRATION,
            w ->
                EndpointRequest.builder("POST")
                    .header("Content-Type", JSON)
                    .header("Content-Type", FORM)
                    .body(REGISTRATION_JSON)
                    .build(),
            INVALID_REQUEST));
    for (String type : List.of("text/plain", JSON, "multipart/form-data; boundary=x")) {
      probes.add(
          new Probe(
              Category.CONTENT_TYPE,
              "authorization endpoint, a POST with Content-Type " + printable(type),
              AUTHORIZATION,
              w -> form("POST", type, formBody(w.authorizationRequest()), Map.of()),
              PAGE_INVALID_REQUEST));
    }
    probes.add(
        new Probe(
            Category.CONTENT_TYPE,
            "authorization endpoint, a POST without Content-Type",
            AUTHORIZATION,
            w -> form("POST", null, formBody(w.authorizationRequest()), Map.of()),
            PAGE_INVALID_REQUEST));

    // whole bodies and queries
    for (FormEndpoint endpoint : FORM_ENDPOINTS) {
      Map<String, Function<World, String>> bodies = new LinkedHashMap<>();
      bodies.put("a 2 MB body of one value", w -> "a=" + HUGE);
      bodies.put("a 2 MB body of '&'", w -> "&".repeat(MEGABYTES));
      bodies.put("a 2 MB body of parameters", w -> "a=1&".repeat(MEGABYTES / 4));
      bodies.put("a body of 60 000 '&'", w -> "&".repeat(60_000));
      bodies.put("101 parameters", w -> "a=1&".repeat(101));
      bodies.put("no body (null)", w -> null);
      bodies.put("an empty body", w -> "");
      bodies.put("a body of '='", w -> "=");
      bodies.put("a body of '%'", w -> "%");
      bodies.put("a body of NUL", w -> "\u0000");
      bodies.put("a body of CR LF", w -> "\r\n\r\n");
      for (Map.Entry<String, Function<World, String>> body : bodies.entrySet()) {
        Category category =
            body.getKey().contains("MB") || body.getKey().contains("000")
                ? Category.MEGABYTES
                : body.getKey().contains("%")
                    ? Category.PERCENT
                    : body.getKey().contains("NUL") || body.getKey().contains("CR")
                        ? Category.CONTROL
                        : Category.NULL_EMPTY_WHITESPACE;
        probes.add(
            new Probe(
                category,
                endpoint.name() + ", " + body.getKey(),
                endpoint.endpoint(),
                w -> form("POST", FORM, body.getValue().apply(w), w.basic()),
                INVALID_REQUEST));
      }
      Map<String, String> queries = new LinkedHashMap<>();
      queries.put("a 2 MB query", "a=" + HUGE);
      queries.put("a query with %G1", "a=%G1");
      queries.put("a query with a lone %", "%");
      for (Map.Entry<String, String> query : queries.entrySet()) {
        probes.add(
            new Probe(
                query.getKey().contains("MB") ? Category.MEGABYTES : Category.PERCENT,
                endpoint.name() + ", a good body and " + query.getKey(),
                endpoint.endpoint(),
                w -> {
                  EndpointRequest.Builder b =
                      EndpointRequest.builder("POST")
                          .header("Content-Type", FORM)
                          .query(query.getValue());
                  w.basic().forEach(b::header);
                  return b.body(formBody(endpoint.parameters().apply(w))).build();
                },
                INVALID_REQUEST));
      }
    }
    Map<String, String> documents = new LinkedHashMap<>();
    documents.put("a 2 MB JSON string", "{\"client_name\":\"" + HUGE + "\"}");
    documents.put("2 MB of whitespace", " ".repeat(MEGABYTES));
    documents.put("no body", null);
    documents.put("an empty body", "");
    documents.put("spaces only", "   ");
    documents.put("JSON null", "null");
    documents.put("a JSON array", "[]");
    documents.put("an unclosed object", "{");
    documents.put("nesting deeper than allowed", "{\"a\":[[[[[[[[1]]]]]]]]}");
    documents.put(
        "a member sent twice",
        "{\"redirect_uris\":[\""
            + Harness.REDIRECT
            + "\"],\"client_name\":\"a\",\"client_name\":\"b\"}");
    documents.put(
        "a NUL after the object", "{\"redirect_uris\":[\"" + Harness.REDIRECT + "\"]}\u0000");
    documents.put(
        "a raw LF inside a string",
        "{\"redirect_uris\":[\"" + Harness.REDIRECT + "\"],\"client_name\":\"a\nb\"}");
    for (Map.Entry<String, String> document : documents.entrySet()) {
      String label = document.getKey();
      Category category =
          label.contains("MB")
              ? Category.MEGABYTES
              : label.contains("twice")
                  ? Category.DUPLICATES
                  : label.contains("NUL") || label.contains("LF")
                      ? Category.CONTROL
                      : Category.NULL_EMPTY_WHITESPACE;
      probes.add(
          new Probe(
              category,
              "registration endpoint, " + label,
              REGISTRATION,
              w -> form("POST", JSON, document.getValue(), Map.of()),
              INVALID_REQUEST));
    }
    probes.add(
        new Probe(
            Category.MEGABYTES,
            "authorization endpoint, a 2 MB query",
            AUTHORIZATION,
            w -> EndpointRequest.builder("GET").query("a=" + HUGE).build(),
            PAGE_INVALID_REQUEST));
    probes.add(
        new Probe(
            Category.NULL_EMPTY_WHITESPACE,
            "authorization endpoint, no query (null)",
            AUTHORIZATION,
            w -> EndpointRequest.builder("GET").query(null).build(),
            PAGE_INVALID_REQUEST));

    // a parameter sent twice whose name is itself hostile: the description names it
    for (String name :
        List.of("a%22b", "a%5Cb", "a%0D%0AX-Injected:%201", "%C3%A9", "%FF", "%00")) {
      for (FormEndpoint endpoint : FORM_ENDPOINTS) {
        probes.add(
            new Probe(
                Category.DUPLICATES,
                endpoint.name() + ", a parameter named " + name + " sent twice",
                endpoint.endpoint(),
                w ->
                    form(
                        "POST",
                        FORM,
                        formBody(endpoint.parameters().apply(w)) + "&" + name + "=1&" + name + "=2",
                        w.basic()),
                INVALID_REQUEST));
      }
      probes.add(
          new Probe(
              Category.DUPLICATES,
              "authorization endpoint, a parameter named " + name + " sent twice",
              AUTHORIZATION,
              w ->
                  EndpointRequest.builder("GET")
                      .query(formBody(w.authorizationRequest()) + "&" + name + "=1&" + name + "=2")
                      .build(),
              Answer.redirect(Proauth2Exception.INVALID_REQUEST)));
    }

    // well-formed values that match nothing
    probes.add(
        new Probe(
            Category.LOOKALIKE,
            "token endpoint, an unknown refresh token",
            TOKEN,
            w -> {
              Map<String, String> p = w.refreshRequest();
              p.put("refresh_token", lookalike(w.tokens.refreshToken()));
              return form("POST", FORM, formBody(p), w.basic());
            },
            INVALID_GRANT));
    probes.add(
        new Probe(
            Category.LOOKALIKE,
            "token endpoint, an unknown code",
            TOKEN,
            w -> {
              Map<String, String> p = w.codeRequest();
              p.put("code", lookalike(w.code.code()));
              return form("POST", FORM, formBody(p), w.basic());
            },
            INVALID_GRANT));
    probes.add(
        new Probe(
            Category.LOOKALIKE,
            "token endpoint, an unknown client in a well-formed Basic header",
            TOKEN,
            w ->
                form(
                    "POST",
                    FORM,
                    formBody(w.refreshRequest()),
                    Map.of(
                        "Authorization",
                        "Basic "
                            + Base64.getEncoder()
                                .encodeToString(
                                    ("nobody:" + w.h.app.clientSecret())
                                        .getBytes(StandardCharsets.UTF_8)))),
            INVALID_CLIENT));
    probes.add(
        new Probe(
            Category.LOOKALIKE,
            "introspection endpoint, an unknown token",
            INTROSPECTION,
            w -> form("POST", FORM, "token=" + lookalike(w.tokens.accessToken()), w.basic()),
            QUIET));
    probes.add(
        new Probe(
            Category.LOOKALIKE,
            "bearer token, an unknown token",
            RESOURCE,
            w ->
                EndpointRequest.builder("GET")
                    .header("Authorization", "Bearer " + lookalike(w.tokens.accessToken()))
                    .build(),
            Answer.json(401, Proauth2Exception.INVALID_TOKEN)));
    probes.add(
        new Probe(
            Category.LOOKALIKE,
            "bearer token, the refresh token used as an access token",
            RESOURCE,
            w ->
                EndpointRequest.builder("GET")
                    .header("Authorization", "Bearer " + w.tokens.refreshToken())
                    .build(),
            Answer.json(401, Proauth2Exception.INVALID_TOKEN)));
    return probes;
  }

  @TestFactory
  @DisplayName("a wrong method, content type or body")
  Stream<DynamicTest> hostileRequests() {
    return probes().stream()
        .map(
            probe -> {
              String name =
                  "[" + probe.category().label + "] " + probe.label() + ": " + probe.expected();
              return DynamicTest.dynamicTest(
                  name,
                  () ->
                      run(
                          name,
                          probe.expected(),
                          Harness.STATE,
                          probe.endpoint(),
                          probe.request()));
            });
  }

  // ---------------------------------------------------------------------------------------------
  // Checking an answer

  /** Checks the answer to a request, naming the case in any failure. */
  private static void assertAnswer(
      String name,
      World w,
      Answer expected,
      String state,
      Endpoint endpoint,
      EndpointRequest request) {
    try {
      assertAnswer(w, expected, state, endpoint, request);
    } catch (AssertionError e) {
      throw new AssertionError(name + ": " + e.getMessage(), e);
    }
  }

  private static void assertAnswer(
      World w, Answer expected, String state, Endpoint endpoint, EndpointRequest request) {
    String before = w.h.store.dump();
    EndpointResponse response = endpoint.call().apply(w, request);
    String context = response + " " + abbreviate(response.body());
    if (expected.shape() == Shape.ACCEPTED) {
      assertTrue(
          response.status() / 100 == 2
              || response.status() == 302
                  && !response.header("Location").orElse("").contains("error="),
          "expected the request to succeed: " + context);
      return;
    }
    assertEquals(expected.status(), response.status(), context);
    switch (expected.shape()) {
      case JSON_ERROR:
        assertJsonError(expected, response, context);
        break;
      case PAGE:
        assertEquals(
            Optional.of("text/html;charset=UTF-8"), response.header("Content-Type"), context);
        assertTrue(response.header("Location").isEmpty(), "a page must never redirect");
        Matcher error = PAGE_ERROR.matcher(response.body());
        assertTrue(error.find(), context);
        assertEquals(expected.error(), error.group(1), context);
        break;
      case REDIRECT:
        assertRedirect(expected, state, response);
        break;
      case CHALLENGE:
        assertEquals(
            Optional.of("Bearer realm=\"" + Harness.ISSUER + "\""),
            response.header("WWW-Authenticate"),
            context);
        break;
      default: // QUIET
        assertTrue(
            response.body().isEmpty() || response.body().equals("{\"active\":false}"), context);
        break;
    }
    assertNoSecret(w, response);
    assertHeadersUnsplit(response);
    assertEquals(before, w.h.store.dump(), "a refused request changed the store: " + context);
  }

  private static void assertJsonError(Answer expected, EndpointResponse response, String context) {
    assertEquals(Optional.of(EndpointResponse.JSON), response.header("Content-Type"), context);
    assertEquals(Optional.of("no-store"), response.header("Cache-Control"), context);
    Map<String, String> body = FlatJson.parse(response.body());
    assertEquals(expected.error(), body.get("error"), context);
    assertDescription(body.get("error_description"));
    if (expected.error().equals(Proauth2Exception.INVALID_CLIENT)) {
      assertTrue(
          response.header("WWW-Authenticate").orElse("").startsWith("Basic realm=\""), context);
    }
    if (expected.error().equals(Proauth2Exception.INVALID_TOKEN)) {
      assertTrue(
          response
              .header("WWW-Authenticate")
              .orElse("")
              .startsWith("Bearer realm=\"" + Harness.ISSUER + "\", error=\"invalid_token\""),
          context);
    }
    if (expected.status() == 405) {
      assertTrue(response.header("Allow").isPresent(), context);
    }
  }

  private static void assertRedirect(Answer expected, String state, EndpointResponse response) {
    String location = response.header("Location").orElseThrow();
    assertTrue(location.startsWith(Harness.REDIRECT + "?"), location);
    URI uri = URI.create(location); // throws on a space, a control character or a bad escape
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      String[] parts = pair.split("=", 2);
      String name = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
      assertFalse(parameters.containsKey(name), "sent twice in the redirect: " + name);
      parameters.put(name, URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
    }
    assertEquals(expected.error(), parameters.get("error"), location);
    assertDescription(parameters.get("error_description"));
    assertEquals(state, parameters.get("state"), location);
    assertEquals(Harness.ISSUER, parameters.get("iss"), location);
    assertFalse(parameters.containsKey("code"), location);
  }

  private static void assertDescription(String description) {
    assertNotNull(description, "no error_description");
    assertTrue(
        DESCRIPTION.matcher(description).matches(),
        "error_description outside RFC 6749 section 5.2's characters: " + printable(description));
    assertTrue(description.length() <= 1024, "error_description of " + description.length());
  }

  private static void assertNoSecret(World w, EndpointResponse response) {
    List<String> texts = new ArrayList<>(response.headers().values());
    texts.add(response.body());
    for (String text : texts) {
      for (String secret : w.h.secrets()) {
        assertFalse(text.contains(secret), "a secret is echoed in: " + abbreviate(text));
      }
    }
  }

  private static void assertHeadersUnsplit(EndpointResponse response) {
    response
        .headers()
        .forEach(
            (name, value) -> {
              for (char c : (name + value).toCharArray()) {
                if (c < 0x20 && c != '\t' || c == 0x7F) {
                  fail(
                      "a control character in header " + printable(name) + ": " + printable(value));
                }
              }
            });
  }

  // ---------------------------------------------------------------------------------------------
  // Small helpers

  /** The same length and alphabet as a real token or code, and matching nothing. */
  private static String lookalike(String secret) {
    char first = secret.charAt(0) == 'A' ? 'B' : 'A';
    return first + secret.substring(1);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String quote(String value) {
    return "\"" + escapeJson(value) + "\"";
  }

  private static String escapeJson(String value) {
    StringBuilder out = new StringBuilder();
    for (char c : value.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String toJson(Map<String, String> params) {
    List<String> members = new ArrayList<>();
    params.forEach((name, value) -> members.add(quote(name) + ":" + quote(value)));
    return "{" + String.join(",", members) + "}";
  }

  private static String toMultipart(Map<String, String> params) {
    StringBuilder body = new StringBuilder();
    params.forEach(
        (name, value) ->
            body.append("--b\r\nContent-Disposition: form-data; name=\"")
                .append(name)
                .append("\"\r\n\r\n")
                .append(value)
                .append("\r\n"));
    return body.append("--b--\r\n").toString();
  }

  private static String printable(String value) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length() && i < 80; i++) {
      char c = value.charAt(i);
      out.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    }
    return value.length() > 80 ? out + "..." : out.toString();
  }

  private static String abbreviate(String text) {
    return text.length() > 300 ? text.substring(0, 300) + "..." : text;
  }

  /**
   * Reads the flat JSON objects the endpoints answer errors with: string, number and boolean
   * members.
   */
  private static final class FlatJson {
    private final String text;
    private int pos;

    private FlatJson(String text) {
      this.text = text;
    }

    static Map<String, String> parse(String text) {
      FlatJson json = new FlatJson(text);
      Map<String, String> members = new LinkedHashMap<>();
      json.expect('{');
      if (json.peek() == '}') {
        json.pos++;
      } else {
        do {
          String name = json.string();
          json.expect(':');
          String value = json.peek() == '"' ? json.string() : json.literal();
          assertNull(members.put(name, value), "member sent twice: " + name);
        } while (json.next() == ',');
        assertEquals('}', text.charAt(json.pos - 1), text);
      }
      assertEquals(text.length(), json.pos, "text after the object: " + text);
      return members;
    }

    private static void assertNull(Object value, String message) {
      if (value != null) {
        fail(message);
      }
    }

    private char peek() {
      return text.charAt(pos);
    }

    private char next() {
      return text.charAt(pos++);
    }

    private void expect(char c) {
      assertEquals(c, next(), "at " + (pos - 1) + " of " + text);
    }

    private String literal() {
      int start = pos;
      while (pos < text.length() && ",}".indexOf(peek()) < 0) {
        pos++;
      }
      return text.substring(start, pos);
    }

    private String string() {
      expect('"');
      StringBuilder out = new StringBuilder();
      while (true) {
        char c = next();
        if (c == '"') {
          return out.toString();
        }
        assertTrue(c >= 0x20, "a raw control character in a JSON string: " + text);
        if (c != '\\') {
          out.append(c);
          continue;
        }
        char e = next();
        switch (e) {
          case 'n':
            out.append('\n');
            break;
          case 'r':
            out.append('\r');
            break;
          case 't':
            out.append('\t');
            break;
          case 'b':
            out.append('\b');
            break;
          case 'f':
            out.append('\f');
            break;
          case 'u':
            out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
            pos += 4;
            break;
          default:
            out.append(e);
        }
      }
    }
  }
}
