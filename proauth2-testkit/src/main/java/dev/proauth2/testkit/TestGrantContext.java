package dev.proauth2.testkit;

import dev.proauth2.spi.Actor;
import dev.proauth2.spi.GrantContext;
import dev.proauth2.spi.IssuedToken;
import dev.proauth2.spi.IssuedTokens;
import dev.proauth2.spi.Proauth2Exception;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A {@link GrantContext} for {@code ExtensionGrantContract}: the tokens a test put in it stand for
 * the tokens the server issued, and it keeps the engine's limits on what a grant may issue (scope
 * and resources within the basis token's, once per request), so a grant sees the answers it would
 * see from the engine. It records what was issued and every one-time identifier.
 */
public final class TestGrantContext implements GrantContext {

  private final String clientId;
  private final boolean clientAuthenticated;
  private final Instant now = Instant.now();
  private final Map<String, IssuedToken> known = new LinkedHashMap<>();
  private final Map<IssuedToken, String> found = new IdentityHashMap<>();
  private final List<IssuedTokens> issued = new ArrayList<>();
  private final List<Actor> actors = new ArrayList<>();
  private final Set<String> oneTimeIds = new HashSet<>();

  /** A context for an authenticated client with this id. */
  public TestGrantContext(String clientId) {
    this(clientId, true);
  }

  /** A context for a client with this id, authenticated or public. */
  public TestGrantContext(String clientId, boolean clientAuthenticated) {
    this.clientId = clientId;
    this.clientAuthenticated = clientAuthenticated;
  }

  /**
   * Makes a token the server issued, which {@link #findAccessToken} finds.
   *
   * @return the token's value, as a client would present it
   */
  public String issue(IssuedToken token) {
    String value = UUID.randomUUID() + "." + UUID.randomUUID();
    known.put(value, token);
    return value;
  }

  /** A token for a user, issued to a client, scopes "read write", for an hour, for no resource. */
  public IssuedToken userToken(String userId, String issuedTo) {
    return new IssuedToken(
        userId, issuedTo, "read write", List.of(), now.plusSeconds(3600), "grant-1", null);
  }

  /** Whether a value is one of the tokens put in this context. */
  public boolean isToken(String value) {
    return known.containsKey(value);
  }

  /** What was issued in this context, in order. */
  public List<IssuedTokens> issued() {
    return Collections.unmodifiableList(issued);
  }

  /** The actor each issuance named, or {@code null}, in order. */
  public List<Actor> actors() {
    return Collections.unmodifiableList(actors);
  }

  /** Every one-time identifier recorded. */
  public Set<String> oneTimeIds() {
    return Collections.unmodifiableSet(oneTimeIds);
  }

  @Override
  public String clientId() {
    return clientId;
  }

  @Override
  public boolean clientAuthenticated() {
    return clientAuthenticated;
  }

  @Override
  public Instant now() {
    return now;
  }

  @Override
  public java.util.Optional<IssuedToken> findAccessToken(String token) {
    IssuedToken hit = token == null ? null : known.get(token);
    if (hit == null || !hit.expiresAt().isAfter(now)) {
      return java.util.Optional.empty();
    }
    IssuedToken copy =
        new IssuedToken(
            hit.userId(),
            hit.clientId(),
            hit.scope(),
            hit.resources(),
            hit.expiresAt(),
            hit.grantId(),
            hit.actor());
    found.put(copy, token);
    return java.util.Optional.of(copy);
  }

  @Override
  public IssuedTokens issueWithin(
      IssuedToken basis, String scope, List<String> resources, Actor actor) {
    if (!found.containsKey(basis)) {
      throw new IllegalArgumentException("the basis token was not found by this context");
    }
    if (!issued.isEmpty()) {
      throw new IllegalArgumentException("a grant issues tokens once per request");
    }
    String granted = scope == null ? basis.scope() : scope;
    if (scope != null) {
      List<String> allowed =
          basis.scope() == null ? List.of() : Arrays.asList(basis.scope().split(" "));
      for (String value : scope.split(" ", -1)) {
        if (!allowed.contains(value)) {
          throw new Proauth2Exception(
              Proauth2Exception.INVALID_SCOPE, "a scope value is outside the basis token's");
        }
      }
    }
    for (String resource : resources) {
      if (!absolute(resource) || !basis.resources().contains(resource)) {
        throw new Proauth2Exception(
            Proauth2Exception.INVALID_TARGET, "a resource is outside the basis token's");
      }
    }
    IssuedTokens tokens = new IssuedTokens("issued-" + UUID.randomUUID(), 300, granted, null);
    issued.add(tokens);
    actors.add(actor);
    return tokens;
  }

  private static boolean absolute(String resource) {
    try {
      return new URI(resource).isAbsolute();
    } catch (URISyntaxException e) {
      return false;
    }
  }

  @Override
  public boolean firstUse(String id, Instant expiresAt) {
    return oneTimeIds.add(id);
  }
}
