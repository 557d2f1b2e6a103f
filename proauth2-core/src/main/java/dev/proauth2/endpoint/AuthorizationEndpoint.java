package dev.proauth2.endpoint;

import dev.proauth2.AuthorizationCode;
import dev.proauth2.AuthorizationRequest;
import dev.proauth2.ClientRegistration;
import dev.proauth2.Proauth2;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Table;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The authorization endpoint (RFC 6749 section 4.1 with PKCE, RFC 7636), in the two steps around
 * the host's own login and consent page:
 *
 * <pre>{@code
 * AuthorizationCheck check = authorization.check(request);          // GET /authorize
 * if (!check.isValid()) return check.errorResponse().get();
 * // ... log the user in, show check.client().name() and check.scope(), ask for consent;
 * //     the consent form posts back check.parameters() with the user's answer ...
 * return approved ? authorization.approve(request, userId)           // 302 with code, state, iss
 *                 : authorization.deny(request);                     // 302 with access_denied
 * }</pre>
 *
 * <p>Errors about the client or the redirect URI never redirect: they come back as a 400 page,
 * since the redirect target is not confirmed (section 4.1.2.1). Every other error redirects to the
 * client with {@code error}, {@code error_description}, {@code state} and {@code iss} (RFC 9207).
 * The request is read from the query of a {@code GET} or the form of a {@code POST} (section 3.1).
 *
 * <p>The host must protect its consent form against cross-site request forgery and framing:
 * otherwise another site could approve on the user's behalf.
 */
public final class AuthorizationEndpoint {

  private static final String NAME = "authorization endpoint";
  private static final int MAX_SCOPE_VALUES = 64;
  private static final int MAX_STATE = 2048;

  private final Proauth2 oauth;

  /** Creates the endpoint on an engine; it holds no other state and is thread-safe. */
  public AuthorizationEndpoint(Proauth2 oauth) {
    this.oauth = Objects.requireNonNull(oauth, "oauth");
  }

  /**
   * Checks an authorization request before the host asks the user for consent. Nothing is stored.
   */
  public AuthorizationCheck check(EndpointRequest request) {
    Objects.requireNonNull(request, "request");
    if (!request.method().equals("GET") && !request.method().equals("POST")) {
      Proauth2Exception e =
          new Proauth2Exception(
              Proauth2Exception.INVALID_REQUEST, "the authorization endpoint accepts GET and POST");
      return AuthorizationCheck.invalid(e, page(e, 405).withHeader("Allow", "GET, POST"));
    }
    Map<String, List<String>> decoded;
    ClientRegistration client;
    String redirectUri;
    try {
      decoded = decode(request);
      client = findClient(decoded);
      redirectUri = resolveRedirectUri(client, decoded);
    } catch (Proauth2Exception e) {
      return AuthorizationCheck.invalid(e, page(e, Responses.status(e.error())));
    } catch (RuntimeException e) {
      Proauth2Exception failure = Responses.unexpected(e, NAME);
      return AuthorizationCheck.invalid(failure, page(failure, 500));
    }
    String state = echoableState(decoded);
    try {
      Parameters parameters = Parameters.of(decoded);
      checkState(parameters.get("state"));
      checkResponseType(parameters.get("response_type"));
      if (!client.grantTypes().contains("authorization_code")) {
        throw new Proauth2Exception(
            Proauth2Exception.UNAUTHORIZED_CLIENT,
            "this client is not registered for the authorization_code grant");
      }
      String scope = checkScope(parameters.get("scope"), client.scope());
      checkPkce(client, parameters.get("code_challenge"), parameters.get("code_challenge_method"));
      return AuthorizationCheck.valid(
          client, redirectUri, scope, state, new LinkedHashMap<>(parameters.asMap()));
    } catch (Proauth2Exception e) {
      return AuthorizationCheck.invalid(e, redirectError(redirectUri, e, state));
    } catch (RuntimeException e) {
      Proauth2Exception failure = Responses.unexpected(e, NAME);
      return AuthorizationCheck.invalid(failure, redirectError(redirectUri, failure, state));
    }
  }

  /**
   * Issues a code after the user, authenticated by the host, approved the request; the request is
   * checked again first, exactly as {@link #check} does.
   *
   * @param userId the user the host authenticated
   * @return a 302 to the client with {@code code}, {@code state} and {@code iss}, or the error
   */
  public EndpointResponse approve(EndpointRequest request, String userId) {
    Objects.requireNonNull(userId, "userId");
    AuthorizationCheck check = check(request);
    if (!check.isValid()) {
      return check.errorResponse().orElseThrow();
    }
    Map<String, String> p = check.parameters();
    String state = check.state().orElse(null);
    try {
      AuthorizationCode code =
          oauth.requestAuthorization(
              AuthorizationRequest.builder()
                  .clientId(check.client().clientId())
                  .userId(userId)
                  .responseType(p.get("response_type"))
                  .redirectUri(p.get("redirect_uri"))
                  .scope(p.get("scope"))
                  .state(state)
                  .codeChallenge(p.get("code_challenge"))
                  .codeChallengeMethod(p.get("code_challenge_method"))
                  .build());
      return redirect(code.redirectUri());
    } catch (Proauth2Exception e) {
      return redirectError(check.redirectUri(), e, state);
    } catch (RuntimeException e) {
      return redirectError(check.redirectUri(), Responses.unexpected(e, NAME), state);
    }
  }

  /**
   * Answers a request the user declined: a 302 to the client with {@code access_denied} (RFC 6749
   * section 4.1.2.1), or the error if the request itself is invalid.
   */
  public EndpointResponse deny(EndpointRequest request) {
    AuthorizationCheck check = check(request);
    if (!check.isValid()) {
      return check.errorResponse().orElseThrow();
    }
    return redirectError(
        check.redirectUri(),
        new Proauth2Exception(Proauth2Exception.ACCESS_DENIED, "the user denied the request"),
        check.state().orElse(null));
  }

  private static Map<String, List<String>> decode(EndpointRequest request) {
    if (request.method().equals("GET")) {
      return request.queryParameters();
    }
    if (request.contentType().filter(EndpointRequest.FORM::equals).isEmpty()) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_REQUEST,
          "a POST to the authorization endpoint needs Content-Type " + EndpointRequest.FORM);
    }
    return request.formParameters();
  }

  private ClientRegistration findClient(Map<String, List<String>> decoded) {
    String clientId = single(decoded, "client_id");
    if (clientId == null) {
      throw new Proauth2Exception(Proauth2Exception.INVALID_REQUEST, "client_id is missing");
    }
    return oauth
        .findApp(clientId)
        .orElseThrow(
            () ->
                new Proauth2Exception(
                    Proauth2Exception.INVALID_REQUEST,
                    "unknown client_id '" + clientId + "'; check the client's configuration"));
  }

  /** The redirect URI, matched as the engine matches it (RFC 8252 section 7.3 for loopback). */
  private static String resolveRedirectUri(
      ClientRegistration client, Map<String, List<String>> decoded) {
    String requested = single(decoded, "redirect_uri");
    List<String> registered = client.redirectUris();
    if (requested == null) {
      if (registered.size() == 1) {
        return registered.get(0);
      }
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_REQUEST,
          "redirect_uri is required: this client registered more than one");
    }
    if (requested.length() <= Table.MAX_URI && isVisibleAscii(requested)) {
      for (String candidate : registered) {
        if (candidate.equals(requested) || sameExceptLoopbackPort(candidate, requested)) {
          return requested;
        }
      }
    }
    throw new Proauth2Exception(
        Proauth2Exception.INVALID_REQUEST,
        "redirect_uri does not exactly match any redirect URI this client registered");
  }

  private static String single(Map<String, List<String>> decoded, String name) {
    if (Parameters.isDuplicated(decoded, name)) {
      throw Parameters.duplicate(name);
    }
    List<String> values = decoded.getOrDefault(name, List.of());
    return values.stream().filter(value -> !value.isEmpty()).findFirst().orElse(null);
  }

  private static boolean sameExceptLoopbackPort(String registered, String requested) {
    if (!registered.startsWith("http://") || !requested.startsWith("http://")) {
      return false;
    }
    URI a;
    URI b;
    try {
      a = new URI(registered);
      b = new URI(requested);
    } catch (URISyntaxException e) {
      return false;
    }
    return a.getHost() != null
        && (a.getHost().equals("127.0.0.1") || a.getHost().equals("[::1]"))
        && a.getHost().equals(b.getHost())
        && b.getRawUserInfo() == null
        && b.getRawFragment() == null
        && Objects.equals(a.getRawPath(), b.getRawPath())
        && Objects.equals(a.getRawQuery(), b.getRawQuery());
  }

  /** The state to echo in an error redirect: the one sent, unless it is repeated or malformed. */
  private static String echoableState(Map<String, List<String>> decoded) {
    if (Parameters.isDuplicated(decoded, "state")) {
      return null;
    }
    String state =
        decoded.getOrDefault("state", List.of()).stream()
            .filter(value -> !value.isEmpty())
            .findFirst()
            .orElse(null);
    try {
      return checkState(state);
    } catch (Proauth2Exception e) {
      return null;
    }
  }

  private static String checkState(String state) {
    if (state == null) {
      return null;
    }
    if (state.length() > MAX_STATE || !isPrintableAscii(state)) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_REQUEST,
          "state must be 1 to " + MAX_STATE + " printable ASCII characters");
    }
    return state;
  }

  private static void checkResponseType(String responseType) {
    if (responseType == null) {
      throw new Proauth2Exception(Proauth2Exception.INVALID_REQUEST, "response_type is missing");
    }
    if (responseType.equals("code")) {
      return;
    }
    throw new Proauth2Exception(
        Proauth2Exception.UNSUPPORTED_RESPONSE_TYPE,
        responseType.contains("token")
            ? "the implicit grant is not offered (OAuth 2.1, RFC 9700 section 2.1.2); use"
                + " response_type=code with PKCE"
            : "only response_type=code is offered");
  }

  /** Checks the scope's syntax and that it lies within the client's; returns what to consent to. */
  private static String checkScope(String requested, String allowed) {
    if (requested == null) {
      return allowed;
    }
    String[] values = requested.split(" ", -1);
    boolean wellFormed = requested.length() <= Table.MAX_SCOPE && values.length <= MAX_SCOPE_VALUES;
    for (String value : values) {
      wellFormed &= !value.isEmpty() && isVisibleAscii(value) && value.indexOf('"') < 0;
      wellFormed &= value.indexOf('\\') < 0;
    }
    if (!wellFormed) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_SCOPE,
          "scope must be scope values separated by single spaces (RFC 6749 section 3.3)");
    }
    if (allowed != null) {
      Set<String> permitted = new HashSet<>(Arrays.asList(allowed.split(" ")));
      for (String value : values) {
        if (!permitted.contains(value)) {
          throw new Proauth2Exception(
              Proauth2Exception.INVALID_SCOPE,
              "scope '" + value + "' is not among those this client may ask for: " + allowed);
        }
      }
    }
    return requested;
  }

  /**
   * Checks what does not depend on the engine's PKCE settings; the engine checks the rest (whether
   * {@code plain} is allowed, whether confidential clients need PKCE) when the code is issued.
   */
  private static void checkPkce(ClientRegistration client, String challenge, String method) {
    if (challenge == null) {
      if (method != null) {
        throw new Proauth2Exception(
            Proauth2Exception.INVALID_REQUEST,
            "code_challenge_method was sent without code_challenge");
      }
      if (client.authMethod().equals("none")) {
        throw new Proauth2Exception(
            Proauth2Exception.INVALID_REQUEST,
            "PKCE is required of public clients: send code_challenge with"
                + " code_challenge_method=S256");
      }
      return;
    }
    if (method != null && !method.equals("S256") && !method.equals("plain")) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_REQUEST, "code_challenge_method must be S256");
    }
    boolean s256 = "S256".equals(method);
    boolean shaped =
        s256
            ? challenge.length() == 43 && challenge.matches("[A-Za-z0-9_-]+")
            : challenge.length() >= 43
                && challenge.length() <= 128
                && challenge.matches("[A-Za-z0-9._~-]+");
    if (!shaped) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_REQUEST,
          "code_challenge is malformed; for S256 it is the base64url SHA-256 of the"
              + " code_verifier, 43 characters");
    }
  }

  private EndpointResponse redirectError(String redirectUri, Proauth2Exception e, String state) {
    StringBuilder target = new StringBuilder(redirectUri);
    target.append(redirectUri.contains("?") ? '&' : '?');
    target.append("error=").append(encode(e.error()));
    target.append("&error_description=").append(encode(e.description()));
    if (state != null) {
      target.append("&state=").append(encode(state));
    }
    oauth.issuer().ifPresent(issuer -> target.append("&iss=").append(encode(issuer)));
    return redirect(target.toString());
  }

  private static EndpointResponse redirect(String location) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Location", location);
    headers.put("Cache-Control", "no-store");
    headers.put("Pragma", "no-cache");
    return new EndpointResponse(302, headers, "");
  }

  /** The page for an error that must not redirect: the user sees it, the client never does. */
  private static EndpointResponse page(Proauth2Exception e, int status) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "text/html;charset=UTF-8");
    headers.put("Cache-Control", "no-store");
    headers.put("Pragma", "no-cache");
    headers.put("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    String body =
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">"
            + "<title>Authorization request refused</title></head>\n<body>\n"
            + "<h1>This authorization request cannot be completed</h1>\n"
            + "<p>Error: <code>"
            + Html.escape(e.error())
            + "</code></p>\n<p>"
            + Html.escape(e.description())
            + "</p>\n<p>You have not been sent back to the application, because its identity or"
            + " return address could not be confirmed.</p>\n</body>\n</html>\n";
    return new EndpointResponse(status, headers, body);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static boolean isVisibleAscii(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x21 || c > 0x7E) {
        return false;
      }
    }
    return true;
  }

  private static boolean isPrintableAscii(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7E) {
        return false;
      }
    }
    return true;
  }
}
