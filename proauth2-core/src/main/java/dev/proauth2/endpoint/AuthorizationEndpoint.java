package dev.proauth2.endpoint;

import dev.proauth2.AuthorizationCode;
import dev.proauth2.AuthorizationError;
import dev.proauth2.AuthorizationRequest;
import dev.proauth2.CodeChallengeMethod;
import dev.proauth2.OpenIdParameters;
import dev.proauth2.Proauth2;
import dev.proauth2.SignIn;
import dev.proauth2.ValidatedAuthorization;
import dev.proauth2.spi.Proauth2Exception;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
 * An unknown {@code code_challenge_method} is {@code invalid_request}, redirected like the others.
 * The request is read from the query of a {@code GET} or the form of a {@code POST} (section 3.1).
 *
 * <p>The host must protect its consent form against cross-site request forgery and framing:
 * otherwise another site could approve on the user's behalf.
 */
public final class AuthorizationEndpoint {

  private static final String NAME = "authorization endpoint";

  /** The parameters a request by reference takes from its pushed request only (RFC 9126). */
  private static final Set<String> PUSHED_ONLY =
      Set.of(
          "response_type",
          "redirect_uri",
          "scope",
          "state",
          "code_challenge",
          "code_challenge_method",
          Parameters.RESOURCE,
          "dpop_jkt");

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
    AuthorizationRequest asked;
    Optional<Proauth2Exception> unknownMethod;
    Optional<Proauth2Exception> badOpenId = Optional.empty();
    try {
      decoded = decode(request);
      if (decoded.containsKey(PushedAuthorizationEndpoint.REQUEST_URI)) {
        return checkPushed(decoded);
      }
      OpenIdParameters openId;
      try {
        openId = OpenIdRequests.read(decoded);
      } catch (Proauth2Exception e) {
        badOpenId = Optional.of(e); // reported by redirect once the client is confirmed
        openId = OpenIdParameters.NONE;
      }
      String methodValue = first(decoded, "code_challenge_method");
      Optional<CodeChallengeMethod> method = CodeChallengeMethod.fromValue(methodValue);
      unknownMethod =
          methodValue != null && method.isEmpty() ? Optional.of(unknownMethod()) : Optional.empty();
      asked =
          AuthorizationRequest.builder()
              .clientId(single(decoded, "client_id"))
              .redirectUri(single(decoded, "redirect_uri"))
              .responseType(first(decoded, "response_type"))
              .scope(first(decoded, "scope"))
              .state(Parameters.isDuplicated(decoded, "state") ? null : first(decoded, "state"))
              .codeChallenge(first(decoded, "code_challenge"))
              .codeChallengeMethod(method.orElse(null))
              .resources(Parameters.resources(decoded.get(Parameters.RESOURCE)))
              .openId(openId)
              .dpopJkt(single(decoded, "dpop_jkt"))
              .build();
      if (unknownMethod.isEmpty()) {
        unknownMethod = badOpenId;
      }
    } catch (Proauth2Exception e) {
      return AuthorizationCheck.invalid(e, page(e, Responses.status(e.error())));
    }
    // The engine takes only the methods it knows; an unknown one (or a malformed OpenID Connect
    // parameter) is reported once the client and redirect URI are confirmed, by redirect, as the
    // engine reports its own errors.
    ValidatedAuthorization validated;
    try {
      validated = oauth.checkAuthorization(asked);
    } catch (AuthorizationError e) {
      Proauth2Exception reported = unknownMethod.orElse(e);
      return AuthorizationCheck.invalid(
          reported, redirectError(e.redirectUri(), reported, e.state().orElse(null)));
    } catch (Proauth2Exception e) {
      return AuthorizationCheck.invalid(e, page(e, Responses.status(e.error())));
    } catch (RuntimeException e) {
      Proauth2Exception failure = Responses.unexpected(e, NAME);
      return AuthorizationCheck.invalid(failure, page(failure, 500));
    }
    if (unknownMethod.isPresent()) {
      return AuthorizationCheck.invalid(
          unknownMethod.get(),
          redirectError(validated.redirectUri(), unknownMethod.get(), validated.state()));
    }
    try {
      Parameters parameters = Parameters.of(decoded);
      return AuthorizationCheck.valid(validated, parameters.asMap());
    } catch (Proauth2Exception e) {
      return AuthorizationCheck.invalid(
          e, redirectError(validated.redirectUri(), e, validated.state()));
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
    return approve(request, userId, SignIn.unknown());
  }

  /**
   * Issues a code as {@link #approve(EndpointRequest, String)} does, keeping what the host says of
   * the user's sign-in for the ID token of an OpenID Connect request ({@code auth_time}, {@code
   * acr}, {@code amr}). A request with {@code max_age} needs the sign-in's time, and one older than
   * it is refused with {@code login_required}.
   *
   * @param signIn when and how the user signed in
   */
  public EndpointResponse approve(EndpointRequest request, String userId, SignIn signIn) {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(signIn, "signIn");
    AuthorizationCheck check = check(request);
    if (!check.isValid()) {
      return check.errorResponse().orElseThrow();
    }
    Map<String, String> p = check.parameters();
    String state = check.state().orElse(null);
    try {
      String requestUri = p.get(PushedAuthorizationEndpoint.REQUEST_URI);
      if (requestUri != null) {
        return redirect(
            oauth
                .requestPushedAuthorization(check.client().clientId(), requestUri, userId, signIn)
                .redirectUri());
      }
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
                  .codeChallengeMethod(method(p.get("code_challenge_method")))
                  .resources(check.resources())
                  .openId(check.openId())
                  .signIn(signIn)
                  .dpopJkt(p.get("dpop_jkt"))
                  .build());
      return redirect(code.redirectUri());
    } catch (AuthorizationError e) {
      return redirectError(e.redirectUri(), e, e.state().orElse(null));
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

  /**
   * Answers a request with an error for the client instead of a code: a 302 with {@code error},
   * {@code error_description}, {@code state} and {@code iss}, or the check's own error response if
   * the request itself is invalid. For OpenID Connect's {@code prompt=none}, when the user would
   * have to sign in ({@code login_required}), consent ({@code consent_required}) or do anything
   * else ({@code interaction_required}).
   */
  public EndpointResponse refuse(EndpointRequest request, Proauth2Exception error) {
    Objects.requireNonNull(error, "error");
    AuthorizationCheck check = check(request);
    if (!check.isValid()) {
      return check.errorResponse().orElseThrow();
    }
    return redirectError(check.redirectUri(), error, check.state().orElse(null));
  }

  /**
   * Checks a request that names a pushed one by its {@code request_uri} (RFC 9126 section 4): only
   * the pushed parameters count, and the consent form posts back {@code client_id} and {@code
   * request_uri} alone. A {@code request_uri} that cannot be used is a page, never a redirect.
   */
  private AuthorizationCheck checkPushed(Map<String, List<String>> decoded) {
    String clientId;
    String requestUri;
    ValidatedAuthorization validated;
    try {
      clientId = single(decoded, "client_id");
      requestUri = single(decoded, PushedAuthorizationEndpoint.REQUEST_URI);
      if (clientId == null) {
        throw new Proauth2Exception(
            Proauth2Exception.INVALID_REQUEST, "client_id is required with request_uri");
      }
      validated = oauth.checkPushedAuthorization(clientId, requestUri);
    } catch (AuthorizationError e) {
      return AuthorizationCheck.invalid(
          e, redirectError(e.redirectUri(), e, e.state().orElse(null)));
    } catch (Proauth2Exception e) {
      return AuthorizationCheck.invalid(e, page(e, Responses.status(e.error())));
    } catch (RuntimeException e) {
      Proauth2Exception failure = Responses.unexpected(e, NAME);
      return AuthorizationCheck.invalid(failure, page(failure, 500));
    }
    // The host's own parameters (a consent form's answer) pass through; the request's are pushed.
    Map<String, String> parameters;
    try {
      parameters = new LinkedHashMap<>(Parameters.of(decoded).asMap());
    } catch (Proauth2Exception e) {
      return AuthorizationCheck.invalid(e, page(e, Responses.status(e.error())));
    }
    parameters.keySet().removeAll(PUSHED_ONLY);
    parameters.put("client_id", clientId);
    parameters.put(PushedAuthorizationEndpoint.REQUEST_URI, requestUri);
    return AuthorizationCheck.valid(validated, parameters);
  }

  /** The PKCE method a checked request named, or {@code null} when it named none. */
  private CodeChallengeMethod method(String value) {
    if (value == null) {
      return null;
    }
    return CodeChallengeMethod.fromValue(value).orElseThrow(this::unknownMethod);
  }

  private Proauth2Exception unknownMethod() {
    List<String> accepted = new ArrayList<>();
    oauth.capabilities().codeChallengeMethods().forEach(method -> accepted.add(method.value()));
    return new Proauth2Exception(
        Proauth2Exception.INVALID_REQUEST,
        "code_challenge_method must be "
            + String.join(" or ", accepted)
            + " (RFC 7636 section 4.3; the values are case-sensitive)");
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

  /** The first non-empty value, duplicates or not; they are refused once the client is known. */
  private static String first(Map<String, List<String>> decoded, String name) {
    return decoded.getOrDefault(name, List.of()).stream()
        .filter(value -> !value.isEmpty())
        .findFirst()
        .orElse(null);
  }

  private static String single(Map<String, List<String>> decoded, String name) {
    if (Parameters.isDuplicated(decoded, name)) {
      throw Parameters.duplicate(name);
    }
    List<String> values = decoded.getOrDefault(name, List.of());
    return values.stream().filter(value -> !value.isEmpty()).findFirst().orElse(null);
  }

  private EndpointResponse redirectError(String redirectUri, Proauth2Exception e, String state) {
    StringBuilder target = new StringBuilder(redirectUri);
    target.append(redirectUri.contains("?") ? '&' : '?');
    target.append("error=").append(encode(e.error()));
    target.append("&error_description=").append(encode(Responses.description(e)));
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

  /**
   * The page for an error that must not redirect: the user sees it, the client never does. An
   * unusable client is a 400 here, not the token endpoint's 401, which would call for a challenge.
   */
  private static EndpointResponse page(Proauth2Exception e, int status) {
    if (status == 401) {
      status = 400;
    }
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
            + Html.escape(Responses.description(e))
            + "</p>\n<p>You have not been sent back to the application, because its identity or"
            + " return address could not be confirmed.</p>\n</body>\n</html>\n";
    return new EndpointResponse(status, headers, body);
  }

  /** Escapes {@code & < > " '} for element content and quoted attributes. */
  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
