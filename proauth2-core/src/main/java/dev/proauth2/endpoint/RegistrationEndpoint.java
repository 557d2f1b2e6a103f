package dev.proauth2.endpoint;

import dev.proauth2.ApplicationType;
import dev.proauth2.ClientRegistration;
import dev.proauth2.GrantType;
import dev.proauth2.OpenIdClientMetadata;
import dev.proauth2.Proauth2;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.internal.JsonReader;
import dev.proauth2.spi.Proauth2Exception;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The dynamic client registration endpoint (RFC 7591): a client sends its metadata as JSON and gets
 * back its {@code client_id} and, unless it is public, a {@code client_secret} that is shown this
 * once.
 *
 * <p>Understood: {@code redirect_uris} (required), {@code client_name}, {@code application_type},
 * {@code scope}, {@code grant_types}, {@code response_types} (only {@code code}), {@code
 * token_endpoint_auth_method} (default {@code client_secret_basic}), {@code jwks} or {@code
 * jwks_uri} (the public keys of a {@code private_key_jwt} client), and {@code resources}, this
 * server's extension: the resources (RFC 8707) the client may ask tokens for, each one the engine
 * knows; {@code post_logout_redirect_uris} and {@code id_token_signed_response_alg} (OpenID
 * Connect); {@code require_pushed_authorization_requests} (RFC 9126) and {@code
 * dpop_bound_access_tokens} (RFC 9449), which only make the client stricter and are enforced but
 * not echoed; other members are ignored, as section 2 asks. Success is 201 with the registered
 * metadata (section 3.2.1); a bad redirect URI is {@code invalid_redirect_uri}, other bad metadata
 * {@code invalid_client_metadata}, and a body that is not a JSON object {@code invalid_request},
 * all 400 (section 3.2.2).
 *
 * <p>Registration here is open: anyone who reaches the endpoint can register, within a {@link
 * RegistrationPolicy}, which by default allows the redirect-based grants, no scope, the standard
 * authentication methods, 20 registrations an hour from one address and 1,000 from all, and gives
 * every client a lifetime. A host that wants only some to register checks an initial access token
 * (section 3) before calling {@link #handle}. A client that only uses {@code client_credentials}
 * (where the policy allows it) registers without redirect URIs.
 *
 * <p>Past a rate limit the answer is 429 with {@code Retry-After} and the error {@code
 * temporarily_unavailable}: RFC 7591 has no code for it, and that is the one RFC 6749 gives for a
 * server too loaded to answer now. The limits count per {@link EndpointRequest#remoteAddress()
 * remote address}, in this instance: create one endpoint and keep it.
 *
 * <p>Every client registered here expires (section 3.2.1): {@code client_secret_expires_at}, for
 * public clients too, is when its registration ends, the policy's {@link
 * RegistrationPolicy#clientLifetime() client lifetime} after it registered. A client that has not
 * been issued tokens within the {@link RegistrationPolicy#unusedClientLifetime() unused lifetime}
 * is gone sooner, at the end of that. Either way the client is then unknown ({@code
 * invalid_client}) and registers again.
 */
public final class RegistrationEndpoint {

  private static final String NAME = "registration endpoint";

  /** The name given to a client that sends no {@code client_name}. */
  static final String UNNAMED = "unnamed client";

  private final Proauth2 oauth;
  private final RegistrationPolicy policy;
  private final Clock clock;
  private final RegistrationLimiter limiter;

  /**
   * Creates the endpoint on an engine with the {@link RegistrationPolicy#strict() strict} policy;
   * it is thread-safe, and holds the counts of the rate limit.
   */
  public RegistrationEndpoint(Proauth2 oauth) {
    this(oauth, RegistrationPolicy.strict());
  }

  /** Creates the endpoint with the policy that bounds what a client may register. */
  public RegistrationEndpoint(Proauth2 oauth, RegistrationPolicy policy) {
    this(oauth, policy, Clock.systemUTC());
  }

  /**
   * Creates the endpoint with the clock that stamps {@code client_id_issued_at} and times the rate
   * limit's windows; give it the engine's clock.
   */
  public RegistrationEndpoint(Proauth2 oauth, RegistrationPolicy policy, Clock clock) {
    this.oauth = Objects.requireNonNull(oauth, "oauth");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.limiter =
        new RegistrationLimiter(
            policy.perSourceLimit(), policy.totalLimit(), policy.rateWindow(), clock);
  }

  /** Answers one registration request; never throws for anything the request contains. */
  public EndpointResponse handle(EndpointRequest request) {
    return Responses.answer(request, "POST", NAME, oauth, this::register);
  }

  /** Registers within the rate limit; a registration that fails gives its place back. */
  private EndpointResponse register(EndpointRequest request) {
    RegistrationLimiter.Taken taken = limiter.take(request.remoteAddress().orElse(null));
    if (taken.taken().isEmpty()) {
      return tooMany(taken);
    }
    boolean registered = false;
    try {
      if (request.contentType().filter("application/json"::equals).isEmpty()) {
        throw new Proauth2Exception(
            Proauth2Exception.INVALID_REQUEST,
            "the registration endpoint needs a JSON object with Content-Type application/json"
                + " (RFC 7591 section 3.1)");
      }
      Map<String, Object> metadata = JsonReader.readObject(request.body());
      RegistrationRequest asked = registrationRequest(metadata);
      if (!asked.resources().isEmpty() && oauth.capabilities().resources().isEmpty()) {
        throw new Proauth2Exception(
            Proauth2Exception.INVALID_CLIENT_METADATA,
            "this server names no resources a client could register for; leave out resources");
      }
      policy.check(asked);
      ClientRegistration client = oauth.registerApp(asked);
      registered = true;
      return EndpointResponse.json(201, body(client, clock.millis() / 1000));
    } finally {
      if (!registered) {
        limiter.giveBack(taken.place());
      }
    }
  }

  /** The 429 of a registration past a rate limit, with the seconds until the window ends. */
  private static EndpointResponse tooMany(RegistrationLimiter.Taken refused) {
    return EndpointResponse.error(
            429,
            Proauth2Exception.TEMPORARILY_UNAVAILABLE,
            (refused.total()
                    ? "too many clients registered here lately"
                    : "too many clients registered from this address lately")
                + "; try again in "
                + refused.retryAfterSeconds()
                + " s")
        .withHeader("Retry-After", Long.toString(refused.retryAfterSeconds()));
  }

  /** What the client asked for, with the policy's lifetimes, which a client cannot choose. */
  private RegistrationRequest registrationRequest(Map<String, Object> metadata) {
    List<String> redirectUris =
        strings(metadata, "redirect_uris", Proauth2Exception.INVALID_REDIRECT_URI);
    List<String> responseTypes =
        strings(metadata, "response_types", Proauth2Exception.INVALID_CLIENT_METADATA);
    for (String responseType : responseTypes) {
      if (!responseType.equals("code")) {
        throw new Proauth2Exception(
            Proauth2Exception.INVALID_CLIENT_METADATA,
            "response_types may only hold 'code': the implicit flow is not offered (OAuth 2.1)");
      }
    }
    String name = string(metadata, "client_name");
    List<String> named =
        strings(metadata, "grant_types", Proauth2Exception.INVALID_CLIENT_METADATA);
    List<String> extensions = new ArrayList<>();
    List<String> builtIn = new ArrayList<>();
    for (String value : named) {
      (oauth.capabilities().extensionGrantTypes().contains(value) ? extensions : builtIn)
          .add(value);
    }
    return new RegistrationRequest(
        name == null ? UNNAMED : name,
        redirectUris,
        string(metadata, "scope"),
        grantTypes(builtIn),
        string(metadata, "token_endpoint_auth_method"),
        false,
        strings(metadata, "resources", Proauth2Exception.INVALID_CLIENT_METADATA),
        jwks(metadata.get("jwks")),
        string(metadata, "jwks_uri"),
        policy.clientLifetime(),
        policy.unusedClientLifetime(),
        applicationType(string(metadata, "application_type")),
        null, // the format is the host's choice, never a client's
        extensions,
        new OpenIdClientMetadata(
            strings(metadata, "post_logout_redirect_uris", Proauth2Exception.INVALID_REDIRECT_URI),
            string(metadata, "id_token_signed_response_alg")),
        flag(metadata, "require_pushed_authorization_requests"),
        flag(metadata, "dpop_bound_access_tokens"));
  }

  /** The {@code application_type} member: {@code web} (the default) or {@code native}. */
  private static ApplicationType applicationType(String value) {
    if (value == null) {
      return ApplicationType.WEB;
    }
    return ApplicationType.fromValue(value)
        .orElseThrow(
            () ->
                new Proauth2Exception(
                    Proauth2Exception.INVALID_CLIENT_METADATA,
                    "application_type must be web or native (OpenID Connect Dynamic Client"
                        + " Registration 1.0 section 2)"));
  }

  /** The {@code jwks} member, a JSON object, as JSON text for the client's method to check. */
  private static String jwks(Object value) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof Map)) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_CLIENT_METADATA,
          "jwks must be a JSON Web Key Set: an object with a keys array (RFC 7517 section 5)");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> set = (Map<String, Object>) value;
    return JsonWriter.write(set);
  }

  /** The grant types named, each one offered here, else {@code invalid_client_metadata}. */
  private static List<GrantType> grantTypes(List<String> values) {
    List<GrantType> grantTypes = new ArrayList<>();
    for (String value : values) {
      grantTypes.add(
          GrantType.fromValue(value)
              .orElseThrow(
                  () ->
                      new Proauth2Exception(
                          Proauth2Exception.INVALID_CLIENT_METADATA,
                          "grant type "
                              + quotedIfPrintable(value)
                              + " is not offered; choose from [authorization_code,"
                              + " client_credentials, refresh_token] (implicit and password are"
                              + " left out by OAuth 2.1)")));
    }
    return grantTypes;
  }

  /** A value in quotes when it is short visible ASCII, so a description never carries junk. */
  static String quotedIfPrintable(String value) {
    boolean printable =
        !value.isEmpty()
            && value.length() <= 64
            && value.chars().allMatch(c -> c > 0x20 && c < 0x7F);
    return printable ? "'" + value + "'" : "(not printable)";
  }

  private static String string(Map<String, Object> metadata, String name) {
    Object value = metadata.get(name);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw new Proauth2Exception(
        Proauth2Exception.INVALID_CLIENT_METADATA, name + " must be a JSON string");
  }

  /** A boolean member that only makes the client stricter (RFC 9126 section 6, RFC 9449 5.2). */
  private static boolean flag(Map<String, Object> metadata, String name) {
    Object value = metadata.get(name);
    if (value == null || value instanceof Boolean) {
      return Boolean.TRUE.equals(value);
    }
    throw new Proauth2Exception(
        Proauth2Exception.INVALID_CLIENT_METADATA, name + " must be a JSON boolean");
  }

  private static List<String> strings(Map<String, Object> metadata, String name, String error) {
    Object value = metadata.get(name);
    List<String> strings = new ArrayList<>();
    if (value == null) {
      return strings;
    }
    if (!(value instanceof List)) {
      throw new Proauth2Exception(error, name + " must be a JSON array of strings");
    }
    for (Object element : (List<?>) value) {
      if (!(element instanceof String)) {
        throw new Proauth2Exception(error, name + " must be a JSON array of strings");
      }
      strings.add((String) element);
    }
    return strings;
  }

  private static Map<String, Object> body(ClientRegistration client, long issuedAt) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("client_id", client.clientId());
    if (client.clientSecret() != null) {
      body.put("client_secret", client.clientSecret());
    }
    body.put("client_id_issued_at", issuedAt);
    // Required with a secret (section 3.2.1); a public client's registration ends too, so it is
    // told when, in the same member.
    body.put(
        "client_secret_expires_at",
        client.expiresAt() == null ? 0 : client.expiresAt().getEpochSecond());
    body.put("client_name", client.name());
    body.put("redirect_uris", client.redirectUris());
    List<String> grantTypes = new ArrayList<>();
    client.grantTypes().forEach(grant -> grantTypes.add(grant.value()));
    grantTypes.addAll(client.extensionGrantTypes());
    body.put("grant_types", grantTypes);
    if (client.grantTypes().contains(GrantType.AUTHORIZATION_CODE)) {
      body.put("response_types", List.of("code"));
    }
    body.put("token_endpoint_auth_method", client.authMethod());
    body.put("application_type", client.applicationType().value());
    if (client.scope() != null) {
      body.put("scope", client.scope());
    }
    if (!client.resources().isEmpty()) {
      body.put("resources", client.resources());
    }
    if (client.jwks() != null) {
      body.put("jwks", JsonReader.readObject(client.jwks()));
    }
    if (client.jwksUri() != null) {
      body.put("jwks_uri", client.jwksUri());
    }
    if (!client.openId().postLogoutRedirectUris().isEmpty()) {
      body.put("post_logout_redirect_uris", client.openId().postLogoutRedirectUris());
    }
    if (client.openId().idTokenSignedResponseAlg() != null) {
      body.put("id_token_signed_response_alg", client.openId().idTokenSignedResponseAlg());
    }
    return body;
  }
}
