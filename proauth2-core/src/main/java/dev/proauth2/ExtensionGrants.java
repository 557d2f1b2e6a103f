package dev.proauth2;

import dev.proauth2.spi.ExtensionGrant;
import dev.proauth2.spi.Proauth2Exception;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The installed {@link ExtensionGrant}s by {@code grant_type}: every plugin found with {@link
 * java.util.ServiceLoader} (such as token exchange from {@code dev.proauth2:grant-token-exchange}),
 * and any the host gave the builder.
 */
final class ExtensionGrants {

  private final Map<String, ExtensionGrant> byType;

  private ExtensionGrants(Map<String, ExtensionGrant> byType) {
    this.byType = Collections.unmodifiableMap(byType);
  }

  /**
   * Loads the installed grants and adds those the host gave the builder.
   *
   * @param given the grants given to {@link Proauth2.Builder#extensionGrant}, distinct by type
   * @throws Proauth2Exception {@code server_error} when two plugins claim one grant type, a plugin
   *     fails to load, or one claims a grant type that is not an absolute URI
   * @throws IllegalArgumentException when a given grant has the type of a discovered one of another
   *     class (one of the same class replaces it: the host configured that plugin)
   */
  static ExtensionGrants load(Collection<ExtensionGrant> given) {
    Plugins<ExtensionGrant> plugins = Plugins.load(ExtensionGrant.class);
    if (!plugins.broken.isEmpty()) {
      throw plugins.withBroken(
          new Proauth2Exception(
              Proauth2Exception.SERVER_ERROR,
              "An extension grant on the class path failed to load; see the suppressed"
                  + " exceptions. Fix or remove its jar."));
    }
    Map<String, ExtensionGrant> byType = new TreeMap<>();
    for (ExtensionGrant grant : plugins.loaded) {
      ExtensionGrant previous = byType.putIfAbsent(checkedType(grant), grant);
      if (previous != null) {
        throw new Proauth2Exception(
            Proauth2Exception.SERVER_ERROR,
            "Two extension grants claim the grant type '"
                + grant.grantType()
                + "': "
                + Plugins.origin(previous)
                + " and "
                + Plugins.origin(grant)
                + ". Remove one of them from the class path.");
      }
    }
    for (ExtensionGrant grant : given) {
      ExtensionGrant previous = byType.putIfAbsent(checkedType(grant), grant);
      if (previous != null && previous.getClass() == grant.getClass()) {
        byType.put(grant.grantType(), grant); // the host configured a discovered plugin
      } else if (previous != null) {
        throw new IllegalArgumentException(
            "the extension grant '"
                + grant.grantType()
                + "' given to the builder, "
                + Plugins.origin(grant)
                + ", has the grant type of one found on the class path: "
                + Plugins.origin(previous)
                + ". Remove the other from the class path.");
      }
    }
    return new ExtensionGrants(byType);
  }

  /** The grant answering this {@code grant_type}, if installed. */
  Optional<ExtensionGrant> find(String grantType) {
    return grantType == null ? Optional.empty() : Optional.ofNullable(byType.get(grantType));
  }

  /** The installed grant types, sorted. */
  List<String> types() {
    return List.copyOf(byType.keySet());
  }

  /**
   * A grant's type, checked to be an absolute URI without fragment (RFC 6749 section 4.5) and not
   * one of the built-in grants.
   */
  static String checkedType(ExtensionGrant grant) {
    String type = grant.grantType();
    boolean valid = type != null && !type.isEmpty() && type.length() <= 256;
    if (valid) {
      try {
        URI uri = new URI(type);
        valid = uri.isAbsolute() && uri.getRawFragment() == null;
      } catch (URISyntaxException e) {
        valid = false;
      }
    }
    if (!valid || GrantType.fromValue(type).isPresent()) {
      throw new Proauth2Exception(
          Proauth2Exception.SERVER_ERROR,
          "the extension grant "
              + Plugins.origin(grant)
              + " claims a grant type that is not an absolute URI of at most 256 characters"
              + " (RFC 6749 section 4.5); fix or remove its jar");
    }
    return type;
  }
}
