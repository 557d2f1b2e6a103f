package dev.proauth2.endpoint;

import dev.proauth2.GrantType;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.spi.Proauth2Exception;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What a client registering itself at the {@link RegistrationEndpoint} may ask for, how often, and
 * for how long. Open registration lets anyone become a client, so by default a self-registered
 * client gets only the redirect-based grants ({@code authorization_code}, {@code refresh_token}),
 * where a user consents to every grant, no scope at all, and the standard ways to authenticate; one
 * address may register 20 clients an hour and everyone together 1,000; and a client lasts 90 days,
 * or 24 hours if it is never issued tokens, and then must register again. A host opens more on
 * purpose:
 *
 * <pre>{@code
 * RegistrationPolicy policy = RegistrationPolicy.builder()
 *     .grantTypes(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN, GrantType.CLIENT_CREDENTIALS)
 *     .scopes("read write")
 *     .authMethods("none", "private_key_jwt")
 *     .jwksUriHosts("keys.partner.example", ".trusted.example")
 *     .rateLimit(20, 1_000, Duration.ofHours(1))
 *     .clientLifetime(Duration.ofDays(90))
 *     .unusedClientLifetime(Duration.ofHours(24))
 *     .build();
 * }</pre>
 *
 * <p>The policy binds only this endpoint. The host's own registrations through {@link
 * dev.proauth2.Proauth2#registerApp} are free, and never expire unless the host gives them a {@link
 * RegistrationRequest.Builder#lifetime lifetime}.
 */
public final class RegistrationPolicy {

  /** What a client that names no grant type registers for. */
  private static final List<GrantType> DEFAULT_GRANTS =
      List.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN);

  /** The method a client that names none registers with (RFC 7591 section 2). */
  private static final String DEFAULT_AUTH_METHOD = "client_secret_basic";

  /** The methods open by default: the standard ones, none of which needs a secret in clear. */
  private static final Set<String> DEFAULT_AUTH_METHODS =
      Set.of("client_secret_basic", "client_secret_post", "none", "private_key_jwt");

  static final int MAX_RATE_LIMIT = 1_000_000;
  static final Duration MAX_RATE_WINDOW = Duration.ofDays(1);
  static final Duration MIN_CLIENT_LIFETIME = Duration.ofHours(1);
  static final Duration MIN_UNUSED_LIFETIME = Duration.ofMinutes(1);

  private static final RegistrationPolicy STRICT = builder().build();

  private final Set<GrantType> grantTypes;
  private final Set<String> extensionGrantTypes;
  private final Set<String> scopes;
  private final Set<String> authMethods;
  private final Set<String> jwksUriHosts;
  private final int perSourceLimit;
  private final int totalLimit;
  private final Duration rateWindow;
  private final Duration clientLifetime;
  private final Duration unusedClientLifetime;

  private RegistrationPolicy(Builder builder) {
    this.grantTypes = Collections.unmodifiableSet(EnumSet.copyOf(builder.grantTypes));
    this.extensionGrantTypes =
        Collections.unmodifiableSet(new LinkedHashSet<>(builder.extensionGrantTypes));
    this.scopes = Collections.unmodifiableSet(new LinkedHashSet<>(builder.scopes));
    this.authMethods = Collections.unmodifiableSet(new LinkedHashSet<>(builder.authMethods));
    this.jwksUriHosts = Collections.unmodifiableSet(new LinkedHashSet<>(builder.jwksUriHosts));
    this.perSourceLimit = builder.perSourceLimit;
    this.totalLimit = builder.totalLimit;
    this.rateWindow = builder.rateWindow;
    this.clientLifetime = builder.clientLifetime;
    this.unusedClientLifetime = builder.unusedClientLifetime;
  }

  /** The default: {@code authorization_code} and {@code refresh_token}, no scope. */
  public static RegistrationPolicy strict() {
    return STRICT;
  }

  /** Starts a policy from the strict default. */
  public static Builder builder() {
    return new Builder();
  }

  /** The grant types a self-registered client may name. */
  public Set<GrantType> grantTypes() {
    return grantTypes;
  }

  /** The scope values a self-registered client may register; empty when none. */
  public Set<String> scopes() {
    return scopes;
  }

  /** The {@code token_endpoint_auth_method} values a self-registered client may register. */
  public Set<String> authMethods() {
    return authMethods;
  }

  /**
   * The hosts a self-registered client's {@code jwks_uri} may name: an exact host, or a suffix
   * starting with a dot for any host under a domain; empty for any host the outbound fetch policy
   * accepts.
   */
  public Set<String> jwksUriHosts() {
    return jwksUriHosts;
  }

  /** How many clients one source may register within {@link #rateWindow()}. */
  public int perSourceLimit() {
    return perSourceLimit;
  }

  /** How many clients may register within {@link #rateWindow()}, from all sources together. */
  public int totalLimit() {
    return totalLimit;
  }

  /** The window the registration limits count in. */
  public Duration rateWindow() {
    return rateWindow;
  }

  /** How long a self-registered client lasts once it has been issued tokens. */
  public Duration clientLifetime() {
    return clientLifetime;
  }

  /** The extension grant types, by URI, a self-registered client may name; none by default. */
  public Set<String> extensionGrantTypes() {
    return extensionGrantTypes;
  }

  /** How long a self-registered client lasts if it is never issued tokens. */
  public Duration unusedClientLifetime() {
    return unusedClientLifetime;
  }

  /**
   * Refuses what the policy does not allow, as {@code invalid_client_metadata} (RFC 7591 section
   * 3.2.2) naming the rule.
   *
   * @param asked what the client asked for; empty grant types mean the default pair, and no method
   *     means {@code client_secret_basic}
   */
  void check(RegistrationRequest asked) {
    for (GrantType grant : asked.grantTypes().isEmpty() ? DEFAULT_GRANTS : asked.grantTypes()) {
      if (!grantTypes.contains(grant)) {
        throw new Proauth2Exception(
            Proauth2Exception.INVALID_CLIENT_METADATA,
            "grant type '"
                + grant.value()
                + "' is not open to clients that register themselves here; allowed: "
                + values(grantTypes));
      }
    }
    for (String grant : asked.extensionGrantTypes()) {
      if (!extensionGrantTypes.contains(grant)) {
        throw new Proauth2Exception(
            Proauth2Exception.INVALID_CLIENT_METADATA,
            "grant type '"
                + grant
                + "' is not open to clients that register themselves here; allowed: "
                + values(grantTypes)
                + " "
                + extensionGrantTypes);
      }
    }
    checkScope(asked.scope());
    String authMethod = asked.authMethod() == null ? DEFAULT_AUTH_METHOD : asked.authMethod();
    if (!authMethods.contains(authMethod)) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_CLIENT_METADATA,
          "token_endpoint_auth_method "
              + RegistrationEndpoint.quotedIfPrintable(authMethod)
              + (asked.authMethod() == null ? " (the default when none is named)" : "")
              + " is not open to clients that register themselves here; allowed: "
              + authMethods);
    }
    if (asked.jwksUri() != null && !jwksUriHosts.isEmpty()) {
      checkJwksUriHost(asked.jwksUri());
    }
  }

  private void checkScope(String scope) {
    if (scope == null) {
      return;
    }
    for (String value : scope.split(" ", -1)) {
      if (!scopes.contains(value)) {
        throw new Proauth2Exception(
            Proauth2Exception.INVALID_CLIENT_METADATA,
            scopes.isEmpty()
                ? "clients that register themselves here get no scope; leave scope out"
                : "a scope value is not open to clients that register themselves here; allowed: "
                    + String.join(" ", scopes));
      }
    }
  }

  /** Refuses a {@code jwks_uri} whose host is not one of the allowed hosts or under a domain. */
  private void checkJwksUriHost(String jwksUri) {
    String host;
    try {
      host = new URI(jwksUri).getHost();
    } catch (URISyntaxException e) {
      host = null;
    }
    if (host != null) {
      String lower = host.toLowerCase(Locale.ROOT);
      for (String allowed : jwksUriHosts) {
        if (allowed.startsWith(".") ? lower.endsWith(allowed) : lower.equals(allowed)) {
          return;
        }
      }
    }
    throw new Proauth2Exception(
        Proauth2Exception.INVALID_CLIENT_METADATA,
        "the host of jwks_uri is not open to clients that register themselves here; allowed: "
            + jwksUriHosts
            + " (a leading dot allows any host under that domain)");
  }

  private static List<String> values(Set<GrantType> grants) {
    List<String> values = new ArrayList<>();
    grants.forEach(grant -> values.add(grant.value()));
    return values;
  }

  /**
   * Builds a {@link RegistrationPolicy}. A setting out of range is an {@link
   * IllegalArgumentException} that gives the range, and a {@code null} one a {@link
   * NullPointerException}.
   */
  public static final class Builder {
    private EnumSet<GrantType> grantTypes = EnumSet.copyOf(DEFAULT_GRANTS);
    private Set<String> extensionGrantTypes = Set.of();
    private Set<String> scopes = Set.of();
    private Set<String> authMethods = DEFAULT_AUTH_METHODS;
    private Set<String> jwksUriHosts = Set.of();
    private int perSourceLimit = 20;
    private int totalLimit = 1_000;
    private Duration rateWindow = Duration.ofHours(1);
    private Duration clientLifetime = Duration.ofDays(90);
    private Duration unusedClientLifetime = Duration.ofHours(24);

    private Builder() {}

    /** The grant types a self-registered client may name (replacing the default pair). */
    public Builder grantTypes(GrantType... grantTypes) {
      Objects.requireNonNull(grantTypes, "grantTypes");
      EnumSet<GrantType> set = EnumSet.noneOf(GrantType.class);
      for (GrantType grant : grantTypes) {
        set.add(Objects.requireNonNull(grant, "grantType"));
      }
      this.grantTypes = set;
      return this;
    }

    /**
     * The extension grant types, by their {@code grant_type} URIs, a self-registered client may
     * name, such as token exchange's; each must also be installed in the engine.
     */
    public Builder extensionGrantTypes(String... grantTypes) {
      Objects.requireNonNull(grantTypes, "grantTypes");
      Set<String> set = new LinkedHashSet<>();
      for (String grant : grantTypes) {
        set.add(Objects.requireNonNull(grant, "grantType"));
      }
      this.extensionGrantTypes = set;
      return this;
    }

    /**
     * The scope values a self-registered client may register, space-separated.
     *
     * @throws IllegalArgumentException when a value is empty or has characters a scope may not
     */
    public Builder scopes(String scopes) {
      Objects.requireNonNull(scopes, "scopes");
      Set<String> values = new LinkedHashSet<>(Arrays.asList(scopes.split(" ", -1)));
      for (String value : values) {
        if (value.isEmpty() || !visibleAscii(value)) {
          throw new IllegalArgumentException(
              "scopes must be visible ASCII values separated by single spaces");
        }
      }
      this.scopes = values;
      return this;
    }

    /**
     * The {@code token_endpoint_auth_method} values a self-registered client may register,
     * replacing the default {@code client_secret_basic}, {@code client_secret_post}, {@code none}
     * and {@code private_key_jwt}; a method must also be installed in the engine. A method the host
     * installed for its own clients stays closed to strangers unless it is named here.
     *
     * @throws IllegalArgumentException when none is given, or a name is empty or not visible ASCII
     */
    public Builder authMethods(String... authMethods) {
      Objects.requireNonNull(authMethods, "authMethods");
      if (authMethods.length == 0) {
        throw new IllegalArgumentException(
            "authMethods needs at least one method, such as \"none\" or \"private_key_jwt\"");
      }
      Set<String> values = new LinkedHashSet<>();
      for (String method : authMethods) {
        Objects.requireNonNull(method, "authMethod");
        if (method.isEmpty() || method.length() > 64 || !visibleAscii(method)) {
          throw new IllegalArgumentException(
              "an auth method must be 1 to 64 visible ASCII characters, such as \"none\"");
        }
        values.add(method);
      }
      this.authMethods = values;
      return this;
    }

    /**
     * The hosts a self-registered client's {@code jwks_uri} may name, where the server fetches its
     * keys: an exact host name ({@code keys.partner.example}) or, starting with a dot, any host
     * under a domain ({@code .partner.example}, which does not match {@code partner.example}
     * itself). Matched without regard to case. With none (the default), any host the outbound fetch
     * policy accepts; that policy applies to the hosts named here as well.
     *
     * @throws IllegalArgumentException when a host is empty, has characters a host name may not
     *     (such as {@code /}, {@code :} or {@code @}), or is a lone dot
     */
    public Builder jwksUriHosts(String... hosts) {
      Objects.requireNonNull(hosts, "hosts");
      Set<String> values = new LinkedHashSet<>();
      for (String host : hosts) {
        Objects.requireNonNull(host, "host");
        String lower = host.toLowerCase(Locale.ROOT);
        boolean hostChars =
            lower
                .chars()
                .allMatch(
                    c -> c == '.' || c == '-' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9');
        if (lower.isEmpty() || lower.equals(".") || lower.length() > 253 || !hostChars) {
          throw new IllegalArgumentException(
              "a jwks_uri host must be a host name such as keys.example.com, or a domain after a"
                  + " dot such as .example.com; got '"
                  + (visibleAscii(host) ? host : "(not printable)")
                  + "'");
        }
        values.add(lower);
      }
      this.jwksUriHosts = values;
      return this;
    }

    /**
     * Limits how many clients may register: {@code perSource} from one source (the request's {@link
     * EndpointRequest#remoteAddress() remote address}; requests without one are counted together)
     * and {@code total} from all sources together, each within {@code window}; default 20 and 1,000
     * an hour. Only registrations that succeed count. Past a limit the endpoint answers 429 with
     * {@code Retry-After}. Counts live in the endpoint instance, so keep one.
     *
     * @param perSource 1 to {@code total}
     * @param total {@code perSource} to 1,000,000
     * @param window 1 second to 1 day
     */
    public Builder rateLimit(int perSource, int total, Duration window) {
      Objects.requireNonNull(window, "window");
      if (perSource < 1 || perSource > MAX_RATE_LIMIT) {
        throw new IllegalArgumentException(
            "rateLimit perSource must be 1 to " + MAX_RATE_LIMIT + "; got " + perSource);
      }
      if (total < perSource || total > MAX_RATE_LIMIT) {
        throw new IllegalArgumentException(
            "rateLimit total must be perSource ("
                + perSource
                + ") to "
                + MAX_RATE_LIMIT
                + "; got "
                + total);
      }
      if (window.compareTo(Duration.ofSeconds(1)) < 0 || window.compareTo(MAX_RATE_WINDOW) > 0) {
        throw new IllegalArgumentException(
            "rateLimit window must be between 1 second and " + MAX_RATE_WINDOW + "; got " + window);
      }
      this.perSourceLimit = perSource;
      this.totalLimit = total;
      this.rateWindow = window;
      return this;
    }

    /**
     * How long a self-registered client lasts once it has been issued tokens, counted from its
     * registration (RFC 7591 {@code client_secret_expires_at}); then it is unknown and must
     * register again. Default 90 days.
     *
     * @param lifetime 1 hour to 3,650 days, and no shorter than the unused lifetime
     */
    public Builder clientLifetime(Duration lifetime) {
      Objects.requireNonNull(lifetime, "lifetime");
      this.clientLifetime = checkLifetime(lifetime, "clientLifetime", MIN_CLIENT_LIFETIME);
      return this;
    }

    /**
     * How long a self-registered client lasts if it is never issued tokens, counted from its
     * registration; so registrations nobody uses are reclaimed. Default 24 hours.
     *
     * @param lifetime 1 minute to 3,650 days, and no longer than the client lifetime
     */
    public Builder unusedClientLifetime(Duration lifetime) {
      Objects.requireNonNull(lifetime, "lifetime");
      this.unusedClientLifetime =
          checkLifetime(lifetime, "unusedClientLifetime", MIN_UNUSED_LIFETIME);
      return this;
    }

    /**
     * Builds the policy.
     *
     * @throws IllegalArgumentException when the unused client lifetime is longer than the client
     *     lifetime
     */
    public RegistrationPolicy build() {
      if (unusedClientLifetime.compareTo(clientLifetime) > 0) {
        throw new IllegalArgumentException(
            "unusedClientLifetime ("
                + unusedClientLifetime
                + ") must not be longer than clientLifetime ("
                + clientLifetime
                + ")");
      }
      return new RegistrationPolicy(this);
    }

    private static Duration checkLifetime(Duration lifetime, String name, Duration min) {
      if (lifetime.compareTo(min) < 0 || lifetime.compareTo(RegistrationRequest.MAX_LIFETIME) > 0) {
        throw new IllegalArgumentException(
            name
                + " must be between "
                + min
                + " and "
                + RegistrationRequest.MAX_LIFETIME
                + "; got "
                + lifetime);
      }
      return lifetime;
    }

    private static boolean visibleAscii(String value) {
      return value.chars().allMatch(c -> c > 0x20 && c < 0x7F);
    }
  }
}
