package dev.proauth2.endpoint;

import dev.proauth2.spi.SecretHashes;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

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
 */
public final class ConsentGuard {

  /** The name of the form field that carries the nonce. */
  public static final String FIELD = "consent_nonce";

  private static final Duration LIFETIME = Duration.ofMinutes(10);
  private static final int CAPACITY = 100_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Clock clock;
  private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<String> issuedOrder = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();

  /** What a nonce was issued for, by hashes only. */
  private record Pending(String sessionHash, String requestHash, long expiresAt) {}

  /** Creates a guard on the system clock. */
  public ConsentGuard() {
    this(Clock.systemUTC());
  }

  /** Creates a guard on a clock, for tests that move time. */
  public ConsentGuard(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
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
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    String key = SecretHashes.sha256(nonce);
    long now = clock.millis();
    pending.put(
        key,
        new Pending(SecretHashes.sha256(session), requestHash(check), now + LIFETIME.toMillis()));
    issuedOrder.add(key);
    queued.incrementAndGet();
    evict(now);
    return nonce;
  }

  /**
   * Checks the post that carries the user's answer: it must come from this server's own origin
   * (when the browser says where it came from) and carry a nonce issued for this session and this
   * request, not used before and not expired. The nonce is used up either way.
   *
   * @return empty when the answer may be acted on; otherwise the 403 response to send
   */
  public Optional<EndpointResponse> refuse(
      EndpointRequest request, AuthorizationCheck check, String session) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(check, "check");
    requireSession(session);
    if (!request.method().equals("POST")) {
      return Optional.of(forbidden("the answer to a consent form must be a POST"));
    }
    if (!sameOrigin(request)) {
      return Optional.of(
          forbidden("the consent form was posted from another site; nothing was granted"));
    }
    String nonce = check.isValid() ? check.parameters().get(FIELD) : null;
    Pending issued = nonce == null ? null : pending.remove(SecretHashes.sha256(nonce));
    boolean matches =
        issued != null
            && issued.expiresAt() > clock.millis()
            && issued.sessionHash().equals(SecretHashes.sha256(session))
            && issued.requestHash().equals(requestHash(check));
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
  private static boolean sameOrigin(EndpointRequest request) {
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
   * Drops expired and used nonces from the oldest end and, over the capacity, the oldest live ones:
   * amortised constant work per issue, and both structures stay bounded.
   */
  private void evict(long now) {
    while (true) {
      String oldest = issuedOrder.peek();
      if (oldest == null) {
        return;
      }
      Pending entry = pending.get(oldest);
      boolean over = pending.size() > CAPACITY || queued.get() > 2 * CAPACITY;
      if (entry != null && entry.expiresAt() > now && !over) {
        return;
      }
      if (issuedOrder.remove(oldest)) {
        queued.decrementAndGet();
        pending.remove(oldest);
      }
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
