package dev.proauth2.endpoint;

import dev.proauth2.Proauth2;
import dev.proauth2.spi.Proauth2Exception;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The verification step of the device grant (RFC 8628 section 3.3) for the host's page at {@code
 * verification_uri}: the signed-in user types the user code (or arrives with it from {@code
 * verification_uri_complete}), sees what the device asks for, and approves or denies it. The answer
 * is guarded against cross-site posts by the same {@link ConsentGuard} as the consent page.
 *
 * <pre>{@code
 * DeviceVerification verification = new DeviceVerification(oauth, guard);
 * // GET /device?user_code=... (or a POST of the code form), after the login:
 * DeviceCheck check = verification.check(request);
 * if (!check.isValid()) return check.errorResponse().get();   // 400, or 429 when guessing
 * String nonce = guard.issue(check, sessionId);               // the consent form's hidden field
 * // POST /device with user_code, consent=approve|deny and the nonce:
 * EndpointResponse done = verification.decide(request, verification.check(request), sessionId, userId);
 * }</pre>
 *
 * <p>Wrong codes are counted per source (the request's remote address) and over all sources, so
 * guessing a live code is bounded; past the bound, {@link #check} answers 429 for a while, even for
 * a right code. A {@code POST} from another site is refused (403) before its code is looked up, so
 * another site cannot spend the bound for the user.
 */
public final class DeviceVerification {

  /** The parameter that carries the user code, in the query or the form. */
  public static final String USER_CODE = "user_code";

  /** The parameter of the user's answer: {@code approve} or {@code deny}. */
  public static final String CONSENT = "consent";

  private final Proauth2 oauth;
  private final ConsentGuard guard;

  /** Creates the step on an engine and the guard its consent forms use. */
  public DeviceVerification(Proauth2 oauth, ConsentGuard guard) {
    this.oauth = Objects.requireNonNull(oauth, "oauth");
    this.guard = Objects.requireNonNull(guard, "guard");
  }

  /**
   * Finds the pending device authorization the request's {@code user_code} names: from the query of
   * a GET, from the form of a POST.
   */
  public DeviceCheck check(EndpointRequest request) {
    Objects.requireNonNull(request, "request");
    Map<String, String> parameters = new LinkedHashMap<>();
    if (request.method().equals("POST") && !ConsentGuard.sameOrigin(request)) {
      // Refused before the code is looked up, so another site cannot spend the guessing bound.
      return DeviceCheck.invalid(
          new Proauth2Exception(
              Proauth2Exception.ACCESS_DENIED,
              "the form was posted from another site; nothing was decided"),
          parameters);
    }
    try {
      Map<String, List<String>> sent =
          request.method().equals("POST") ? request.formParameters() : request.queryParameters();
      for (Map.Entry<String, List<String>> entry : sent.entrySet()) {
        if (entry.getValue().size() != 1) {
          throw new Proauth2Exception(
              Proauth2Exception.INVALID_REQUEST, "a parameter was sent more than once");
        }
        parameters.put(entry.getKey(), entry.getValue().get(0));
      }
      return DeviceCheck.valid(
          oauth.findDeviceRequest(parameters.get(USER_CODE), request.remoteAddress().orElse(null)),
          parameters);
    } catch (Proauth2Exception e) {
      return DeviceCheck.invalid(e, parameters);
    }
  }

  /**
   * Acts on the user's posted answer to a valid check: approves for {@code userId} when {@code
   * consent=approve}, denies otherwise. The post must pass the guard first.
   *
   * @return 429 past the guessing bound, 403 when the guard refuses the post, the check's error
   *     page, or 200 with a line for the user to read ("return to your device")
   */
  public EndpointResponse decide(
      EndpointRequest request, DeviceCheck check, String session, String userId) {
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(userId, "userId");
    if (check.isLimited()) {
      return check.errorResponse().orElseThrow(); // 429 and when to come back, nonce or not
    }
    Optional<EndpointResponse> refused = guard.refuse(request, check, session);
    if (refused.isPresent()) {
      return refused.get();
    }
    if (!check.isValid()) {
      return check.errorResponse().orElseThrow();
    }
    String userCode = check.request().userCode();
    String source = request.remoteAddress().orElse(null);
    boolean approve = "approve".equals(check.parameters().get(CONSENT));
    try {
      if (approve) {
        oauth.approveDevice(userCode, userId, source);
      } else {
        oauth.denyDevice(userCode, source);
      }
    } catch (Proauth2Exception e) {
      return DeviceCheck.invalid(e, check.parameters()).errorResponse().orElseThrow();
    }
    return new EndpointResponse(
        200,
        Map.of("Content-Type", "text/plain;charset=UTF-8", "Cache-Control", "no-store"),
        (approve
                ? "The device is signed in; return to your device."
                : "The device was refused; nothing was shared with it.")
            + "\n");
  }
}
