package dev.proauth2.endpoint;

import dev.proauth2.spi.SecretHashes;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Protects a consent form against cross-site request forgery: without it, another site can post
 * "approve" in the user's browser and get a code for the user's account. The form carries a
 * one-time nonce bound to the user's browser session and to the authorization request it shows, and
 * the answer must come from this server's own origin.
 *
 * <pre>{@code
 * ConsentGuard guard = new ConsentGuard();                     // one per server
 * // GET /authorize, after check.isValid() and the login:
 * String nonce = guard.issue(check, sessionId);                // a hidden field named FIELD
 * // POST /authorize with the user's answer:
 * Optional<EndpointResponse> refused = guard.refuse(request, check, sessionId);
 * if (refused.isPresent()) return refused.get();               // 403, nothing issued
 * }</pre>
 *
 * <p>{@code sessionId} is whatever ties the request to one browser: the host's session id, or a
 * random value in a {@code SameSite=Strict; HttpOnly} cookie of its own. Nonces live in this
 * object's memory for ten minutes and are used once; behind a load balancer, send the consent post
 * to the instance that showed the form (sticky sessions), or use the framework's own CSRF
 * protection instead.
 *
 * <p>Memory is bounded per session and in all: a session holds at most 16 pending forms (a user
 * with more tabs open than that finds the oldest stale), and past 100,000 pending forms in all the
 * sessions least recently shown a form are dropped whole. So one session that loads the page
 * 100,000 times pushes out only its own forms, never another user's. Many sessions can still push
 * out others, so bind the guard to a session that costs a sign-in, not to one any request without a
 * cookie gets.
 */
public final class ConsentGuard {

  /** The name of the form field that carries the nonce. */
  public static final String FIELD = "consent_nonce";

  private static final Duration LIFETIME = Duration.ofMinutes(10);
  private static final int PER_SESSION = 16;
  private static final int CAPACITY = 100_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Clock clock;
  private final int perSession;
  private final int capacity;

  /**
   * The sessions with pending forms, keyed by the session's hash, least recently shown a form
   * first; guarded by itself. Issuing and checking happen once per consent page, so one lock is
   * cheap enough and keeps the two bounds exact.
   */
  private final LinkedHashMap<String, Session> sessions = new LinkedHashMap<>();

  private int pendingCount;

  /** What a nonce was issued for, by hash only. */
  private record Pending(String requestHash, long expiresAt) {}

  /** One session's pending forms, keyed by the nonce's hash, oldest first. */
  private static final class Session {
    final LinkedHashMap<String, Pending> pending = new LinkedHashMap<>();
    long lastIssued;

    /** Drops the expired forms, which are the oldest; returns how many. */
    int dropExpired(long now) {
      int dropped = 0;
      Iterator<Pending> oldest = pending.values().iterator();
      while (oldest.hasNext() && oldest.next().expiresAt() <= now) {
        oldest.remove();
        dropped++;
      }
      return dropped;
    }
  }

  /** Creates a guard on the system clock. */
  public ConsentGuard() {
    this(Clock.systemUTC());
  }

  /** Creates a guard on a clock, for tests that move time. */
  public ConsentGuard(Clock clock) {
    this(clock, PER_SESSION, CAPACITY);
  }

  /** Creates a guard with other bounds, for tests that reach them. */
  ConsentGuard(Clock clock, int perSession, int capacity) {
    if (perSession < 1 || capacity < perSession) {
      throw new IllegalArgumentException(
          "need 1 <= perSession <= capacity, got " + perSession + " and " + capacity);
    }
    this.clock = Objects.requireNonNull(clock, "clock");
    this.perSession = perSession;
    this.capacity = capacity;
  }

  /**
   * Issues the nonce for a consent form that shows this request to this session.
   *
   * @param check a valid authorization request
   * @param session what ties the request to the user's browser; not empty
   * @return the value of the hidden field {@link #FIELD}
   * @throws IllegalArgumentException when the session is empty
   * @throws IllegalStateException when the request was refused
   */
  public String issue(AuthorizationCheck check, String session) {
    Objects.requireNonNull(check, "check");
    requireSession(session);
    if (!check.isValid()) {
      throw new IllegalStateException("the authorization request was refused; show its error");
    }
    return issue(requestHash(check), session);
  }

  /**
   * Issues the nonce for a device grant's consent form (RFC 8628 section 3.3) that shows this
   * device authorization to this session.
   *
   * @param check a valid device check
   * @throws IllegalStateException when the check found no device authorization
   */
  public String issue(DeviceCheck check, String session) {
    Objects.requireNonNull(check, "check");
    requireSession(session);
    return issue(requestHash(check.request()), session);
  }

  private String issue(String requestHash, String session) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    String key = SecretHashes.sha256(nonce);
    String sessionKey = SecretHashes.sha256(session);
    synchronized (sessions) {
      long now = clock.millis();
      // Taken out and put back below, so the session moves to the most recently active end.
      Session own = sessions.remove(sessionKey);
      if (own == null) {
        own = new Session();
      }
      pendingCount -= own.dropExpired(now);
      own.pending.put(key, new Pending(requestHash, now + LIFETIME.toMillis()));
      pendingCount++;
      if (own.pending.size() > perSession) {
        Iterator<Pending> oldest = own.pending.values().iterator();
        oldest.next();
        oldest.remove();
        pendingCount--;
      }
      own.lastIssued = now;
      sessions.put(sessionKey, own);
      evict(now);
    }
    return nonce;
  }

  /**
   * Checks the post that carries the user's answer: it must come from this server's own origin
   * (when the browser says where it came from) and carry a nonce issued for this session and this
   * request, not used before and not expired. Posted from its own session, the nonce is used up
   * whether accepted or not; from another session, it is not found there and stays with its own.
   *
   * @return empty when the answer may be acted on; otherwise the 403 response to send
   */
  public Optional<EndpointResponse> refuse(
      EndpointRequest request, AuthorizationCheck check, String session) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(check, "check");
    requireSession(session);
    return refuse(
        request,
        check.isValid() ? check.parameters().get(FIELD) : null,
        check.isValid() ? requestHash(check) : null,
        session);
  }

  /**
   * Checks the post that carries the user's answer to a device grant's consent form, as {@link
   * #refuse(EndpointRequest, AuthorizationCheck, String)} does for an authorization request.
   *
   * @return empty when the answer may be acted on; otherwise the 403 response to send
   */
  public Optional<EndpointResponse> refuse(
      EndpointRequest request, DeviceCheck check, String session) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(check, "check");
    requireSession(session);
    return refuse(
        request,
        check.isValid() ? check.parameters().get(FIELD) : null,
        check.isValid() ? requestHash(check.request()) : null,
        session);
  }

  private Optional<EndpointResponse> refuse(
      EndpointRequest request, String nonce, String requestHash, String session) {
    if (!request.method().equals("POST")) {
      return Optional.of(forbidden("the answer to a consent form must be a POST"));
    }
    if (!sameOrigin(request)) {
      return Optional.of(
          forbidden("the consent form was posted from another site; nothing was granted"));
    }
    Pending issued =
        nonce == null ? null : take(SecretHashes.sha256(session), SecretHashes.sha256(nonce));
    boolean matches =
        issued != null
            && issued.expiresAt() > clock.millis()
            && issued.requestHash().equals(requestHash);
    return matches
        ? Optional.empty()
        : Optional.of(
            forbidden(
                "the consent form is stale, was used already, or was not shown to this browser;"
                    + " go back to the application and start again"));
  }

  /**
   * Whether the browser's own headers place the post on this origin. {@code Sec-Fetch-Site} and
   * {@code Origin} are set by browsers and cannot be forged by a page; a client that sends neither
   * is not a browser, and the nonce alone decides.
   */
  static boolean sameOrigin(EndpointRequest request) {
    Optional<String> site = request.header("Sec-Fetch-Site");
    if (site.isPresent() && !site.get().equals("same-origin") && !site.get().equals("none")) {
      return false;
    }
    Optional<String> origin = request.header("Origin");
    if (origin.isEmpty()) {
      return true;
    }
    Optional<String> host = request.header("Host");
    int scheme = origin.get().indexOf("://");
    return host.isPresent()
        && scheme > 0
        && origin.get().substring(scheme + 3).equalsIgnoreCase(host.get());
  }

  /** A digest of the request the form shows, so a nonce cannot approve another request. */
  private static String requestHash(AuthorizationCheck check) {
    Map<String, String> shown = new TreeMap<>(check.parameters());
    shown.remove(FIELD);
    shown.remove("consent");
    StringBuilder canonical = new StringBuilder();
    shown.forEach(
        (name, value) ->
            canonical
                .append(name.length())
                .append(':')
                .append(name)
                .append(value.length())
                .append(':')
                .append(value));
    return SecretHashes.sha256(canonical.toString());
  }

  /**
   * A digest of the device authorization the form shows, kept apart from authorization requests.
   */
  private static String requestHash(dev.proauth2.DeviceRequest device) {
    return SecretHashes.sha256("device_code " + device.userCode());
  }

  /** Removes and returns the form a session was issued under this nonce's hash, if any. */
  private Pending take(String sessionKey, String key) {
    synchronized (sessions) {
      Session own = sessions.get(sessionKey);
      Pending issued = own == null ? null : own.pending.remove(key);
      if (issued != null) {
        pendingCount--;
        if (own.pending.isEmpty()) {
          sessions.remove(sessionKey);
        }
      }
      return issued;
    }
  }

  /**
   * Drops, from the least recently active end, sessions whose every form has expired and, over the
   * capacity, whole sessions until the count fits: amortised constant work per issue. The session
   * that just issued is at the other end, and alone it never exceeds the capacity, so it stays.
   */
  private void evict(long now) {
    Iterator<Session> leastRecent = sessions.values().iterator();
    while (leastRecent.hasNext()) {
      Session session = leastRecent.next();
      boolean idle = session.lastIssued + LIFETIME.toMillis() <= now;
      if (!idle && pendingCount <= capacity) {
        return;
      }
      leastRecent.remove();
      pendingCount -= session.pending.size();
    }
  }

  private static void requireSession(String session) {
    if (Objects.requireNonNull(session, "session").isEmpty()) {
      throw new IllegalArgumentException("session must name the user's browser session");
    }
  }

  private static EndpointResponse forbidden(String why) {
    return new EndpointResponse(
        403,
        Map.of("Content-Type", "text/plain;charset=UTF-8", "Cache-Control", "no-store"),
        why + "\n");
  }
}
