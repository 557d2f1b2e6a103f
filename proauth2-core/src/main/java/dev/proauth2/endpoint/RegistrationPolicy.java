package dev.proauth2.endpoint;

import dev.proauth2.GrantType;
import dev.proauth2.spi.Proauth2Exception;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a client registering itself at the {@link RegistrationEndpoint} may ask for. Open
 * registration lets anyone become a client, so by default a self-registered client gets only the
 * redirect-based grants ({@code authorization_code}, {@code refresh_token}), where a user consents
 * to every grant, and no scope at all. A host opens more on purpose:
 *
 * <pre>{@code
 * RegistrationPolicy policy = RegistrationPolicy.builder()
 *     .grantTypes(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN, GrantType.CLIENT_CREDENTIALS)
 *     .scopes("read write")
 *     .build();
 * }</pre>
 *
 * <p>The policy binds only this endpoint. The host's own registrations through {@link
 * dev.proauth2.Proauth2#registerApp} are free.
 */
public final class RegistrationPolicy {

  /** What a client that names no grant type registers for. */
  private static final List<GrantType> DEFAULT_GRANTS =
      List.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN);

  private static final RegistrationPolicy STRICT = builder().build();

  private final Set<GrantType> grantTypes;
  private final Set<String> scopes;

  private RegistrationPolicy(Set<GrantType> grantTypes, Set<String> scopes) {
    this.grantTypes = grantTypes;
    this.scopes = scopes;
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

  /**
   * Refuses what the policy does not allow, as {@code invalid_client_metadata} (RFC 7591 section
   * 3.2.2).
   *
   * @param requested the grant types the client named, or empty for the default pair
   * @param scope the space-separated scope it asked for, or {@code null}
   */
  void check(List<GrantType> requested, String scope) {
    for (GrantType grant : requested.isEmpty() ? DEFAULT_GRANTS : requested) {
      if (!grantTypes.contains(grant)) {
        throw new Proauth2Exception(
            Proauth2Exception.INVALID_CLIENT_METADATA,
            "grant type '"
                + grant.value()
                + "' is not open to clients that register themselves here; allowed: "
                + values(grantTypes));
      }
    }
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

  private static List<String> values(Set<GrantType> grants) {
    List<String> values = new ArrayList<>();
    grants.forEach(grant -> values.add(grant.value()));
    return values;
  }

  /** Builds a {@link RegistrationPolicy}. */
  public static final class Builder {
    private EnumSet<GrantType> grantTypes = EnumSet.copyOf(DEFAULT_GRANTS);
    private Set<String> scopes = Set.of();

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
     * The scope values a self-registered client may register, space-separated.
     *
     * @throws IllegalArgumentException when a value is empty or has characters a scope may not
     */
    public Builder scopes(String scopes) {
      Objects.requireNonNull(scopes, "scopes");
      Set<String> values = new LinkedHashSet<>(Arrays.asList(scopes.split(" ", -1)));
      for (String value : values) {
        if (value.isEmpty() || !value.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
          throw new IllegalArgumentException(
              "scopes must be visible ASCII values separated by single spaces");
        }
      }
      this.scopes = values;
      return this;
    }

    /** Builds the policy. */
    public RegistrationPolicy build() {
      return new RegistrationPolicy(
          Collections.unmodifiableSet(EnumSet.copyOf(grantTypes)),
          Collections.unmodifiableSet(new LinkedHashSet<>(scopes)));
    }
  }
}
