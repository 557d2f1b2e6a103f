package dev.proauth2;

import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Resource indicators (RFC 8707): which resources a client may ask a token for, and the audience a
 * code or token is bound to. A resource is an absolute URI without fragment; lists are stored as
 * the URIs separated by single spaces, which no URI contains.
 */
final class Resources {

  /** The most resources one request or registration may name. */
  static final int MAX_PER_REQUEST = 10;

  private Resources() {}

  /**
   * Checks resource URIs a client sent, and drops repeats.
   *
   * @param error {@code invalid_target} for a request, {@code invalid_client_metadata} for a
   *     registration
   * @throws Proauth2Exception with {@code error} for a malformed one or too many
   */
  static List<String> check(Collection<String> resources, String error) {
    if (resources.size() > MAX_PER_REQUEST) {
      throw new Proauth2Exception(
          error,
          "at most "
              + MAX_PER_REQUEST
              + " resources may be named; got "
              + resources.size()
              + " (RFC 8707)");
    }
    Set<String> distinct = new LinkedHashSet<>();
    for (String resource : resources) {
      distinct.add(checkOne(resource, error));
    }
    return new ArrayList<>(distinct);
  }

  /**
   * Checks one resource URI: visible ASCII, absolute, with a host, without fragment (RFC 8707
   * section 2).
   */
  static String checkOne(String resource, String error) {
    if (resource == null || resource.isEmpty()) {
      throw new Proauth2Exception(error, "resource is empty; send an absolute URI");
    }
    Inputs.visibleAscii(resource, "resource", Table.MAX_URI, error);
    URI parsed;
    try {
      parsed = new URI(resource);
    } catch (URISyntaxException e) {
      throw new Proauth2Exception(error, "resource is not a valid URI: " + e.getReason());
    }
    if (!parsed.isAbsolute() || parsed.getHost() == null || parsed.getHost().isEmpty()) {
      throw new Proauth2Exception(
          error, "resource must be an absolute URI with a host, such as https://api.example/mcp");
    }
    if (parsed.getRawFragment() != null) {
      throw new Proauth2Exception(error, "resource must not have a fragment (RFC 8707 section 2)");
    }
    return resource;
  }

  /**
   * The audience a request gets: the resources it named, each allowed; or, when it named none, the
   * default resource when the client may have it, else none.
   *
   * @param named the checked resources the request named
   * @param allowed the resources allowed: the grant's, the client's registered ones, or the
   *     engine's
   * @param defaultResource the engine's default resource, or {@code null}
   * @throws Proauth2Exception {@code invalid_target} naming the first resource not allowed
   */
  static List<String> audience(
      List<String> named, Collection<String> allowed, String defaultResource) {
    if (named.isEmpty()) {
      return defaultResource != null && allowed.contains(defaultResource)
          ? List.of(defaultResource)
          : List.of();
    }
    for (String resource : named) {
      if (!allowed.contains(resource)) {
        throw new Proauth2Exception(
            Proauth2Exception.INVALID_TARGET,
            allowed.isEmpty()
                ? "this client may not ask for any resource; register the resource with the"
                    + " client or the engine"
                : "the resource " + resource + " is not one this client may ask a token for");
      }
    }
    return named;
  }

  /**
   * The audience of a token issued from a grant: the resources the token request named, each among
   * the grant's (RFC 8707 section 2.2: a token request may narrow, never widen), or all of the
   * grant's when it named none. A grant bound to no resource stays unbound: its user consented to
   * no resource, so no token of it may gain one.
   *
   * @param grantAudience the grant's resources as stored, or {@code null}
   * @return the audience as stored, or {@code null}
   * @throws Proauth2Exception {@code invalid_target} for a resource outside the grant
   */
  static String narrowed(List<String> named, String grantAudience) {
    if (grantAudience == null) {
      if (!named.isEmpty()) {
        throw new Proauth2Exception(
            Proauth2Exception.INVALID_TARGET,
            "the authorization named no resource, so its tokens are for none; ask for the resource"
                + " at authorization, where the user sees it (RFC 8707)");
      }
      return null;
    }
    if (named.isEmpty()) {
      return grantAudience;
    }
    for (String resource : named) {
      if (!contains(grantAudience, resource)) {
        throw new Proauth2Exception(
            Proauth2Exception.INVALID_TARGET,
            "the resource "
                + resource
                + " was not part of the authorization; a token request may narrow the resources,"
                + " never widen them (RFC 8707 section 2.2)");
      }
    }
    return join(named);
  }

  /**
   * The resources a client may ask for: its registered ones, or else every one the engine knows.
   */
  static Collection<String> allowedFor(Record client, Set<String> known) {
    List<String> registered = parse(client.string(Table.RESOURCES).orElse(null));
    return registered.isEmpty() ? known : registered;
  }

  /**
   * A request's resources, copied; {@code null} is none.
   *
   * @throws Proauth2Exception {@code invalid_target} for a {@code null} element, a value a client
   *     sends
   */
  static List<String> copy(List<String> resources) {
    if (resources == null) {
      return List.of();
    }
    if (resources.stream().anyMatch(Objects::isNull)) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_TARGET, "resource is empty; send an absolute URI");
    }
    return List.copyOf(resources);
  }

  /** A stored list, split; empty for {@code null}. */
  static List<String> parse(String stored) {
    return stored == null || stored.isEmpty() ? List.of() : List.of(stored.split(" "));
  }

  /** A list as stored, or {@code null} for an empty one. */
  static String join(List<String> resources) {
    return resources.isEmpty() ? null : String.join(" ", resources);
  }

  /** Whether a stored audience names this resource exactly. */
  static boolean contains(String stored, String resource) {
    return stored != null && Scopes.contains(stored, resource);
  }
}
